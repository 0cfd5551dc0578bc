// /usr/bin/ulimit: AIX ships the shell's regular built-ins as commands. Only the file size
// limit is simulated: `ulimit -f` prints it in 512-byte blocks, or `unlimited`
// (`aix-sim limit --fsize`).
import type { Ctx } from '../ctx';
import { loadState } from '../state';

export function ulimit(ctx: Ctx): number {
  const args = ctx.argv.filter((a) => a !== '-S' && a !== '-H');
  if (args.length !== 1 || args[0] !== '-f') {
    ctx.err.write('aix-sim: ulimit: only `ulimit -f` is simulated.\n');
    return 1;
  }
  const blocks = loadState(ctx.root).limits?.fsizeBlocks ?? null;
  ctx.out.write(`${blocks === null ? 'unlimited' : blocks}\n`);
  return 0;
}
