// examples/mksysb-community.yml (a community.general.mksysb task with the module name changed)
// with the real ansible-playbook: it makes the image, a rerun makes a new one as the original
// does (max_age is not set), --check changes nothing, and the flags are the documented ones.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, total, type PlaybookRun } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';

const PLAYBOOK = 'examples/mksysb-community.yml';
const TASK = 'Running a backup image mksysb';

describeAnsible(PLAYBOOK, () => {
  let box: Sandbox;
  const play = (extra: { check?: boolean; diff?: boolean } = {}): Promise<PlaybookRun> => runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, tmp: box.dir, ...extra });

  beforeAll(() => {
    box = makeSandbox(['lpar1']);
  });
  afterAll(() => box?.cleanup());

  it('--check on a fresh LPAR previews the command and makes no image', async () => {
    const fresh = makeSandbox(['lpar1']);
    try {
      const run = await runPlaybook(PLAYBOOK, { hosts: fresh.hosts, vars: fresh.vars, tmp: fresh.dir, check: true });
      expect(run.rc, run.stderr).toBe(0);
      const r = run.result(TASK);
      expect(r.changed).toBe(true);
      expect(r.msg).toMatch(/^Check mode: /);
      expect(fresh.snapshot().images).toEqual({});
      expect(fresh.snapshot().mutatingRuns).toBe(0);
    } finally {
      fresh.cleanup();
    }
  });

  it('first run makes storage_path/name with the documented flags', async () => {
    const run = await play({ diff: true });
    expect(run.rc, run.stderr).toBe(0);
    const r = run.result(TASK);
    expect(r.changed).toBe(true);
    expect(r.action).toBe('powerops.aix.mksysb');
    expect(String(r.cmd)).toMatch(/\/usr\/bin\/mksysb -i -e -X -A -G \S+\/\.lpar1\.mksysb\.partial-\S+$/);
    expect(r.backup).toMatchObject({ location: `${box.imageDir}/lpar1.mksysb`, kind: 'mksysb', complete: true });
    expect(r.diff).toBeDefined();
  });

  it('second run makes a new image, as community.general.mksysb does without max_age; one image stays', async () => {
    const before = box.snapshot();
    const run = await play();
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(1);
    expect(run.result(TASK).msg).toBe(`Made a new mksysb image of rootvg at ${box.imageDir}/lpar1.mksysb (force)`);
    expect(Object.keys(box.snapshot().images)).toEqual(['lpar1.mksysb']);
    expect(box.snapshot().images).not.toEqual(before.images);
  });

  it('--check says it would make a new image, and changes nothing', async () => {
    const before = box.snapshot();
    const run = await play({ check: true });
    expect(run.rc, run.stderr).toBe(0);
    expect(run.result(TASK).msg).toMatch(/^Check mode: Would make a new mksysb image of rootvg at .*; nothing was changed\.$/);
    expect(box.snapshot()).toEqual(before);
  });
});
