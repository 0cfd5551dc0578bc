// Check mode shows what apply runs: for every action that writes, the built module runs against a
// simulated LPAR twice from the same state, once in check mode and once for real, and the plan of
// the first is the record of the steps the second executed, whose commands are all it ran besides
// its reads. (The dated create, whose new name comes from the clock, is compared in-process with
// a clock of its own: test/unit/plan-equals-apply.test.ts.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { expectPlanApplied } from '../helpers/plan-equals-apply';

let lpar: Lpar | null = null;
afterEach(() => {
  lpar?.cleanup();
  lpar = null;
});

function newLpar(): { lpar: Lpar; dir: string } {
  lpar = makeLpar({ files: 3, hostname: 'lpar1' });
  const dir = join(lpar.root, 'backup');
  mkdirSync(dir, { recursive: true });
  return { lpar, dir };
}

async function checkThenApply(module: string, args: Record<string, unknown>, root: string): Promise<Record<string, unknown>> {
  const env = { env: { AIX_ROOT: root } };
  const check = await runModule(module, { ...args, _ansible_check_mode: true }, env);
  const apply = await runModule(module, args, env);
  expectPlanApplied(check.result, apply.result);
  return apply.result;
}

describe('the check-mode plan is what apply runs', () => {
  it('create, type mksysb, to a file', async () => {
    const { lpar: l, dir } = newLpar();
    const r = await checkThenApply('backup', { action: 'create', type: 'mksysb', location: join(dir, 'rootvg.mksysb') }, l.root);
    expect(r.changed).toBe(true);
  });

  it('create, type savevg, replacing an image older than max_age', async () => {
    const { lpar: l, dir } = newLpar();
    const location = join(dir, 'datavg.savevg');
    expect(l.run('savevg', ['-i', '-f', location, 'datavg']).rc).toBe(0);
    await new Promise((r) => setTimeout(r, 1600));
    const r = await checkThenApply('backup', { action: 'create', type: 'savevg', name: 'datavg', location, max_age: '1s' }, l.root);
    expect(r.msg).toMatch(/^Replaced an image/);
  });

  it('restore, type savevg (restvg)', async () => {
    const { lpar: l, dir } = newLpar();
    const image = join(dir, 'datavg.savevg');
    expect(l.run('savevg', ['-i', '-f', image, 'datavg']).rc).toBe(0);
    l.sim(['exportvg', 'datavg']);
    const r = await checkThenApply('backup', { action: 'restore', type: 'savevg', name: 'hdisk2', location: image }, l.root);
    expect(r.volume_group).toBe('datavg');
  });

  it('restore, type mksysb (alt_disk_mksysb), replacing an alternate rootvg the bootlist names', async () => {
    const { lpar: l, dir } = newLpar();
    const image = join(dir, 'rootvg.mksysb');
    expect(l.run('mksysb', ['-i', image]).rc).toBe(0);
    expect(l.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    const r = await checkThenApply('backup', { action: 'restore', type: 'mksysb', location: image, disk: ['hdisk2'], force: true }, l.root);
    const kinds = (r.applied as { op: { kind: string } }[]).map((s) => s.op.kind);
    expect(kinds).toEqual(['full-read', 'command', 'command', 'forget-alt-record', 'classified', 'record-alt-disk']);
  });

  it('the powerops.aix.mksysb module', async () => {
    const { lpar: l, dir } = newLpar();
    const r = await checkThenApply('mksysb', { name: 'lpar1.mksysb', storage_path: dir }, l.root);
    expect(r.changed).toBe(true);
  });
});
