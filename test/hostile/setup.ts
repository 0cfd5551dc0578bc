// A hostile host for the tests: shared directories, a real unprivileged attacker (uid/gid 65534,
// started through setpriv, as a local user would be), root-owned canary files that must never be
// written, and images forged the way a root user of another LPAR writing the same NFS export
// could forge them.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NOBODY = 65534;

/** The attacker's command line: an unprivileged node process. */
const SETPRIV = ['setpriv', '--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath];

/** Runs `script` (CommonJS, node) as nobody and returns what it printed. Throws if setpriv is missing. */
export function attackerSync(script: string, args: string[] = []): { rc: number; stdout: string; stderr: string } {
  const r = spawnSync(SETPRIV[0]!, [...SETPRIV.slice(1), '-e', script, '--', ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface Racer {
  /** Tells the racer to stop and waits for its report (JSON on stdout). */
  stop(): Promise<unknown>;
}

/**
 * Starts `script` as nobody (or as root for another LPAR's root user on a shared NFS export)
 * running alongside the module, and resolves once the script has written `ready` to stderr (just
 * before its loop starts), so the module is never started before its attacker. The script loops
 * until its stdin closes, then prints its report.
 */
export async function startRacer(script: string, args: string[], as: 'nobody' | 'root' = 'nobody'): Promise<Racer> {
  const argv = as === 'nobody' ? [...SETPRIV.slice(1), '-e', script, '--', ...args] : ['-e', script, '--', ...args];
  const child = spawn(as === 'nobody' ? SETPRIV[0]! : process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const done = new Promise<unknown>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (rc) => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`racer printed no JSON (rc ${rc}): ${out} ${err}`));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (err.startsWith('ready\n')) resolve();
    };
    child.stderr.on('data', check);
    done.catch(reject);
  });
  return {
    stop: () => {
      child.stdin.end();
      return done;
    },
  };
}

export interface RaceReport {
  seen: string[];
  tries: string[];
  errors: string[];
}

/** The attacker's loop: polls `dir` for the module's temporary images and acts on each new one. */
export const RACE_LOOP = `
const fs = require('fs'), path = require('path');
const [dir, canary, mode, when] = process.argv.slice(1);
const report = { seen: [], tries: [], errors: [] };
let stop = false;
process.stdin.on('end', () => { stop = true; }).resume();
const tried = new Set();
function attack(name) {
  const p = path.join(dir, name);
  const one = (what, f) => { try { f(); report.tries.push(what + ' ' + name + ': done'); } catch (e) { report.errors.push(what + ' ' + name + ': ' + e.code); } };
  if (mode === 'swap-symlink') {
    one('replace with symlink', () => { const t = p + '.x'; fs.symlinkSync(canary, t); fs.renameSync(t, p); });
  } else if (mode === 'hardlink') {
    one('hard link', () => fs.linkSync(p, path.join(dir, 'stolen-' + report.seen.length)));
  } else if (mode === 'read') {
    one('open for reading', () => fs.closeSync(fs.openSync(p, 'r')));
  } else if (mode === 'unlink-symlink') {
    one('unlink', () => fs.unlinkSync(p));
    one('symlink', () => fs.symlinkSync(canary, p));
  }
}
function tick() {
  try {
    for (const name of fs.readdirSync(dir)) {
      if (!name.includes('.partial-') || name.endsWith('.x') || tried.has(name)) continue;
      // 'after-write': wait until the command has opened the file and written to it.
      if (when === 'after-write') { try { if (fs.lstatSync(path.join(dir, name)).size === 0) continue; } catch { continue; } }
      tried.add(name); report.seen.push(name); attack(name);
    }
  } catch (e) { report.errors.push('readdir: ' + e.code); }
  if (stop) { process.stdout.write(JSON.stringify(report)); process.exit(0); }
  setTimeout(tick, 2);
}
process.stderr.write('ready\\n');
tick();
`;

export type DirKind = 'sticky' | 'open' | 'group' | 'nobody-owned';

/** A directory standing for a shared one: sticky 1777 (/tmp), 0777 or group-writable without the sticky bit, or another user's. */
export function sharedDir(kind: DirKind): string {
  const dir = mkdtempSync(join(tmpdir(), `hostile-${kind}-`));
  makeShared(dir, kind);
  return dir;
}

/** Gives an existing directory the owner and mode of `kind`. */
export function makeShared(dir: string, kind: DirKind): void {
  const table: Record<DirKind, () => void> = {
    sticky: () => chmodSync(dir, 0o1777),
    open: () => chmodSync(dir, 0o777),
    group: () => (chownSync(dir, 0, NOBODY), chmodSync(dir, 0o775)),
    'nobody-owned': () => (chownSync(dir, NOBODY, NOBODY), chmodSync(dir, 0o755)),
  };
  table[kind]();
}

/** A root-owned file in a root-only directory: what a planted link would make root overwrite. */
export function makeCanary(): { path: string; text: string; intact(): boolean; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'canary-'));
  chmodSync(dir, 0o755);
  const path = join(dir, 'important.conf');
  const text = 'root-owned file that no backup may overwrite\n';
  writeFileSync(path, text, { mode: 0o644 });
  const st = statSync(path);
  return {
    path,
    text,
    intact: () => {
      const now = statSync(path);
      return readFileSync(path, 'utf8') === text && now.ino === st.ino && now.size === st.size && now.mtimeMs === st.mtimeMs;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Rewrites the header of a simulator image and seals it again (the trailer's digest): a complete,
 * valid image whose header says what `change` makes it say, as a root user elsewhere could make.
 */
export function forgeImage(src: string, dst: string, change: (header: Record<string, unknown>) => void): void {
  const bytes = readFileSync(src);
  const firstEnd = bytes.indexOf(0x0a);
  const len = Number(/ (\d+)$/.exec(bytes.subarray(0, firstEnd).toString('latin1'))![1]);
  const header = JSON.parse(bytes.subarray(firstEnd + 1, firstEnd + 1 + len).toString('utf8')) as Record<string, unknown>;
  change(header);
  const tail = bytes.subarray(Math.max(0, bytes.length - 200)).toString('latin1');
  const trailerStart = bytes.length - (tail.length - /E \d+ \d+ [0-9a-f]{64}\n$/.exec(tail)!.index);
  const [, members, payload] = bytes.subarray(trailerStart).toString('latin1').trim().split(' ');
  const json = JSON.stringify(header);
  const body = Buffer.concat([Buffer.from(`AIXSIM-VGBACKUP 1 ${Buffer.byteLength(json)}\n${json}\n`), bytes.subarray(firstEnd + 1 + len + 1, trailerStart)]);
  const sha = createHash('sha256').update(body).digest('hex');
  writeFileSync(dst, Buffer.concat([body, Buffer.from(`E ${members} ${payload} ${sha}\n`)]), { mode: 0o600 });
}

/** An AIX `date` text for a moment (UTC), as mksysb writes it in the header. */
export function aixDate(d: Date, zone = 'UTC'): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${zone} ${d.getUTCFullYear()}`;
}

/** Modes as `ls` shows them, for assertions: 0o600 -> "600". */
export const modeOf = (path: string): string => (statSync(path).mode & 0o7777).toString(8);
