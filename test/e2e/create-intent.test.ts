// test/e2e/playbooks/create-intent.yml with the real ansible-playbook on a simulated LPAR: a disk
// as location, a structure-only and a full backup in one dated directory, a directory without
// max_age, a file system too small, a symlinked location and a volume group typo. First run,
// rerun and --check (on this LPAR and on a fresh one).
import { lstatSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, total, type PlaybookRun, type TaskResult } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';
import { matching } from '../helpers/matchers';

const PLAYBOOK = 'test/e2e/playbooks/create-intent.yml';

/** The simulated file systems and files the playbook's tasks expect. */
function prepare(box: Sandbox): Record<string, unknown> {
  const small = join(box.dir, 'small');
  mkdirSync(small);
  mkdirSync(join(box.imageDir, 'series'));
  mkdirSync(join(box.imageDir, 'real'));
  // The link lives outside the image directory, whose snapshot stats every entry.
  const link = join(box.dir, 'current.mksysb');
  symlinkSync(join(box.imageDir, 'real', 'rootvg.mksysb'), link);
  box.lpars.lpar1!.sim(['fs', '--path', small, '--size', '4096', '--free', '2048', '--name', 'nfs01:/export/small']);
  return { ...box.vars, small_dir: small, link_path: link };
}

describeAnsible(PLAYBOOK, () => {
  let box: Sandbox;
  let vars: Record<string, unknown>;
  const play = (extra: { check?: boolean } = {}, sandbox = box, v = vars): Promise<PlaybookRun> =>
    runPlaybook(PLAYBOOK, { hosts: sandbox.hosts, vars: v, tmp: sandbox.dir, ...extra });
  const series = (): string[] => readdirSync(join(box.imageDir, 'series')).sort();
  const vgDataOnly = (r: TaskResult): unknown => (r.backup as { vg_data_only: boolean }).vg_data_only;

  beforeAll(() => {
    box = makeSandbox(['lpar1']);
    vars = prepare(box);
  });
  afterAll(() => box?.cleanup());

  it('--check on a fresh LPAR says what it would create, refuses the rest, and changes nothing', async () => {
    const fresh = makeSandbox(['lpar1']);
    try {
      const v = prepare(fresh);
      const before = fresh.snapshot();
      const run = await play({ check: true }, fresh, v);
      expect(run.rc, run.stderr).toBe(0);
      expect(run.result('Structure only, with IBM\'s -r in flags').msg).toMatch(/^Check mode: Would create a structure-only savevg image of datavg at .*\/series\/lpar1\.datavg\.\d{8}T\d{6}Z\.savevg; nothing was changed\.$/);
      expect(run.result('Full backup into the same directory').msg).toMatch(/^Check mode: Would create a savevg image of datavg at /);
      expect(run.result('Through the symlink').msg).toMatch(/^Check mode: Would create a mksysb image of rootvg at .*\/real\/rootvg\.mksysb \(through the symlink .*\/current\.mksysb, which is kept\); nothing was changed\.$/);
      expect(run.result('A disk is not a tape').failed).toBe(true);
      expect(run.result('No room for the image').failed).toBe(true);
      expect(fresh.snapshot()).toEqual(before);
    } finally {
      fresh.cleanup();
    }
  });

  it('first run: makes what was meant and refuses the rest with the fix', async () => {
    const run = await play();
    expect(run.rc, run.stderr).toBe(0);
    expect(run.result('A disk is not a tape')).toMatchObject({
      failed: true,
      msg: matching(/^location: \/dev\/hdisk1 is disk hdisk1, a disk of volume group datavg, not a tape: /),
    });
    const structure = run.result('Structure only, with IBM\'s -r in flags');
    expect(structure.changed).toBe(true);
    expect(vgDataOnly(structure)).toBe(true);
    expect((structure.warnings as string[]).join('\n')).toContain('flags: -r was taken as the option exclude_data: true');
    const full = run.result('Full backup into the same directory');
    expect(full.changed).toBe(true);
    expect(vgDataOnly(full)).toBe(false);
    expect(series()).toHaveLength(2);
    expect(run.result('A dated directory without max_age')).toMatchObject({ failed: true, msg: matching(/^max_age: location .*\/series is a directory.*e\.g\. max_age: 20h for a nightly job/) });
    expect(run.result('No room for the image')).toMatchObject({
      failed: true,
      msg: matching(/^Not enough room for the mksysb image of rootvg, which needs about 6057 MB .*\(file system nfs01:\/export\/small, .*\) has 2048 MB free: /),
    });
    const link = run.result('Through the symlink');
    expect(link).toMatchObject({ changed: true, link: join(box.dir, 'current.mksysb') });
    expect((link.backup as { location: string }).location).toBe(join(box.imageDir, 'real', 'rootvg.mksysb'));
    expect(lstatSync(join(box.dir, 'current.mksysb')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(box.imageDir, 'real'))).toEqual(['rootvg.mksysb']);
    expect(run.result('A typo in the volume group name')).toMatchObject({ failed: true, msg: 'name: volume group datvg does not exist on this LPAR; its volume groups are rootvg, datavg. Check name.' });
    expect(box.snapshot().mutatingRuns).toBe(3);
  });

  it('rerun: nothing to do (each image is the backup asked for), the same refusals', async () => {
    const before = box.snapshot();
    const run = await play();
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(0);
    expect(run.result('Full backup into the same directory').msg).toMatch(/^The newest complete savevg image of datavg in .*; nothing to do\.$/);
    expect(run.result('Structure only, with IBM\'s -r in flags').msg).toMatch(/^The newest complete structure-only savevg image of datavg in /);
    expect(run.result('No room for the image').failed).toBe(true);
    expect(box.snapshot()).toEqual(before);
  });

  it('--check changes nothing', async () => {
    const before = box.snapshot();
    const run = await play({ check: true });
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(0);
    expect(box.snapshot()).toEqual(before);
    expect(series()).toHaveLength(2);
  });
});
