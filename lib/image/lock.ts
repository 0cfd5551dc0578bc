// Locks: a regular file created exclusively, never followed through a link, never opened in a
// way that can block (a FIFO planted at the lock path is refused at once), mode 0600, holding
// who took it. The holder is the module process (host, pid and the pid's start time, so a reused
// pid or a pid of another host is never "alive here") AND the AIX command it runs at the moment:
// a module killed outright (SIGKILL) leaves that command running, and as long as it runs the
// lock is not stale, so no second writer starts beside it. Every wait is bounded by lock_timeout.
//
// The location lock lives beside the image (`<location>.lock`: runs on several LPARs sharing
// one NFS directory see each other); the LPAR's own locks (one system backup at a time, one
// writer per volume group) live in the module's state directory.
import { closeSync, constants, fchmodSync, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { onAbort, onCommand } from '../engine/abort';
import { seriesPrefix, type Series } from './dated-images';
import { describeHostError } from '../engine/env-errors';
import { fail, ok, type Failure, type Result } from '../result';
import { gethostname } from './nodename';
import { machineId, processStart, sameStart, type StartToken } from './process-start';
import { randomHex } from './random-name';
import { isoTime } from '../iso-time';

interface Identity {
  pid: number;
  /** Null when the start could not be told: such a process counts as alive while its pid is. */
  start: StartToken | null;
}

interface Holder extends Identity {
  host: string;
  /** The machine (see machineId): a clone with the same host name is another host. */
  machine?: string;
  since: string;
  token: string;
  /** The AIX command running under the lock, if any. */
  command?: Identity & { path: string; since: string };
}

export interface HeldLock {
  release: () => void;
  waitedMs: number;
  tookOver: Holder | null;
}

/**
 * `unavailable`: the lock file itself cannot be made there (read-only, full...), nobody holds it;
 * `refused`: something that is no lock of this module sits at the lock path.
 */
export interface LockFailure extends Failure {
  unavailable?: boolean;
  refused?: boolean;
}

export type LockResult = Result<HeldLock, LockFailure>;

const POLL_MS = 200;
/** A lock file still empty after this long was left by a run killed while creating it. */
const EMPTY_LOCK_GRACE_MS = 5000;
/** Every lock file has this size: the holder is rewritten in place, never seen half-written. */
const LOCK_BYTES = 2048;

/**
 * The lock of an image file: beside it, so runs on several LPARs sharing one NFS directory see
 * each other. Its leftovers (`NAME.lock`, `NAME.lock.stale.PID`) are what isLockName knows.
 */
export function imageLockPath(imagePath: string): string {
  return `${imagePath}.lock`;
}

/** The lock of a tape device (`/dev/rmtN`): no directory beside it is ours, so the state directory. */
export function deviceLockPath(stateDir: string, device: string): string {
  return join(stateDir, 'locks', `${basename(device)}.lock`);
}

/** One lock per LPAR and volume group of a dated series: runs of one LPAR wait for each other, other LPARs do not. */
export function seriesLockPath(s: Series): string {
  return join(s.dir, `${seriesPrefix(s)}lock`);
}

/** One restore at a time on this LPAR (two runs must not both find the same disk free). */
export function restoreLockPath(stateDir: string): string {
  return join(stateDir, 'locks', 'restore.lock');
}

/** A lock file or a stale lock set aside by a takeover (see takeOver), as a directory scan sees it. */
export function isLockName(name: string): boolean {
  return name.endsWith('.lock') || name.includes('.lock.stale.');
}

/** One system backup (mksysb, alt_disk_*) at a time on the LPAR: they share /image.data, /tmp. */
export function systemLockPath(stateDir: string): string {
  return join(stateDir, 'locks', 'system-backup.lock');
}

/** One writer (savevg, restvg) per volume group. */
export function vgLockPath(stateDir: string, vg: string): string {
  return join(stateDir, 'locks', `vg-${vg.replace(/[^\w.-]/g, '_')}.lock`);
}

/** `what` names what the lock guards, for the message when it cannot be had (e.g. "location"). */
/** `deadline` (ms since the epoch) ends the wait when several locks share one lock_timeout. */
export async function acquireLock(lockPath: string, timeoutSec: number, what = 'location', deadline = Date.now() + timeoutSec * 1000): Promise<LockResult> {
  const machine = machineId();
  const me: Holder = { host: gethostname(), ...(machine ? { machine } : {}), pid: process.pid, start: processStart(process.pid), since: isoTime(), token: newToken() };
  const started = Date.now();
  let tookOver: Holder | null = null;
  try {
    ensureDir(dirname(lockPath));
  } catch (err) {
    return unavailable(what, lockPath, err);
  }
  for (;;) {
    const made = tryCreate(lockPath, me);
    if (made.kind === 'made') return ok({ release: hold(lockPath, me, made.fd), waitedMs: Date.now() - started, tookOver });
    if (made.kind === 'error') return unavailable(what, lockPath, made.err);
    const seen = inspect(lockPath);
    if (seen.kind === 'gone') continue;
    if (seen.kind === 'refused') {
      return { ok: false, refused: true, msg: `${what}: ${lockPath} is ${seen.why}, not a lock file this module made; nothing was run. Remove it (rm ${lockPath}) if no run is under way.` };
    }
    const holder = seen.kind === 'held' ? seen.holder : null;
    const live = holder ? liveness(holder) : null;
    const stale = (holder && live === null) || (seen.kind === 'unreadable' && seen.empty && seen.ageMs > EMPTY_LOCK_GRACE_MS);
    if (stale) {
      const taken = takeOver(lockPath, holder?.token ?? null);
      if (taken.kind === 'taken' && holder) tookOver = holder;
      if (taken.kind !== 'stuck') continue;
      // A stale lock that cannot be moved (a read-only directory): no wait can change that.
      const left = holder ? `left by process ${holder.pid} on ${holder.host}, which is gone` : 'empty, left by a run killed while taking it';
      return fail(`${what}: the stale lock ${lockPath} (${left}) cannot be removed: ${describeHostError(taken.err, lockPath) ?? 'rename failed'}`);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const who = live ?? { who: 'another run (the lock file is not readable yet)', fix: 'Wait for that run to finish, or raise lock_timeout.' };
      return fail(`${what} is locked by ${who.who} (${lockPath}); waited ${timeoutSec} s (lock_timeout); nothing was run. ${who.fix}`);
    }
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, left)));
  }
}

/** Node's recursive mkdir says ENOENT on a read-only file system: the plain one says EROFS. */
function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') throw err;
    mkdirSync(dir, { mode: 0o700 });
  }
}

function unavailable(what: string, lockPath: string, err: unknown): LockResult {
  const why = describeHostError(err, lockPath) ?? (err instanceof Error ? err.message : String(err));
  return { ok: false, unavailable: true, msg: `${what}: the lock ${lockPath} cannot be made: ${why}` };
}

function newToken(): string {
  return randomHex(12);
}

type Created = { kind: 'made'; fd: number } | { kind: 'exists' } | { kind: 'error'; err: unknown };

function tryCreate(lockPath: string, me: Holder): Created {
  let fd: number;
  try {
    fd = openSync(lockPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW | constants.O_NONBLOCK, 0o600);
  } catch (err) {
    return codeOf(err) === 'EEXIST' ? { kind: 'exists' } : { kind: 'error', err };
  }
  try {
    fchmodSync(fd, 0o600);
    writeHolder(fd, me);
    return { kind: 'made', fd };
  } catch (err) {
    // A full file system took the name but not the content: leave no empty lock behind.
    closeSync(fd);
    rmSync(lockPath, { force: true });
    return { kind: 'error', err };
  }
}

function writeHolder(fd: number, holder: Holder): void {
  const text = JSON.stringify(holder);
  const buf = Buffer.alloc(LOCK_BYTES, ' ');
  buf.write(text.slice(0, LOCK_BYTES - 1), 0, 'utf8');
  buf[LOCK_BYTES - 1] = 0x0a;
  for (let done = 0; done < LOCK_BYTES; ) done += writeSync(fd, buf, done, LOCK_BYTES - done, done);
}

/** Keeps the lock up to date with the command running under it, until released. */
function hold(lockPath: string, me: Holder, fd: number): () => void {
  const update = (): void => {
    try {
      writeHolder(fd, me);
    } catch {
      // The holder stays as it was: the module's own identity still holds the lock.
    }
  };
  const unlisten = onCommand({
    started(c) {
      me.command = { pid: c.pid, start: processStart(c.pid), path: c.argv[0] ?? '?', since: isoTime() };
      update();
    },
    ended(c) {
      if (me.command?.pid !== c.pid) return;
      delete me.command;
      update();
    },
  });
  let released = false;
  const release = (): boolean => {
    if (released) return true;
    // A command that would not die keeps its lock: the lock is what stops a second writer.
    if (me.command && isAlive(me.command)) return false;
    released = true;
    unlisten();
    forgetAbort();
    // Ours is the file this descriptor holds: only that one is removed, whatever it reads as.
    if (sameFile(lockPath, fd)) rmSync(lockPath, { force: true });
    closeSync(fd);
    return true;
  };
  const forgetAbort = onAbort(() => (release() ? `released the lock ${lockPath}` : `kept the lock ${lockPath}: it names ${me.command?.path} (pid ${me.command?.pid}), still running`));
  return () => void release();
}

function sameFile(path: string, fd: number): boolean {
  try {
    const at = lstatSync(path);
    const held = fstatSync(fd);
    return at.isFile() && at.ino === held.ino && at.dev === held.dev;
  } catch {
    return false;
  }
}

type Seen =
  | { kind: 'gone' }
  | { kind: 'refused'; why: string }
  | { kind: 'unreadable'; empty: boolean; ageMs: number }
  | { kind: 'held'; holder: Holder };

/** What is at the lock path, looked at without following a link or opening a FIFO for long. */
function inspect(lockPath: string): Seen {
  let st;
  try {
    st = lstatSync(lockPath);
  } catch {
    return { kind: 'gone' };
  }
  const odd = st.isSymbolicLink() ? 'a symbolic link' : st.isFIFO() ? 'a FIFO' : st.isDirectory() ? 'a directory' : !st.isFile() ? 'a special file' : null;
  if (odd) return { kind: 'refused', why: odd };
  const euid = process.geteuid?.();
  if (euid !== undefined && st.uid !== euid) return { kind: 'refused', why: `a file owned by uid ${st.uid}` };
  let fd: number;
  try {
    fd = openSync(lockPath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (err) {
    return codeOf(err) === 'ENOENT' ? { kind: 'gone' } : { kind: 'unreadable', empty: false, ageMs: 0 };
  }
  try {
    const now = fstatSync(fd);
    if (!now.isFile() || now.ino !== st.ino) return { kind: 'gone' };
    const buf = Buffer.alloc(LOCK_BYTES * 2);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const holder = parseHolder(buf.subarray(0, n).toString('utf8'));
    return holder ? { kind: 'held', holder } : { kind: 'unreadable', empty: n === 0 || buf.subarray(0, n).toString().trim() === '', ageMs: Date.now() - now.mtimeMs };
  } finally {
    closeSync(fd);
  }
}

function parseHolder(text: string): Holder | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const pid: unknown = Reflect.get(v, 'pid');
  const host: unknown = Reflect.get(v, 'host');
  const token: unknown = Reflect.get(v, 'token');
  const since: unknown = Reflect.get(v, 'since');
  if (typeof pid !== 'number' || typeof host !== 'string' || typeof token !== 'string') return null;
  const machine: unknown = Reflect.get(v, 'machine');
  const holder: Holder = { pid, host, token, since: typeof since === 'string' ? since : '?', start: startOf(v), ...(typeof machine === 'string' ? { machine } : {}) };
  const command: unknown = Reflect.get(v, 'command');
  if (typeof command === 'object' && command !== null) {
    const cpid: unknown = Reflect.get(command, 'pid');
    const path: unknown = Reflect.get(command, 'path');
    const csince: unknown = Reflect.get(command, 'since');
    if (typeof cpid === 'number') {
      holder.command = { pid: cpid, start: startOf(command), path: typeof path === 'string' ? path : '?', since: typeof csince === 'string' ? csince : '?' };
    }
  }
  return holder;
}

function startOf(v: object): StartToken | null {
  const start: unknown = Reflect.get(v, 'start');
  return typeof start === 'string' ? start : null;
}

/** Who keeps the lock alive, in words, with the fix; null when nobody does (a stale lock). */
function liveness(h: Holder): { who: string; fix: string } | null {
  const here = machineId();
  if (h.host !== gethostname() || (h.machine !== undefined && here !== null && h.machine !== here)) {
    const other = h.host === gethostname() ? `${h.host} (another machine of that name, ID ${h.machine})` : h.host;
    return { who: `process ${h.pid} on ${other} since ${h.since}`, fix: `Wait for that run to finish, raise lock_timeout, or, if no run is under way on ${other}, remove the lock file.` };
  }
  if (isAlive(h)) return { who: `process ${h.pid} on ${h.host} since ${h.since}`, fix: 'Wait for that run to finish, or raise lock_timeout.' };
  const c = h.command;
  if (c && isAlive(c)) {
    return {
      who: `${c.path} (pid ${c.pid}, running since ${c.since}), left running by process ${h.pid}, which is gone`,
      fix: `It may still be writing: wait for it to end (ps -p ${c.pid}), or stop it (kill -TERM -${c.pid}) and run the task again; a second writer is never started beside it.`,
    };
  }
  return null;
}

/** The same process as the one recorded: its pid exists and, when known, started at the same time. */
function isAlive(id: Identity): boolean {
  try {
    process.kill(id.pid, 0);
  } catch (err) {
    if (codeOf(err) === 'ESRCH') return false;
  }
  if (id.start === null) return true;
  const now = processStart(id.pid);
  return now === null || sameStart(now, id.start);
}

/**
 * Moves the stale lock aside, then checks that what was moved is the stale lock (`token`, or
 * null for an empty one): when two runs take over at once, the slower one may have moved the
 * faster one's fresh lock, and puts it back.
 */
type TakeOver = { kind: 'taken' } | { kind: 'lost' } | { kind: 'stuck'; err: unknown };

/** 'lost': another run moved or replaced it first (look again); 'stuck': it cannot be moved. */
function takeOver(lockPath: string, token: string | null): TakeOver {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (err) {
    return codeOf(err) === 'ENOENT' ? { kind: 'lost' } : { kind: 'stuck', err };
  }
  const moved = inspect(aside);
  const wasStale = token === null ? moved.kind === 'unreadable' : moved.kind === 'held' && moved.holder.token === token;
  if (!wasStale) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone created a lock meanwhile; theirs stands.
    }
  }
  rmSync(aside, { force: true });
  return wasStale ? { kind: 'taken' } : { kind: 'lost' };
}

function codeOf(err: unknown): unknown {
  return err instanceof Error ? Reflect.get(err, 'code') : undefined;
}
