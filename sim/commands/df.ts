// df, as the modules call it: `df -P -k [file ...]`, POSIX format in 1024-byte blocks. Plain
// `df`, `-m`, `-g` print the same table in their units (AIX's default, non-POSIX layout is
// not simulated: the modules do not read it).
import type { Ctx } from '../ctx';
import { col } from '../fmt';
import { getopt, has } from '../getopt';
import { fsOf, freeMb } from '../space';
import { loadState } from '../state';

export function df(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'Pkmg');
  if (!g.ok) {
    ctx.err.write(`df: ${g.message}\nUsage: df [-P] [-k] [-m] [-g] [FileSystem ... | File ...]\n`);
    return 1;
  }
  const p = g.parsed;
  const [unit, head] = has(p, 'g') ? [1 / 1024, 'GB blocks'] : has(p, 'm') ? [1, 'MB blocks'] : has(p, 'k') ? [1024, '1024-blocks'] : [2048, '512-blocks'];
  const lpar = loadState(ctx.root);
  const operands = p.operands.length > 0 ? p.operands : ['/'];
  ctx.out.write(`${col('Filesystem', 14)}${head.padStart(12)} ${'Used'.padStart(9)} ${'Available'.padStart(9)} Capacity Mounted on\n`);
  let rc = 0;
  for (const operand of operands) {
    const fs = fsOf(lpar, operand);
    if (!fs) {
      ctx.err.write(`df: ${operand}: A file or directory in the path name does not exist.\n`);
      rc = 1;
      continue;
    }
    const n = (mb: number): string => String(Math.round(mb * unit));
    const pct = fs.sizeMb === 0 ? 0 : Math.ceil((fs.usedMb * 100) / fs.sizeMb);
    ctx.out.write(`${col(fs.name, 14)}${n(fs.sizeMb).padStart(12)} ${n(fs.usedMb).padStart(9)} ${n(freeMb(fs)).padStart(9)} ${`${pct}%`.padStart(8)} ${fs.mountedOn}\n`);
  }
  return rc;
}
