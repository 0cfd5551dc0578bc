// The log file of one module run: every command line, all its output as it comes (so `tail -F`
// shows the phases of a long mksysb), and its exit status. Synchronous writes are deliberate:
// they hold the child's pipe while the disk catches up, so nothing piles up in memory.
//
// Where to look is known from the first command on: `<module>-current.log` beside the logs is a
// link to the newest run's log. The log ends with a line saying how the run ended, written at
// process exit; a log without it belongs to a run in progress or to one that was killed.
//
// Logs stay small: a log keeps its first `headBytes`, then only its last part (between
// `tailBytes` and twice that), behind a line that says how much was left out; each module keeps
// its newest logs only (by count and age), never the ones in progress nor its newest failed one.
import { closeSync, constants, fchmodSync, fstatSync, ftruncateSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, readSync, renameSync, rmSync, symlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TailBuffer } from './tail-buffer';
import { isoTime, utcStamp } from '../../iso-time';

export const LOG_RETENTION = { count: 20, days: 30 };
export const LOG_CAP = { headBytes: 8 * 1024 * 1024, tailBytes: 1024 * 1024 };

const STAMP = /^\d{8}T\d{6}Z$/;
const END_LINE = /\n=== run ended (\S+) after [\d.]+ s: (ok|failed)\n*$/;
/** The count in the cut line has a fixed width, so it is rewritten in place as the cut grows. */
const CUT_DIGITS = 15;
/** The logs to finish at exit: one listener for all of them. */
let exitHook: Set<RunLog> | null = null;

export interface LogName {
  module: string;
  stamp: string;
  pid: number;
}

/** `<module>-<UTC stamp>-<pid>.log`, or null for anything else in the directory. */
export function parseLogName(file: string): LogName | null {
  const m = /^(.+)-(\d{8}T\d{6}Z)-(\d+)\.log$/.exec(file);
  const [, module, stamp, pid] = m ?? [];
  return module !== undefined && stamp !== undefined && STAMP.test(stamp) ? { module, stamp, pid: Number(pid) } : null;
}

/** `<module>-current.log`, or with a subject (the location) `<module>@<location as a name>-current.log`. */
export function currentLinkName(moduleName: string, subject?: string): string {
  if (subject === undefined) return `${moduleName}-current.log`;
  const slug = subject.replace(/^\/+/, '').replace(/[^\w.-]+/g, '_').replace(/^[.]+/, '_').slice(-120);
  return `${moduleName}@${slug}-current.log`;
}

/** One argument as a log line shows it: quoted when needed, control characters escaped. */
export function logArg(arg: string): string {
  // Everything outside printable ASCII is looked at; only the backslash, C0, DEL, C1 and the
  // Unicode line separators are escaped, so other non-ASCII names stay readable.
  const escaped = arg.replace(/[^ -[\]-~]/g, (c) => {
    if (!mustEscape(c.charCodeAt(0))) return c;
    const named: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x{${c.charCodeAt(0).toString(16).padStart(2, '0')}}`;
  });
  return escaped !== '' && /^[\w@%+=:,./-]+$/.test(escaped) ? escaped : `'${escaped.replace(/'/g, "'\\''")}'`;
}

function mustEscape(code: number): boolean {
  return code === 0x5c || code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029;
}

export interface RunLogOptions {
  headBytes?: number;
  tailBytes?: number;
  now?: () => Date;
}

export class RunLog {
  private fd: number | null = null;
  private broken = false;
  private opened = false;
  private finished = false;
  private pathMemo: string | null = null;
  readonly startedAt: Date;
  private readonly headBytes: number;
  private readonly tailBytes: number;
  /** Bytes in the file; after the head is full, where the cut line ends. */
  private size = 0;
  private cutLineAt = -1;
  /** The cut line's length, fixed once the head is: counted per chunk, so not rebuilt to be measured. */
  private cutLineLength = 0;
  private headEnd = 0;
  private cutBytes = 0;
  private tail: TailBuffer | null = null;
  private subject: string | undefined;

  private readonly moduleName: string;

  constructor(private readonly dir: string, moduleName: string, opts: RunLogOptions = {}) {
    // Under Ansible the name is the FQCN (powerops.aix.backup): the logs go by the short one.
    this.moduleName = moduleName.split('.').filter((p) => p !== '').pop() ?? 'module';
    this.startedAt = (opts.now ?? (() => new Date()))();
    this.headBytes = opts.headBytes ?? LOG_CAP.headBytes;
    this.tailBytes = opts.tailBytes ?? LOG_CAP.tailBytes;
  }

  /** `<module>-<UTC stamp of the start>-<pid>.log`; named when first asked (a no-op never asks). */
  get path(): string {
    if (this.pathMemo === null) {
      this.pathMemo = join(this.dir, `${this.moduleName}-${utcStamp(this.startedAt)}-${process.pid}.log`);
    }
    return this.pathMemo;
  }

  write(text: string | Buffer): void {
    if (this.fd === null && !this.broken && !this.opened) this.open();
    if (this.fd === null) return;
    try {
      this.append(typeof text === 'string' ? Buffer.from(text) : text);
    } catch {
      this.broken = true;
      this.close();
    }
  }

  /** What the run is about (the image location): it gets a `-current.log` link of its own too. */
  label(subject: string): void {
    if (!this.opened) this.subject = subject;
  }

  /** The command line, each argument quoted and escaped: one line whatever the arguments hold. */
  command(argv: readonly string[]): void {
    this.write(`\n=== ${isoTime()} $ ${argv.map(logArg).join(' ')}\n`);
  }

  /** The path when something was written there. */
  get written(): string | null {
    return this.opened && !this.broken ? this.path : null;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private open(): void {
    this.opened = true;
    try {
      if (!this.privateDir()) throw new Error('not a private directory');
      this.prune();
      const fd = openSync(this.path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      fchmodSync(fd, 0o600);
      this.fd = fd;
      this.append(Buffer.from(`=== ${this.moduleName} run ${process.pid} started ${isoTime(this.startedAt)}\n`));
      this.linkCurrent();
      this.onExit();
    } catch {
      // A log that cannot be written must not fail a backup; the result still carries the tail.
      this.broken = true;
      this.close();
    }
  }

  /** The log directory is root's (the module's user's) alone: 0700, no link, no other owner. */
  private privateDir(): boolean {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(this.dir);
    const uid = process.geteuid?.() ?? st.uid;
    if (!st.isDirectory() || st.uid !== uid) return false;
    if ((st.mode & 0o077) !== 0) {
      const fd = openSync(this.dir, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
      try {
        fchmodSync(fd, 0o700);
      } finally {
        closeSync(fd);
      }
    }
    return true;
  }

  private append(chunk: Buffer): void {
    if (this.fd === null) return;
    if (this.tail === null && this.size + chunk.length <= this.headBytes) {
      this.size += writeSync(this.fd, chunk, 0, chunk.length, this.size);
      return;
    }
    if (this.tail === null) this.startTail(chunk);
    else this.keepTail(chunk);
  }

  /** The head is full: the rest of the head goes in, then the cut line, then the tail. */
  private startTail(chunk: Buffer): void {
    const fd = this.fd as number;
    const room = Math.max(0, this.headBytes - this.size);
    const nl = room > 0 ? chunk.subarray(0, room).lastIndexOf(10) : -1;
    const headPart = nl + 1;
    this.size += writeSync(fd, chunk, 0, headPart, this.size);
    this.headEnd = this.size;
    this.tail = new TailBuffer(this.tailBytes);
    this.cutLineAt = this.size;
    const cutLine = this.cutLine();
    this.cutLineLength = cutLine.length;
    this.size += writeSync(fd, cutLine, 0, undefined, this.size);
    this.keepTail(chunk.subarray(headPart));
  }

  /** Past the head the file holds the newest output; when that passes twice the tail, the older half goes. */
  private keepTail(chunk: Buffer): void {
    const fd = this.fd as number;
    const tail = this.tail as TailBuffer;
    tail.push(chunk);
    const windowEnd = this.size + chunk.length;
    const cutLineEnd = this.cutLineAt + this.cutLineLength;
    if (windowEnd - cutLineEnd <= 2 * this.tailBytes) {
      this.size += writeSync(fd, chunk, 0, chunk.length, this.size);
      return;
    }
    const kept = tail.parts();
    const keptBytes = kept.reduce((n, part) => n + part.length, 0);
    this.cutBytes += windowEnd - cutLineEnd - keptBytes;
    ftruncateSync(fd, cutLineEnd);
    writeSync(fd, this.cutLine(), 0, undefined, this.cutLineAt);
    this.size = cutLineEnd;
    for (const part of kept) this.size += writeSync(fd, part, 0, part.length, this.size);
  }

  private cutLine(): Buffer {
    const count = String(this.cutBytes).padStart(CUT_DIGITS, ' ');
    return Buffer.from(`\n=== log cut: the first ${this.headEnd} bytes are above; ${count} bytes after them are left out; the last part follows ===\n`);
  }

  /** `<module>-current.log` (and the subject's link) point at this run's log, each replaced in one rename. */
  private linkCurrent(): void {
    const names = [currentLinkName(this.moduleName), ...(this.subject === undefined ? [] : [currentLinkName(this.moduleName, this.subject)])];
    for (const name of names) {
      // The directory is this user's alone (privateDir): the name needs to be unique, not secret.
      const tmp = join(this.dir, `.${name}.${process.pid}.${Date.now()}`);
      symlinkSync(basename(this.path), tmp);
      try {
        renameSync(tmp, join(this.dir, name));
      } catch (err) {
        rmSync(tmp, { force: true });
        throw err;
      }
    }
  }

  /** At exit, the last line says how the run ended, from the exit code the module set. */
  private onExit(): void {
    if (exitHook === null) {
      const logs = new Set<RunLog>();
      process.on('exit', (code) => {
        for (const log of logs) log.finish(code);
      });
      exitHook = logs;
    }
    exitHook.add(this);
  }

  /** Writes the last line (once): `=== run ended <ISO> after N s: ok|failed`. */
  finish(exitCode: number): void {
    if (this.finished || !this.opened || this.broken) return;
    this.finished = true;
    exitHook?.delete(this);
    try {
      const fd = openSync(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
      try {
        const seconds = ((Date.now() - this.startedAt.getTime()) / 1000).toFixed(1);
        writeSync(fd, `\n=== run ended ${isoTime()} after ${seconds} s: ${exitCode === 0 ? 'ok' : 'failed'}\n`);
      } finally {
        closeSync(fd);
      }
    } catch {
      /* the log stays without its last line: read as a run that did not finish */
    }
  }

  /** Old logs of this module go: beyond the newest `count`, or older than `days`. */
  private prune(): void {
    const logs = readdirSync(this.dir)
      .map((f) => ({ file: f, name: parseLogName(f) }))
      .filter((l): l is { file: string; name: LogName } => l.name !== null && l.name.module === this.moduleName)
      .sort((a, b) => (a.name.stamp === b.name.stamp ? b.name.pid - a.name.pid : a.name.stamp < b.name.stamp ? 1 : -1));
    const protect = new Set(linkTargets(this.dir));
    const newestFailed = logs.find((l) => readEnding(join(this.dir, l.file)).state !== 'ok');
    if (newestFailed) protect.add(newestFailed.file);
    const oldest = this.startedAt.getTime() - LOG_RETENTION.days * 86_400_000;
    // This run's log is about to be added: the newest count - 1 stay beside it.
    logs.forEach((l, i) => {
      if (protect.has(l.file)) return;
      if (i >= LOG_RETENTION.count - 1 || stampTime(l.name.stamp) < oldest) rmSync(join(this.dir, l.file), { force: true });
    });
  }
}

function stampTime(stamp: string): number {
  return Date.parse(`${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`);
}

/** The log files the `*-current.log` links point at. */
function linkTargets(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('-current.log'))
    .flatMap((f) => {
      try {
        return [basename(readlinkSync(join(dir, f)))];
      } catch {
        return [];
      }
    });
}

export type LogEnding = { state: 'ok' | 'failed'; endedAt: string } | { state: 'unfinished' };

/** How a run ended, from the last line of its log (read without following a link). */
export function readEnding(path: string): LogEnding {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return { state: 'unfinished' };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { state: 'unfinished' };
    const len = Math.min(st.size, 256);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, st.size - len);
    const m = END_LINE.exec(buf.toString('latin1'));
    return m?.[1] !== undefined ? { state: m[2] === 'ok' ? 'ok' : 'failed', endedAt: m[1] } : { state: 'unfinished' };
  } finally {
    closeSync(fd);
  }
}

export interface RunInProgress {
  module: string;
  pid: number;
  log_file: string;
  started: string;
  elapsed_seconds: number;
}

/** Runs whose log has no last line and whose process is still there, oldest first. */
export function runsInProgress(dir: string, now: Date = new Date()): RunInProgress[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .map((f) => ({ file: f, name: parseLogName(f) }))
    .filter((l): l is { file: string; name: LogName } => l.name !== null && l.name.pid !== process.pid && alive(l.name.pid))
    .filter((l) => readEnding(join(dir, l.file)).state === 'unfinished')
    .map((l) => {
      const started = stampTime(l.name.stamp);
      return {
        module: l.name.module,
        pid: l.name.pid,
        log_file: join(dir, l.file),
        started: isoTime(new Date(started)).replace(/\.000Z$/, 'Z'),
        elapsed_seconds: Math.max(0, Math.round((now.getTime() - started) / 1000)),
      };
    })
    .sort((a, b) => (a.started < b.started ? -1 : 1));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}
