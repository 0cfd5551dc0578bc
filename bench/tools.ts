// Bundles the bench's helper programs (timer, peak-RSS probe) into a scratch directory, so they
// run on plain node, without ts-node's start-up or memory.
import { build } from 'esbuild';
import { join } from 'node:path';

export interface Tools {
  timer: string;
  peakRss: string;
}

export async function buildTools(dir: string): Promise<Tools> {
  const out = { timer: join(dir, 'timer.js'), peakRss: join(dir, 'peak-rss.js') };
  const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'warning' } as const;
  await build({ ...common, entryPoints: [join(__dirname, 'timer.ts')], outfile: out.timer });
  await build({ ...common, entryPoints: [join(__dirname, 'peak-rss.ts')], outfile: out.peakRss });
  return out;
}
