// The timing loop, run as its own small node process (bundled by bench/tools.ts): forking from
// the big ts-node process that drives the bench would add its own cost to every sample.
//
//   node timer.js SPEC.json   ->  {"samples": {"arm": [ms, ...], ...}} on stdout
//
// Arms run interleaved, in ABBA order (A B, then B A, ...), so that a slow spell of the machine
// and the order within a round weigh on every arm alike. Warm-up rounds are not recorded.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Arm {
  name: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
}

export interface TimerSpec {
  arms: Arm[];
  warmup: number;
  rounds: number;
}

function once(arm: Arm): number {
  const start = process.hrtime.bigint();
  const [cmd = '', ...rest] = arm.argv;
  const r = spawnSync(cmd, rest, { env: arm.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const took = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) {
    throw new Error(`${arm.name}: ${arm.argv.join(' ')} exited with ${r.status ?? r.signal}: ${String(r.stderr)}${String(r.stdout).slice(0, 2000)}`);
  }
  return took;
}

function main(): void {
  const specFile = process.argv[2];
  if (specFile === undefined) throw new Error('usage: timer.ts SPEC.json');
  const spec = JSON.parse(readFileSync(specFile, 'utf8')) as TimerSpec;
  const samples: Record<string, number[]> = Object.fromEntries(spec.arms.map((a) => [a.name, []]));
  for (let round = 0; round < spec.warmup + spec.rounds; round++) {
    const order = round % 2 === 0 ? spec.arms : [...spec.arms].reverse();
    for (const arm of order) {
      const t = once(arm);
      if (round >= spec.warmup) samples[arm.name]!.push(t);
    }
  }
  process.stdout.write(JSON.stringify({ samples }));
}

main();
