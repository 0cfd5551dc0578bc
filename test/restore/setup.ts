// Shared set-up of the restore tests: a simulated LPAR with images made by the simulator's own
// savevg/mksysb, the module run against it, and the check that a run changed nothing at all.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';
import type { Sandbox } from '../e2e/sandbox';
import { runModule, type ModuleRun } from '../helpers/module';

export interface Bench {
  lpar: Lpar;
  dir: string;
  restore(args: Record<string, unknown>, context?: Record<string, unknown>): Promise<ModuleRun>;
  savevgImage(vg?: string): string;
  mksysbImage(): string;
  /** The vgname.data savevg wrote for `vg`, copied to a file of the test's own. */
  dataFile(vg: string): string;
  statePath: string;
}

export function bench(): Bench {
  const lpar = makeLpar({ files: 3 });
  const dir = join(lpar.root, 'backup');
  mkdirSync(dir, { recursive: true });
  const made = (r: { rc: number; stderr: string }, what: string): void => {
    if (r.rc !== 0) throw new Error(`${what} failed: ${r.stderr}`);
  };
  return {
    lpar,
    dir,
    statePath: join(lpar.root, 'var/aix-sim/state.json'),
    restore: (args, context = {}) => runModule('backup', { action: 'restore', ...args, ...context }, { env: { AIX_ROOT: lpar.root } }),
    savevgImage(vg = 'datavg') {
      const path = join(dir, `${vg}.savevg`);
      made(lpar.run('savevg', ['-i', '-f', path, vg]), `savevg ${vg}`);
      return path;
    },
    mksysbImage() {
      const path = join(dir, 'rootvg.mksysb');
      made(lpar.run('mksysb', ['-i', path]), 'mksysb');
      return path;
    },
    dataFile(vg) {
      const path = join(dir, `${vg}.mydata`);
      copyFileSync(join(lpar.root, 'tmp/vgdata', vg, `${vg}.data`), path);
      return path;
    },
  };
}

/** Runs `fn` and checks that the LPAR's state is byte-for-byte the same and no mutating command ran. */
export async function untouched<T>(b: Bench, fn: () => Promise<T>): Promise<T> {
  const before = readFileSync(b.statePath);
  const seen = b.lpar.invocations().length;
  const out = await fn();
  expect(readFileSync(b.statePath).equals(before)).toBe(true);
  const mutating = b.lpar.invocations().slice(seen).filter((i) => i.mutates);
  expect(mutating.map((i) => `${i.cmd} ${i.argv.join(' ')}`)).toEqual([]);
  return out;
}

/** The module's refusal: failed, nothing changed, the message holding every fragment. */
export function refused(run: ModuleRun, ...fragments: string[]): void {
  expect(run.result.failed, run.result.msg).toBe(true);
  expect(run.result.changed).toBe(false);
  for (const f of fragments) expect(run.result.msg).toContain(f);
}

/** The module's commands by their name (the path under AIX_ROOT dropped). */
export function commandNames(run: ModuleRun): string[] {
  return ((run.result.commands as string[] | undefined) ?? []).map((c) => c.split(' ')[0]!.split('/').pop()!);
}

/** `cmd` of the result with the AIX_ROOT prefix dropped from the command, for readable asserts. */
export function cmdOf(run: ModuleRun): string {
  const cmd = typeof run.result.cmd === 'string' ? run.result.cmd : '';
  return cmd.replace(/^\S*\/(\S+)/, '$1');
}

/** Item `index` of `list`; a missing one fails the test naming what was expected. */
export function one<T>(list: readonly T[], index: number, what: string): T {
  const item = list[index];
  if (item === undefined) throw new Error(`${what}: no item ${index}, the list has ${list.length}`);
  return item;
}

/** The sandbox's LPAR of that host name; a missing one fails the test. */
export function lparOf(box: Sandbox, host = 'lpar1'): Lpar {
  const lpar = box.lpars[host];
  if (lpar === undefined) throw new Error(`the sandbox has no LPAR ${host}`);
  return lpar;
}
