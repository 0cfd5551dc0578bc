import { fail, ok, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

/** One file system as `df -P -k` prints it (POSIX format, 1024-byte blocks). */
export interface DfRow {
  filesystem: string;
  usedKb: number;
  availableKb: number;
  mountedOn: string;
}

/**
 * Parse `df -P -k`: a header, then one line per operand in POSIX form, `Filesystem 1024-blocks
 * Used Available Capacity Mounted on`. The portable form is one line per file system on every
 * AIX level (plain `df` wraps long device names and prints free, not used, space). The mount
 * point is the rest of the line, so it may hold spaces; a `-` count (some NFS servers) reads as
 * 0. A line that is not of that form is an error: a guess at free space could let a backup
 * run that cannot fit.
 */
export function parseDfPortable(text: string): Result<DfRow[]> {
  const rows: DfRow[] = [];
  for (const line of splitLines(text)) {
    if (line.trim() === '' || /^Filesystem\s/.test(line)) continue;
    const m = /^(\S.*?)\s+(\d+|-)\s+(\d+|-)\s+(\d+|-)\s+(\d+%|-)\s+(\/.*)$/.exec(line.trimEnd());
    if (!m) return fail(`df printed a line that is not "Filesystem 1024-blocks Used Available Capacity Mounted on": ${quoteLine(line)}`);
    const n = (v: string): number => (v === '-' ? 0 : Number(v));
    rows.push({ filesystem: m[1]!, usedKb: n(m[3]!), availableKb: n(m[4]!), mountedOn: m[6]! });
  }
  return ok(rows);
}
