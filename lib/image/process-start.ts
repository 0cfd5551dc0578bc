// When a process started, as a token: a pid alone is no identity (pids are reused, and a lock
// naming some live pid must not block every run), a pid with its start time is.
//
// - Where /proc/PID/stat exists (Linux, and what the simulator's tests exercise): field 22, the
//   start in clock ticks after boot, with the boot time from /proc/stat: exact.
// - Elsewhere (AIX has /proc/PID/psinfo, a binary structure, and no stat file): POSIX
//   `ps -o etime= -p PID` from /usr/bin/ps, the elapsed time in [[dd-]hh:]mm:ss, giving the start
//   to the second; two readings of one process may differ by a second, so they compare within
//   PS_SLACK_SEC.
import { readFileSync } from 'node:fs';

export type StartToken = string;

const PS = '/usr/bin/ps';
const PS_SLACK_SEC = 2;

/** The start of `pid`, or null when it is not running (or cannot be told). */
export function processStart(pid: number): StartToken | null {
  const fromProc = procStart(pid);
  if (fromProc !== undefined) return fromProc;
  return psStart(pid);
}

/** Whether two tokens name the same start of a process. */
export function sameStart(a: StartToken, b: StartToken): boolean {
  if (a === b) return true;
  const [sa, va] = split(a);
  const [sb, vb] = split(b);
  return sa === 'ps' && sb === 'ps' && Math.abs(Number(va) - Number(vb)) <= PS_SLACK_SEC;
}

function split(token: StartToken): [string, string] {
  const i = token.indexOf(':');
  return i < 0 ? [token, ''] : [token.slice(0, i), token.slice(i + 1)];
}

let bootTime: string | null | undefined;

/** undefined: no /proc stat files on this system; null: the process is not running. */
function procStart(pid: number): StartToken | null | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return hasProcStat() ? null : undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields[19];
  if (ticks === undefined || !/^\d+$/.test(ticks)) return null;
  return `proc:${boot()}:${ticks}`;
}

function hasProcStat(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function boot(): string {
  if (bootTime === undefined) {
    try {
      bootTime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? null;
    } catch {
      bootTime = null;
    }
  }
  return bootTime ?? '?';
}

/** The portable reading, used where /proc has no stat files (AIX). */
export function psStart(pid: number): StartToken | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(PS, ['-o', 'etime=', '-p', String(pid)], { encoding: 'utf8', env: { LANG: 'C', LC_ALL: 'C', PATH: '/usr/bin:/bin' }, timeout: 5000 });
  if (r.status !== 0 || typeof r.stdout !== 'string') return null;
  const elapsed = parseEtime(r.stdout.trim());
  return elapsed === null ? null : `ps:${Math.round(Date.now() / 1000) - elapsed}`;
}

/** POSIX etime, [[dd-]hh:]mm:ss, in seconds. */
export function parseEtime(text: string): number | null {
  const m = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)$/.exec(text);
  if (!m) return null;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min) * 60 + Number(s);
}

let machine: string | null | undefined;

/**
 * This machine, beyond its host name (two LPARs cloned from one mksysb share a host name): the
 * AIX machine ID (`uname -m`, as UNAME INFO records it), or /etc/machine-id where it exists.
 * Stable across reboots; null when it cannot be told.
 */
export function machineId(): string | null {
  if (machine !== undefined) return machine;
  try {
    machine = readFileSync('/etc/machine-id', 'utf8').trim() || null;
  } catch {
    machine = unameMachine();
  }
  return machine;
}

function unameMachine(): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync('/usr/bin/uname', ['-m'], { encoding: 'utf8', env: { LANG: 'C', LC_ALL: 'C', PATH: '/usr/bin:/bin' }, timeout: 5000 });
  const id = r.status === 0 && typeof r.stdout === 'string' ? r.stdout.trim() : '';
  return id === '' ? null : id;
}
