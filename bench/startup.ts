// The idempotent no-op against a bare `node -e 0`: a mksysb image the module made and verified
// itself, asked for again. Both sides run on the same node binary with the same environment,
// interleaved, after a warm-up.
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanEnv, MODULE, shebangFlags } from './env';
import { invocationCount, makeLpar, runModule, writeArgs } from './lpar';
import { summarize, type Summary } from './stats';
import type { TimerSpec } from './timer';

export interface StartupFigures {
  module: Summary;
  bare: Summary;
  /** Median of the module over median of bare node. */
  ratio: number;
  /** The same no-op where the module cannot use its V8 code cache (its directory is not root's). */
  withoutCache: Summary;
  withoutCacheRatio: number;
  /** Cache files in each LPAR's cache directory after the timed runs (one per set of node flags): which side had one. */
  cacheFiles: { withCache: number; withoutCache: number };
  /** Bare node with NODE_EXTRA_CA_CERTS as this shell has it, when it has it. */
  bareWithCaCerts: Summary | null;
  /** AIX commands the no-op listed in its result (`commands`). */
  resultCommands: number;
  /** AIX command runs the simulator logged during all timed no-op runs. */
  simInvocations: number;
  timedRuns: number;
}

function cacheFiles(lpar: { root: string }): number {
  try {
    return readdirSync(join(lpar.root, 'var/powerops/cache')).filter((n) => n.endsWith('.bin')).length;
  } catch {
    return 0;
  }
}

function samplesOf(samples: Record<string, number[]>, arm: string): number[] {
  const s = samples[arm];
  if (s === undefined || s.length === 0) throw new Error(`the timer returned no samples for ${arm}`);
  return s;
}

export function measureStartup(timer: string, scratch: string, rounds: number, warmup: number): StartupFigures {
  const lpar = makeLpar();
  const uncached = makeLpar();
  try {
    const images = join(scratch, 'startup-images');
    mkdirSync(images, { recursive: true });
    const args = writeArgs(scratch, 'noop', { action: 'create', type: 'mksysb', location: join(images, 'rootvg.mksysb') });
    const made = runModule(lpar, args);
    if (!made.changed) throw new Error(`the first run should have made the image: ${made.msg}`);
    const noop = runModule(lpar, args);
    if (noop.changed) throw new Error(`the second run should have been a no-op: ${noop.msg}`);

    const env = cleanEnv({ AIX_ROOT: lpar.root });
    // A second LPAR with the same image, whose cache directory the module refuses (not root's).
    const uncachedArgs = writeArgs(scratch, 'noop-uncached', { action: 'create', type: 'mksysb', location: join(images, 'rootvg.mksysb') });
    const cacheDir = join(uncached.root, 'var/powerops/cache');
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    chownSync(cacheDir, 65534, 65534);
    runModule(uncached, uncachedArgs);
    const spec: TimerSpec = {
      warmup,
      rounds,
      arms: [
        { name: 'module', argv: [process.execPath, ...shebangFlags(), MODULE, args], env },
        { name: 'moduleWithoutCache', argv: [process.execPath, ...shebangFlags(), MODULE, uncachedArgs], env: cleanEnv({ AIX_ROOT: uncached.root }) },
        { name: 'bare', argv: [process.execPath, '-e', '0'], env },
      ],
    };
    const caCerts = process.env.NODE_EXTRA_CA_CERTS;
    if (caCerts) spec.arms.push({ name: 'bareCa', argv: [process.execPath, '-e', '0'], env: { ...env, NODE_EXTRA_CA_CERTS: caCerts } });
    const specFile = join(scratch, 'timer-spec.json');
    writeFileSync(specFile, JSON.stringify(spec));

    const before = invocationCount(lpar);
    const out = execFileSync(process.execPath, [timer, specFile], { env: cleanEnv(), encoding: 'utf8', maxBuffer: 16 << 20 });
    const simInvocations = invocationCount(lpar) - before;
    const { samples } = JSON.parse(out) as { samples: Record<string, number[]> };
    const module = summarize(samplesOf(samples, 'module'));
    const bare = summarize(samplesOf(samples, 'bare'));
    const withoutCache = summarize(samplesOf(samples, 'moduleWithoutCache'));
    return {
      module,
      bare,
      ratio: module.median / bare.median,
      withoutCache,
      withoutCacheRatio: withoutCache.median / bare.median,
      cacheFiles: { withCache: cacheFiles(lpar), withoutCache: cacheFiles(uncached) },
      bareWithCaCerts: caCerts ? summarize(samplesOf(samples, 'bareCa')) : null,
      resultCommands: noop.commands?.length ?? -1,
      simInvocations,
      timedRuns: warmup + rounds,
    };
  } finally {
    lpar.cleanup();
    uncached.cleanup();
  }
}
