// listvgbackup and its other names lsmksysb, lssavevg (reference §4): -l from the image header,
// the table of contents from a full read, -B the backup log.
import { readFileSync } from 'node:fs';
import type { Ctx } from '../ctx';
import { col } from '../fmt';
import { getopt, has, value } from '../getopt';
import { ImageError, readHeader, readMembers, type ImageHeader } from '../image';
import { devicePath, lparPath } from '../paths';
import { lvTable } from './lsvg';

const usage = (cmd: string): string =>
  `Usage: ${cmd} [-b blocks] [-f device] [-a] [-c] [-l] [-n] [-r] [-s] [-d path] [-B] [-D] [-L] [-V] [file_list]
`;

/** The `-l` display: header keys padded to 24, blank line, the lsvg -l table at backup time. */
export function describe(h: ImageHeader): string {
  const kv: Array<[string, string | number]> = [
    ['VOLUME GROUP:', h.vg],
    ['BACKUP DATE/TIME:', h.date],
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

/** 0512-054 goes to stdout: the IBM module searches stdout for it (reference §4.3, unverified). */
export const missingMsg = (operand: string): string => `0512-054 listvgbackup: File ${operand} does not exist or is empty.\n`;

/**
 * The volume header restore prints on stderr before a listing or an extraction (short wording,
 * reference §11).
 */
export const volumeHeader = (operand: string, h: ImageHeader): string =>
  `New volume on ${operand}:\n Cluster 51200 bytes (100 blocks).\n    Volume number 1\n` +
  `    Date of backup: ${h.date.replace(/ UTC/, '')}\n    Files backed up by name\n    User root\n`;

/** Messages for an unreadable image; `prog` is the command that read it. */
export function imageFailure(ctx: Ctx, prog: string, operand: string, e: unknown): number {
  if (!(e instanceof ImageError)) throw e;
  if (e.kind === 'missing') ctx.out.write(missingMsg(operand));
  // Gap: the real texts for a damaged or foreign archive are not known; these name the cause.
  else if (e.kind === 'format') ctx.err.write(`${prog}: ${operand} is not a volume group backup image.\n`);
  else ctx.err.write(`restore: ${e.message}\n`);
  return 1;
}

export async function listvgbackup(ctx: Ctx): Promise<number> {
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
  try {
    // -c (colon form) is accepted; its format is a reference gap, so -l prints the normal form.
    if (has(p, 'l')) {
      ctx.out.write(describe(readHeader(file)));
      return 0;
    }
    ctx.err.write(volumeHeader(operand, readHeader(file)));
    let count = 0;
    for (const m of readMembers(file)) {
      // Table of contents: one path per line on stdout (restore -T form; sizes not shown [gap]).
      await ctx.out.bulk(`${m.path}\n`);
      count++;
    }
    await ctx.out.flush();
    ctx.err.write(`files archived: ${count}\n`);
    return 0;
  } catch (e) {
    await ctx.out.flush();
    return imageFailure(ctx, ctx.cmd, operand, e);
  }
}
