// Restore targets and restore messages as an admin meets them through ansible-playbook: first
// run, rerun and --check. An Oracle ASM disk and a restvg target without PVID are refused (in
// check mode too), a PVID-less disk takes an alternate rootvg, and a savevg image of rootvg gets
// the one answer that works from both restores.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, type PlaybookRun, type RunPlaybookOptions, type TaskResult } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from '../e2e/sandbox';
import { lparOf, one } from './setup';

const PLAYBOOK = join(__dirname, 'playbooks/restore-steps.yml');

let box: Sandbox;
/** Each scenario on a simulated LPAR of its own. */
function freshSandbox(): void {
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box?.cleanup());
}

const play = (steps: Record<string, unknown>[], opts: Partial<RunPlaybookOptions> = {}): Promise<PlaybookRun> =>
  runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, extraVars: { steps }, tmp: box.dir, ...opts });
const items = (run: PlaybookRun): TaskResult[] => run.result('Backup steps').results as TaskResult[];
const item = (run: PlaybookRun, index: number): TaskResult => one(items(run), index, 'the results of "Backup steps"');

describeAnsible('ansible-playbook: restore targets', () => {
  freshSandbox();
  let savevg = '';
  let mksysb = '';
  beforeAll(() => {
    const lpar = lparOf(box);
    savevg = join(box.imageDir, 'lpar1-datavg.savevg');
    mksysb = join(box.imageDir, 'lpar1.mksysb');
    expect(lpar.run('savevg', ['-i', '-f', savevg, 'datavg']).rc).toBe(0);
    expect(lpar.run('mksysb', ['-i', mksysb]).rc).toBe(0);
    lpar.sim(['exportvg', 'datavg']);
  });

  const refusals = (): Record<string, unknown>[] => [
    { action: 'restore', type: 'savevg', name: 'hdisk5', location: savevg },
    { action: 'restore', type: 'savevg', name: 'hdisk4', location: savevg },
    { action: 'restore', type: 'mksysb', disk: ['hdisk5'], location: mksysb },
  ];

  it('an ASM disk and a PVID-less restvg target are refused with the fix, in a run and in --check, and nothing changes', async () => {
    for (const check of [false, true]) {
      const before = box.snapshot();
      const run = await play(refusals(), { check });
      expect(run.rc).toBe(2);
      const [asm, noPvid, altAsm] = [item(run, 0), item(run, 1), item(run, 2)];
      expect(asm.failed).toBe(true);
      expect(asm.msg).toContain('hdisk5 carries an Oracle ASM disk header (lquerypv -h /dev/hdisk5 shows ORCLDISK)');
      expect(noPvid.failed).toBe(true);
      expect(noPvid.msg).toContain('chdev -l hdisk4 -a pv=yes');
      expect(altAsm.failed).toBe(true);
      expect(altAsm.msg).toContain('disk: hdisk5 carries an Oracle ASM disk header');
      expect(box.snapshot()).toEqual(before);
    }
  });

  const installs = (): Record<string, unknown>[] => [
    { action: 'restore', type: 'mksysb', disk: ['hdisk4'], location: mksysb, bootlist: false },
    { action: 'restore', type: 'savevg', name: 'hdisk2', location: savevg },
  ];

  it('--check on the disks that are fine: alt_disk_mksysb on the PVID-less disk, restvg on a disk with PVID; nothing changes', async () => {
    const before = box.snapshot();
    const run = await play(installs(), { check: true });
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    expect(items(run).map((r) => r.changed)).toEqual([true, true]);
    expect(box.snapshot()).toEqual(before);
  });

  it('first run installs and restores; the rerun and --check change nothing', async () => {
    const first = await play(installs());
    expect(first.rc, JSON.stringify(first.tasks)).toBe(0);
    expect(items(first).map((r) => r.changed)).toEqual([true, true]);
    expect(lparOf(box).run('lspv').stdout).toMatch(/^hdisk4 +[0-9a-f]{16} +altinst_rootvg$/m);
    for (const check of [false, true]) {
      const before = box.snapshot();
      const run = await play(installs(), { check });
      expect(run.rc).toBe(0);
      expect(items(run).map((r) => r.changed)).toEqual([false, false]);
      expect(box.snapshot()).toEqual(before);
    }
  });
});

describeAnsible('ansible-playbook: restore messages', () => {
  freshSandbox();
  beforeAll(() => {
    expect(lparOf(box).run('mksysb', ['-i', join(box.imageDir, 'lpar1.mksysb')]).rc).toBe(0);
  });

  it('a savevg image of rootvg: both restores give the same answer, naming what works (run and --check)', async () => {
    const image = join(box.imageDir, 'lpar1-rootvg.savevg');
    expect(lparOf(box).run('savevg', ['-i', '-f', image, 'rootvg']).rc).toBe(0);
    const steps = [
      { action: 'restore', type: 'savevg', name: 'hdisk3', location: image },
      { action: 'restore', type: 'mksysb', disk: ['hdisk3'], location: image },
    ];
    for (const check of [false, true]) {
      const run = await play(steps, { check });
      expect(run.rc).toBe(2);
      const [viaRestvg, viaAltDisk] = [item(run, 0), item(run, 1)];
      expect(viaRestvg.failed && viaAltDisk.failed).toBe(true);
      expect(viaRestvg.msg).toContain(`restore -xvqf ${image} ./path/to/file`);
      expect(viaAltDisk.msg).toBe(viaRestvg.msg);
    }
  });

  it('an alt_disk_mksysb failure without message number quotes its stderr', async () => {
    const mksysb = join(box.imageDir, 'lpar1.mksysb');
    lparOf(box).sim(['fault', 'set', '--cmd', 'alt_disk_mksysb', '--kind', 'fail', '--rc', '1', '--message', 'ksh: /usr/sbin/alt_disk_install: cannot execute', '--times', '1']);
    const run = await play([{ action: 'restore', type: 'mksysb', disk: ['hdisk3'], location: mksysb, bootlist: false }]);
    expect(run.rc).toBe(2);
    const r = item(run, 0);
    expect(r.msg).toContain('no AIX message number; the last lines of its stderr: "ksh: /usr/sbin/alt_disk_install: cannot execute"');
  });
});
