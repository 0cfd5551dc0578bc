// What every interrupted or faulted run must leave: one JSON document naming the cause (never
// "Internal error"), no AIX command still running, no temporary image, lock or empty file beside
// the image, no lock left in the state directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { Bench } from '../helpers/backup';
import type { Invocation } from '../../harness/lpar';
import { DIST, type ModuleExit } from '../helpers/module';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  // A zombie is no running command; it only waits for its parent.
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * Whether the backup command of the module run `modulePid` has printed its file list, in that
 * run's log. The simulator prints it after taking its faults: a signal sent from here on finds the
 * command in its slow write, not before it.
 */
export function printedFileList(b: Bench, modulePid: number): boolean {
  const logDir = join(b.lpar.root, 'var/powerops/log');
  if (!existsSync(logDir)) return false;
  return readdirSync(logDir)
    .filter((f) => f.endsWith(`-${modulePid}.log`))
    .some((f) => readFileSync(join(logDir, f), 'utf8').includes('Creating list of files'));
}

/**
 * Whether `pid` has its own SIGHUP handler (SigCgt bit 1 in /proc). Node.js catches SIGINT and
 * SIGTERM from its start, so SIGHUP, the last of the three stop signals the module sets, is the
 * one that says the module's handlers are in place.
 */
export function handlesStopSignals(pid: number): boolean {
  try {
    const caught = /^SigCgt:\s*([0-9a-f]+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return caught !== null && (BigInt(`0x${caught[1]!}`) & 1n) === 1n;
  } catch {
    return false;
  }
}

/** Exactly one JSON document, exit code 1, failed, a message matching `cause`, no internal error. */
export function oneFailure(exit: Pick<ModuleExit, 'rc' | 'stdout' | 'stderr'>, cause: RegExp): Record<string, unknown> {
  const lines = exit.stdout.trim().split('\n');
  expect(lines, exit.stdout + exit.stderr).toHaveLength(1);
  const result = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
  expect(exit.rc, JSON.stringify(result)).toBe(1);
  expect(result.failed).toBe(true);
  expect(result.changed).toBe(false);
  expect(String(result.msg)).toMatch(cause);
  expect(String(result.msg)).not.toMatch(/Internal error/);
  for (const key of ['rc', 'stdout', 'stderr']) expect(result).toHaveProperty(key);
  return result;
}

/** No AIX command of this LPAR is still running: every pid of the invocation log is gone. */
export function noLiveCommand(b: Bench): Invocation[] {
  const runs = b.lpar.invocations();
  const running = runs.filter((r) => alive(r.pid));
  expect(running.map((r) => `${r.cmd} ${r.pid}`)).toEqual([]);
  return runs;
}

/** Beside `location`: only the image (or nothing); no partial file, no lock, no empty file. */
export function nothingBeside(location: string): void {
  const dir = dirname(location);
  const name = basename(location);
  const others = readdirSync(dir).filter((f) => f !== name);
  expect(others).toEqual([]);
  if (existsSync(location)) expect(statSync(location).size).toBeGreaterThan(0);
}

/** The LPAR-wide locks of the state directory are all released. */
export function noStateLocks(b: Bench): void {
  const dir = join(b.lpar.root, 'var/powerops/locks');
  expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
}

/** mksysb/savevg runs (start..end) that overlap in time: must always be empty. */
export function overlaps(runs: readonly Invocation[], cmd: string): string[] {
  const mine = runs.filter((r) => r.cmd === cmd);
  const out: string[] = [];
  for (const a of mine) {
    for (const b of mine) {
      if (a === b || a.start > b.start) continue;
      const aEnd = a.end ?? Number.POSITIVE_INFINITY;
      if (b.start < aEnd) out.push(`${cmd} ${a.pid} [${a.start}, ${a.end}] and ${b.pid} [${b.start}, ${b.end}]`);
    }
  }
  return out;
}

export { partialOf, until } from '../safety/invariants';

/** A file system of its own at `dir` (tmpfs, `size` bytes), made for real; undo() unmounts it. */
export function tmpfsAt(dir: string, size: string): { readOnly(): void; fill(): void; undo(): void } {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0755`, 'tmpfs', dir]);
  return {
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
    fill: () => {
      // dd stops at ENOSPC and says so: that is the point.
      spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=4096'], { stdio: 'ignore' });
    },
    undo: () => execFileSync('umount', ['-l', dir]),
  };
}

/** Runs the built module as uid/gid 65534 (nobody), the way a non-root Ansible user would. */
export function runAsNobody(name: string, args: unknown, env: NodeJS.ProcessEnv): ModuleExit {
  const dir = mkdtempSync(join(tmpdir(), 'args-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'args');
  writeFileSync(file, JSON.stringify(args), { mode: 0o644 });
  const script = join(DIST, 'modules', `${name}.js`);
  const r = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, script, file], { env: { ...process.env, ...env }, encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { rc: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** The pid of the AIX command `name` that the location's lock names, once it names it. */
export function lockedCommandPid(location: string, name: string): number | undefined {
  try {
    const { command } = JSON.parse(readFileSync(`${location}.lock`, 'utf8')) as { command?: { pid: number; path: string } };
    return command?.path.endsWith(`/${name}`) ? command.pid : undefined;
  } catch {
    return undefined;
  }
}
