// A fresh simulated AIX LPAR for a test, built from dist/sim/aix-sim.js (run `npm run build`).
//
//   const lpar = makeLpar();                       // init under a temp dir
//   const r = lpar.run('lsvg', ['-o']);            // $root/usr/{bin,sbin}/lsvg, LANG=C, stdin empty
//   lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '500']);
//   lpar.state().vgs; lpar.invocations(); lpar.cleanup();
//
// `root` is what the modules get as AIX_ROOT.
import { execa, execaSync } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { admin } from '../sim/admin';
import type { Invocation } from '../sim/invocations';
import type { Lpar as SimState } from '../sim/types';
import { AS_PRINTED, AS_PRINTED_SYNC, startFailure } from './processes';

export const SIM = join(__dirname, '../dist/sim/aix-sim.js');

export interface RunResult {
  rc: number;
  /** Set when the process died from a signal (e.g. the kill fault). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Text on stdin (default: empty, i.e. end of file at once). */
  input?: string;
  env?: Record<string, string>;
}

/** One record of the simulator's invocation log, as the simulator writes it. */
export type { Invocation } from '../sim/invocations';

export interface LparOptions {
  /** Files per file system (default 20). */
  files?: number;
  /** Image payload bytes per MB of used space (default 32). */
  scale?: number;
  hostname?: string;
  /** Directory the LPAR's root is made in (default: the system temp directory). */
  parent?: string;
  /** The simulator's dialect (sim/dialects.ts); default: $AIX_SIM_DIALECT, else the simulator's default. */
  dialect?: string;
}

export interface Lpar {
  root: string;
  /** Path of an AIX command under the root, e.g. cmdPath('mksysb') = root/usr/bin/mksysb. */
  cmdPath(cmd: string): string;
  run(cmd: string, args?: string[], opts?: RunOptions): RunResult;
  runAsync(cmd: string, args?: string[], opts?: RunOptions): Promise<RunResult>;
  /** A simulator verb with --root filled in; throws if it fails. */
  sim(args: string[]): string;
  /** The simulator's state as its `status` verb prints it. */
  state(): SimState;
  invocations(): Invocation[];
  cleanup(): void;
}

const ENV = { LANG: 'C', LC_ALL: 'C' };

/**
 * Verbs that only read the LPAR's files: the simulator's own code answers them in this process,
 * as its process would (tests ask for the state and the invocation log often, and a process
 * costs about 0.15 s of CPU each time). Every other verb runs the built simulator.
 */
const READ_ONLY = new Set(['status', 'invocations']);

export function makeLpar(opts: LparOptions = {}): Lpar {
  if (!existsSync(SIM)) throw new Error(`${SIM} is missing: run npm run build first`);
  const root = mkdtempSync(join(opts.parent ?? tmpdir(), 'aix-lpar-'));
  const sim = (args: string[]): string => {
    const [verb, ...rest] = args;
    if (verb !== undefined && READ_ONLY.has(verb)) return admin(verb, root, rest);
    const r = execaSync(process.execPath, [SIM, verb ?? '', '--root', root, ...rest], AS_PRINTED_SYNC);
    if (r.exitCode !== 0) throw new Error(`aix-sim ${args.join(' ')}: rc ${r.exitCode ?? r.signal}: ${r.stderr}`);
    return r.stdout;
  };
  const init = ['init'];
  if (opts.files !== undefined) init.push('--files', String(opts.files));
  if (opts.scale !== undefined) init.push('--scale', String(opts.scale));
  if (opts.hostname !== undefined) init.push('--hostname', opts.hostname);
  const dialect = opts.dialect ?? process.env.AIX_SIM_DIALECT;
  if (dialect !== undefined && dialect !== '') init.push('--dialect', dialect);
  sim(init);
  const cmdPath = (cmd: string): string => {
    const sbin = join(root, 'usr/sbin', cmd);
    return existsSync(sbin) ? sbin : join(root, 'usr/bin', cmd);
  };
  const env = (o?: RunOptions): NodeJS.ProcessEnv => ({ ...ENV, ...o?.env });
  const ended = (cmd: string, r: { exitCode?: number; signal?: NodeJS.Signals; failed: boolean; stdout: string; stderr: string }): RunResult => {
    const failure = startFailure(cmd, r);
    if (failure) throw failure;
    return { rc: r.exitCode ?? -1, signal: r.signal ?? null, stdout: r.stdout, stderr: r.stderr };
  };
  return {
    root,
    cmdPath,
    run(cmd, args = [], o) {
      return ended(cmd, execaSync(cmdPath(cmd), args, { ...AS_PRINTED_SYNC, input: o?.input ?? '', env: env(o) }));
    },
    async runAsync(cmd, args = [], o) {
      return ended(cmd, await execa(cmdPath(cmd), args, { ...AS_PRINTED, input: o?.input ?? '', env: env(o) }));
    },
    sim,
    // The simulator prints its own state document; the tests read it as that type.
    state: () => JSON.parse(sim(['status'])) as SimState,
    invocations: () =>
      sim(['invocations'])
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Invocation),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
