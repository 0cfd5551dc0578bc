// bootlist: `-m mode -o` prints the list (reference §10), `-m mode disk...` sets it.
import type { Ctx } from '../ctx';
import { getopt, has, value } from '../getopt';
import { loadState, updateState } from '../state';
import type { Lpar } from '../types';

const USAGE = `Usage: bootlist [ {-m mode} [ -r ] [ -o ] [ [ -i ] [ -V ] [ -F ]| [ [ -f File ] [ Device [ Attr=Value ... ] ... ] ] ] [ -v ]
`;
const SPEC = 'm:roiVFf:v';
const MODES = ['normal', 'service', 'both', 'prevboot'];

/** Words that are devices, not `attr=value`. */
const devices = (operands: string[]): string[] => operands.filter((w) => !w.includes('='));

export function bootlistMutates(argv: string[]): boolean {
  const g = getopt(argv, SPEC);
  return g.ok && (g.parsed.operands.length > 0 || has(g.parsed, 'i'));
}

/** A disk whose VG holds hd5 boots from it; multipath is not simulated, so one path: pathid=0. */
function show(lpar: Lpar, list: string[]): string {
  return list
    .map((name) => {
      const disk = lpar.disks.find((d) => d.name === name);
      const vg = lpar.vgs.find((v) => v.name === disk?.vg);
      const blv = vg?.lvs.find((lv) => lv.type === 'boot');
      return `${name}${blv ? ` blv=${blv.name}` : ''} pathid=0\n`;
    })
    .join('');
}

export function bootlist(ctx: Ctx): number {
  const g = getopt(ctx.argv, SPEC);
  const mode = g.ok ? value(g.parsed, 'm') : undefined;
  if (!g.ok || !mode || !MODES.includes(mode)) {
    ctx.err.write(USAGE);
    return 1;
  }
  const p = g.parsed;
  const devs = devices(p.operands);
  const key = mode === 'service' ? 'service' : 'normal';
  if (devs.length || has(p, 'i')) {
    const bad = updateState(ctx.root, (lpar) => {
      const unknown = devs.find((d) => !lpar.disks.some((x) => x.name === d));
      if (unknown) return unknown;
      const modes: Array<'normal' | 'service'> = mode === 'both' ? ['normal', 'service'] : [key];
      for (const m of modes) lpar.bootlist[m] = [...devs];
      return undefined;
    });
    if (bad) {
      // Gap: the real text is not in the reference.
      ctx.err.write(`bootlist: Invalid device name ${bad}.\n`);
      return 1;
    }
  } else if (!has(p, 'o')) {
    ctx.err.write(USAGE);
    return 1;
  }
  if (has(p, 'o')) {
    const lpar = loadState(ctx.root);
    ctx.out.write(show(lpar, lpar.bootlist[key]));
  }
  return 0;
}
