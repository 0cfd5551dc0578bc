// bootinfo: -s disk size in MB (reference §3), -b last boot disk, -K/-y kernel width.
import type { Ctx } from '../ctx';
import { getopt, value } from '../getopt';
import { loadState } from '../state';

const USAGE = `Usage: bootinfo {-a | -b | -B disk | -c | -e | -k | -K | -m | -M | -o disk | -p | -P | -r | -s disk | -t | -T | -y | -z}
`;

export function bootinfo(ctx: Ctx): number {
  const g = getopt(ctx.argv, 's:bKyr');
  if (!g.ok || g.parsed.flags.size !== 1 || g.parsed.operands.length) {
    ctx.err.write(USAGE);
    return 1;
  }
  const p = g.parsed;
  const lpar = loadState(ctx.root);
  const disk = value(p, 's');
  if (disk !== undefined) {
    const d = lpar.disks.find((x) => x.name === disk);
    // Gap: what bootinfo prints for an unknown disk is not known; it prints nothing and exits
    // non-zero (restvg relies on the exit code only).
    if (!d) return 1;
    ctx.out.write(`${d.sizeMb}\n`);
    return 0;
  }
  if (p.flags.has('b')) ctx.out.write(`${lpar.bootlist.normal[0] ?? 'hdisk0'}\n`);
  else if (p.flags.has('r')) ctx.out.write('16777216\n');
  else ctx.out.write('64\n');
  return 0;
}
