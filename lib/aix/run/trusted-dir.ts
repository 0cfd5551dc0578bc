// Whether a directory can be trusted by root: no one but root (or the user the module runs as)
// can add, remove or rename entries in it or in any directory above it, the test sshd's
// StrictModes makes. A sticky directory writable by others (/tmp) can be allowed: there others
// can add their own names but never remove or rename root's.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

export interface DirTrustOptions {
  /** Accept group- or world-writable directories that have the sticky bit (e.g. /tmp). */
  allowSticky: boolean;
  /** Stop below this directory (a real path), which the caller checks on its own terms. */
  stopAt?: string;
}

export interface Untrusted {
  /** The directory that fails, which may be an ancestor of the one asked about. */
  dir: string;
  /** Its permissions as `ls -ld` would say them, and in octal. */
  mode: string;
  owner: number;
  why: string;
  fix: string;
}

const ME = process.getuid?.() ?? 0;

/** The first directory from `dir` up to / that others could change, or null when all are safe. */
export function untrustedDirectory(dir: string, opts: DirTrustOptions): Untrusted | { missing: string } | null {
  let real: string;
  try {
    // One realpath(3) call; the JavaScript one lstats every component on the way.
    real = realpathSync.native(dir);
  } catch {
    return { missing: dir };
  }
  for (let d = real; d !== opts.stopAt; d = dirname(d)) {
    let st: Stats;
    try {
      st = lstatSync(d);
    } catch {
      return { missing: d };
    }
    const problem = judge(d, st, opts);
    if (problem) return problem;
    if (d === dirname(d)) return null;
  }
  return null;
}

/** Null when `path` is root's and closed to writes by others (a program root may run). */
export function untrustedFile(path: string): Untrusted | null {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch {
    return null;
  }
  return judge(path, st, { allowSticky: false });
}

function judge(dir: string, st: Stats, opts: DirTrustOptions): Untrusted | null {
  if (st.uid !== 0 && st.uid !== ME) {
    return { dir, mode: lsMode(st), owner: st.uid, why: `is owned by uid ${st.uid}, not root`, fix: `chown root ${dir}` };
  }
  const othersWrite = (st.mode & 0o022) !== 0;
  const sticky = (st.mode & 0o1000) !== 0;
  if (othersWrite && !(sticky && opts.allowSticky)) {
    const fix = opts.allowSticky ? `chmod go-w ${dir} (or chmod +t ${dir} for a directory shared on purpose, as /tmp is)` : `chmod go-w ${dir}`;
    return { dir, mode: lsMode(st), owner: st.uid, why: `is writable by ${(st.mode & 0o002) !== 0 ? 'everyone' : 'its group'}${sticky ? '' : ' without the sticky bit'}`, fix };
  }
  return null;
}

function lsMode(st: Stats): string {
  return `${st.isDirectory() ? 'd' : '-'}${symbolic(st.mode)} (${(st.mode & 0o7777).toString(8).padStart(4, '0')})`;
}

function symbolic(mode: number): string {
  const bit = (m: number, c: string): string => ((mode & m) !== 0 ? c : '-');
  const x = (m: number, s: number, lower: string, upper: string): string => ((mode & s) !== 0 ? ((mode & m) !== 0 ? lower : upper) : bit(m, 'x'));
  return `${bit(0o400, 'r')}${bit(0o200, 'w')}${x(0o100, 0o4000, 's', 'S')}${bit(0o40, 'r')}${bit(0o20, 'w')}${x(0o10, 0o2000, 's', 'S')}${bit(0o4, 'r')}${bit(0o2, 'w')}${x(0o1, 0o1000, 't', 'T')}`;
}
