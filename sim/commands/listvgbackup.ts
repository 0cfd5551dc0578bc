// listvgbackup and its other names lsmksysb, lssavevg (reference §4): -l from the image header,
// the table of contents from a full read, -B the backup log.
import { readFileSync } from 'node:fs';
import type { Ctx } from '../ctx';
import { dialectOf, type Dialect } from '../dialects';
import { col } from '../fmt';
import { getopt, has, value } from '../getopt';
import { ImageError, readHeader, readMembers, type ImageHeader } from '../image';
import { devicePath, lparPath } from '../paths';
import { loadState } from '../state';
import { lvTable } from './lsvg';

const usage = (cmd: string): string =>
  `Usage: ${cmd} [-b blocks] [-f device] [-a] [-c] [-l] [-n] [-r] [-s] [-d path] [-B] [-D] [-L] [-V] [file_list]
`;

/** The `-l` display: header keys padded to 24, blank line, the lsvg -l table at backup time. */
export function describe(h: ImageHeader, d?: Dialect): string {
  const kv: Array<[string, string | number]> = [
    ['VOLUME GROUP:', h.vg],
    ['BACKUP DATE/TIME:', d?.dateDay === 'unpadded' ? h.date.replace(/^(\S+ \S+) +/, '$1 ') : h.date],
    ['UNAME INFO:', h.uname],
    ['BACKUP OSLEVEL:', h.oslevel],
    ['MAINTENANCE LEVEL:', h.ml],
    ['SERVICEPACK LEVEL:', h.sp],
    ['BACKUP SIZE (MB):', h.backupSizeMb],
    ['SHRINK SIZE (MB):', h.shrinkSizeMb],
    ['VG DATA ONLY:', h.vgDataOnly ? 'yes' : 'no'],
  ];
  const table = lvTable(
    h.vg,
    h.lvs.map((lv) => [lv.name, lv.type, lv.lps, lv.pps, lv.pvs, lv.state, lv.mount ?? 'N/A']),
  );
  return `${kv.map(([k, v]) => `${col(k, 24)}${v}`).join('\n')}\n\n${table}\n`;
}

/** 0512-054: stdout by default, the IBM module searches stdout for it (reference §4.3, unverified). */
export const missingMsg = (operand: string): string => `0512-054 listvgbackup: File ${operand} does not exist or is empty.\n`;

/**
 * The volume header restore prints before a listing or an extraction (reference §11): the short
 * wording of restore's compiled-in strings, or the long one of the message catalog (§5.3).
 */
export const volumeHeader = (operand: string, h: ImageHeader, wording: Dialect['wording'] = 'short'): string =>
  wording === 'long'
    ? `New volume on ${operand}:\nCluster size is 51200 bytes (100 blocks).\nThe volume number is 1.\n` +
      `The backup date is: ${h.date}\nFiles are backed up by name.\nThe user is root.\n`
    : `New volume on ${operand}:\n Cluster 51200 bytes (100 blocks).\n    Volume number 1\n` +
      `    Date of backup: ${h.date.replace(/ UTC/, '')}\n    Files backed up by name\n    User root\n`;

/** The count after a listing; the long wording is the catalog's form of `files archived` [inferred]. */
const archivedCount = (n: number, wording: Dialect['wording']): string =>
  wording === 'long' ? `The number of archived files is ${n}.\n` : `files archived: ${n}\n`;

/** One member of the table of contents: restore -T's form is not known (reference §11, gap). */
const memberLine: Record<Dialect['listing'], (size: number, path: string) => string> = {
  sizes: (size, path) => `${String(size).padStart(13)} ${path}\n`,
  paths: (_size, path) => `${path}\n`,
  extract: (size, path) => `x ${String(size).padStart(12)} ${path}\n`,
};

/** Messages for an unreadable image; `prog` is the command that read it. */
export function imageFailure(ctx: Ctx, prog: string, operand: string, e: unknown, d?: Dialect): number {
  if (!(e instanceof ImageError)) throw e;
  if (e.kind === 'missing') (d?.missingStream === 'stderr' ? ctx.err : ctx.out).write(missingMsg(operand));
  // Gap: the real texts for a damaged or foreign archive are not known; these name the cause.
  else if (e.kind === 'format') ctx.err.write(`${prog}: ${operand} is not a volume group backup image.\n`);
  else ctx.err.write(`restore: ${e.message}\n`);
  return 1;
}

export function listvgbackup(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'b:f:aclnrsd:BDLV');
  if (!g.ok) {
    ctx.err.write(`${ctx.cmd}: ${g.message}\n${usage(ctx.cmd)}`);
    return 1;
  }
  const p = g.parsed;
  if (has(p, 'B')) {
    try {
      ctx.out.write(readFileSync(lparPath(ctx.root, '/var/adm/ras/vgbackuplog'), 'utf8'));
    } catch {
      // No backup made yet: an empty log.
    }
    return 0;
  }
  if (has(p, 'r') || has(p, 'L')) {
    ctx.err.write(`aix-sim: ${ctx.cmd} -${has(p, 'r') ? 'r' : 'L'} is not simulated.\n`);
    return 1;
  }
  const operand = value(p, 'f') ?? '/dev/rmt0';
  const file = devicePath(ctx.root, operand);
  const d = dialectOf(loadState(ctx.root));
  try {
    // -c (colon form) is accepted; its format is a reference gap, so -l prints the normal form.
    if (has(p, 'l')) {
      ctx.out.write(describe(readHeader(file), d));
      return 0;
    }
    const header = d.listingHeader === 'stdout' ? ctx.out : ctx.err;
    header.write(volumeHeader(operand, readHeader(file), d.wording));
    const line = memberLine[d.listing];
    let count = 0;
    for (const m of readMembers(file)) {
      ctx.out.bulk(line(m.size, m.path));
      count++;
    }
    ctx.out.flush();
    header.write(archivedCount(count, d.wording));
    return 0;
  } catch (e) {
    ctx.out.flush();
    return imageFailure(ctx, ctx.cmd, operand, e, d);
  }
}
