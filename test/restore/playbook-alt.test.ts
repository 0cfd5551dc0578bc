// The alternate-disk scenarios as an admin runs them: through ansible-playbook, first run, rerun
// and --check. Bootability (the bootlist is moved to rootvg before an altinst_rootvg it names is
// removed, or the task is refused), refreshing an alternate disk from a newer image, and phase 1
// then phase 23.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, type PlaybookRun, type RunPlaybookOptions, type TaskResult } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from '../e2e/sandbox';
import { lparOf, one } from './setup';

const PLAYBOOK = join(__dirname, 'playbooks/restore-steps.yml');
/** One task outside a loop: Ansible keeps the module's warnings only there. */
const ONE_TASK = join(__dirname, 'playbooks/restore-task.yml');

type Play = (steps: Record<string, unknown>[], opts?: Partial<RunPlaybookOptions>) => Promise<PlaybookRun>;

function scenario(): { box: () => Sandbox; play: Play; task: (args: Record<string, unknown>, opts?: Partial<RunPlaybookOptions>) => Promise<PlaybookRun> } {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box?.cleanup());
  return {
    box: () => box,
    play: (steps, opts = {}) => runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, extraVars: { steps }, tmp: box.dir, ...opts }),
    task: (args, opts = {}) => runPlaybook(ONE_TASK, { hosts: box.hosts, vars: box.vars, extraVars: { task_args: args }, tmp: box.dir, ...opts }),
  };
}

const items = (run: PlaybookRun): TaskResult[] => run.result('Backup steps').results as TaskResult[];
const item = (run: PlaybookRun, index: number): TaskResult => one(items(run), index, 'the results of "Backup steps"');
const warningsOf = (r: TaskResult): string[] => (r.warnings as string[] | undefined) ?? [];

describeAnsible('ansible-playbook: removing an altinst_rootvg that the bootlist names', () => {
  const s = scenario();
  let image = '';
  const reinstallTask = (extra: Record<string, unknown> = {}): Record<string, unknown> =>
    ({ action: 'restore', type: 'mksysb', location: image, disk: ['hdisk2'], force: true, ...extra });
  const reinstall = (extra: Record<string, unknown> = {}): Record<string, unknown>[] => [reinstallTask(extra)];

  beforeAll(() => {
    const lpar = lparOf(s.box());
    image = join(s.box().imageDir, 'lpar1.mksysb');
    expect(lpar.run('mksysb', ['-i', image]).rc).toBe(0);
    // An alternate rootvg made earlier, the bootlist on it.
    expect(lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
  });

  it('--check shows the bootlist moved to rootvg before the removal, and changes nothing', async () => {
    const before = s.box().snapshot();
    const run = await s.play(reinstall(), { check: true });
    expect(run.rc, run.stderr).toBe(0);
    const r = item(run, 0);
    expect(r.changed).toBe(true);
    // The image is read in full first, whatever its record says; then the bootlist moves.
    const cmds = (r.plan as Array<{ cmd?: string }>).map((p) => p.cmd);
    expect(cmds[0]).toMatch(/^listvgbackup -l -f (\S+\/lpar1\.mksysb) && listvgbackup -f \1$/);
    expect(cmds[1]).toBe('bootlist -m normal hdisk0');
    expect(s.box().snapshot()).toEqual(before);
  });

  it('with bootlist: false the task is refused, saying how to proceed, and nothing changes', async () => {
    const before = s.box().snapshot();
    const run = await s.play(reinstall({ bootlist: false }));
    expect(run.rc).toBe(2);
    const r = item(run, 0);
    expect(r.failed).toBe(true);
    expect(r.msg).toContain('names hdisk3, which this task would empty (alt_rootvg_op -X altinst_rootvg) and install over');
    expect(r.msg).toContain('bootlist -m normal hdisk0');
    expect(s.box().snapshot()).toEqual(before);
  });

  it('first run: bootlist to rootvg, removal, install; warnings name the next boot disks each time', async () => {
    const run = await s.task(reinstallTask());
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    const r = run.result('Backup task');
    expect(r.changed).toBe(true);
    expect(warningsOf(r)).toContainEqual(expect.stringContaining("the next boot uses hdisk0 until alt_disk_mksysb points it at hdisk2"));
    expect(warningsOf(r)).toContainEqual(expect.stringContaining('the next boot uses the new altinst_rootvg on hdisk2'));
    expect(lparOf(s.box()).state().bootlist.normal).toEqual(['hdisk2']);
  });

  it('rerun and --check: nothing to do, the image named', async () => {
    for (const check of [false, true]) {
      const before = s.box().snapshot();
      const run = await s.play(reinstall(), { check });
      expect(run.rc).toBe(0);
      const r = item(run, 0);
      expect(r.changed).toBe(false);
      expect(r.msg).toContain('installed from');
      expect(s.box().snapshot()).toEqual(before);
    }
  });
});

describeAnsible('ansible-playbook: refreshing an alternate disk from a newer image', () => {
  const s = scenario();
  let location = '';
  const steps = (force = false): Record<string, unknown>[] => [
    { action: 'create', type: 'mksysb', location },
    { action: 'restore', type: 'mksysb', location, disk: ['hdisk2'], bootlist: false, force },
  ];

  beforeAll(() => {
    location = join(s.box().imageDir, 'lpar1.mksysb');
  });

  it('--check on the fresh LPAR previews the backup and changes nothing', async () => {
    const before = s.box().snapshot();
    const run = await s.play(steps().slice(0, 1), { check: true });
    expect(run.rc).toBe(0);
    expect(item(run, 0).changed).toBe(true);
    expect(s.box().snapshot()).toEqual(before);
  });

  it('first run makes the image and installs it; rerun and --check change nothing', async () => {
    const first = await s.play(steps());
    expect(first.rc, JSON.stringify(first.tasks)).toBe(0);
    expect(items(first).map((r) => r.changed)).toEqual([true, true]);
    for (const check of [false, true]) {
      const before = s.box().snapshot();
      const run = await s.play(steps(), { check });
      expect(run.rc).toBe(0);
      expect(items(run).map((r) => r.changed)).toEqual([false, false]);
      expect(s.box().snapshot()).toEqual(before);
    }
  });

  it('a newer image: the alternate disk is out of date and the task says how to refresh it (run and --check)', async () => {
    // The LPAR's clock a minute ahead dates the new image later than the first, with no waiting.
    lparOf(s.box()).sim(['clock', '--offset', '60']);
    expect(lparOf(s.box()).run('mksysb', ['-i', location]).rc).toBe(0);
    for (const check of [false, true]) {
      const before = s.box().snapshot();
      const run = await s.play(steps(), { check });
      expect(run.rc).toBe(2);
      const r = item(run, 1);
      expect(r.failed).toBe(true);
      expect(r.msg).toContain('a newer image: the alternate disk is out of date');
      expect(r.msg).toContain('set force: true');
      expect(s.box().snapshot()).toEqual(before);
    }
  });

  it('force: true reinstalls it; the rerun and --check then change nothing', async () => {
    const run = await s.play(steps(true));
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    expect(items(run).map((r) => r.changed)).toEqual([false, true]);
    expect(item(run, 1).msg).toContain('after removing the out-of-date altinst_rootvg');
    for (const check of [false, true]) {
      const again = await s.play(steps(true), { check });
      expect(again.rc).toBe(0);
      expect(items(again).map((r) => r.changed)).toEqual([false, false]);
    }
  });
});

describeAnsible('ansible-playbook: phase 1, then phase 23', () => {
  const s = scenario();
  let image = '';
  const steps = (): Record<string, unknown>[] => [
    { action: 'restore', type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' },
    { action: 'restore', type: 'mksysb', location: image, disk: ['hdisk2'], phase: '23' },
  ];

  beforeAll(() => {
    image = join(s.box().imageDir, 'lpar1.mksysb');
    expect(lparOf(s.box()).run('mksysb', ['-i', image]).rc).toBe(0);
  });

  it('first run: phase 1 leaves altinst_rootvg varied on, phase 23 finishes it and sets the bootlist', async () => {
    const run = await s.play(steps());
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    expect(items(run).map((r) => r.changed)).toEqual([true, true]);
    const state = lparOf(s.box()).state();
    expect(state.vgs.find((v: { name: string }) => v.name === 'altinst_rootvg')?.state).toBe('varied-off');
    expect(state.bootlist.normal).toEqual(['hdisk2']);
  });

  it('rerun and --check change nothing', async () => {
    for (const check of [false, true]) {
      const before = s.box().snapshot();
      const run = await s.play(steps(), { check });
      expect(run.rc).toBe(0);
      expect(items(run).map((r) => r.changed)).toEqual([false, false]);
      expect(s.box().snapshot()).toEqual(before);
    }
  });
});
