// examples/backup-info.yml with the real ansible-playbook, after the retention example made
// images on two simulated LPARs: it lists both LPARs' images, changes nothing, writes nothing
// into the image directory, and fails the play when a volume group is stale.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, total, type PlaybookRun } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';

const PLAYBOOK = 'examples/backup-info.yml';
const TASK = 'List the images; an image this LPAR already checked costs no AIX command';

describeAnsible(PLAYBOOK, () => {
  let box: Sandbox;
  const play = (file = PLAYBOOK, extra: { check?: boolean; extraVars?: Record<string, unknown> } = {}): Promise<PlaybookRun> =>
    runPlaybook(file, { hosts: box.hosts, vars: box.vars, tmp: box.dir, ...extra });

  beforeAll(async () => {
    box = makeSandbox(['lpar1', 'lpar2']);
    // The LPARs' clocks two hours behind while the images are made: they are dated two hours ago.
    const clocks = (offset: string) => Object.values(box.lpars).forEach((l) => l.sim(['clock', '--offset', offset]));
    clocks('-7200');
    expect((await play('examples/rootvg-mksysb-retention.yml')).rc).toBe(0);
    clocks('0');
  });
  afterAll(() => box?.cleanup());

  it('lists the images of both LPARs, changes nothing, and passes the checks', async () => {
    const before = box.snapshot();
    const run = await play();
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(0);
    const r = run.result(TASK, 'lpar1');
    expect(r.action).toBe('powerops.aix.backup_info');
    const images = r.images as { hostname: string; complete: boolean; volume_group: string }[];
    expect(images.map((i) => i.hostname).sort()).toEqual(['lpar1', 'lpar2']);
    expect(images.every((i) => i.complete && i.volume_group === 'rootvg')).toBe(true);
    expect(r.stale).toEqual([]);
    // lpar1 made its own image (recorded); lpar2's it checks once, with the full read.
    expect((r.commands as string[]).length).toBe(2);
    expect(box.snapshot()).toEqual(before);
    const again = await play();
    expect(again.result(TASK, 'lpar1').commands).toEqual([]);
  });

  it('--check gives the same answer', async () => {
    const run = await play(PLAYBOOK, { check: true });
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(0);
    expect((run.result(TASK, 'lpar2').images as unknown[]).length).toBe(2);
  });

  it('fails the play on every LPAR when a volume group is stale', async () => {
    const run = await play(PLAYBOOK, { extraVars: { backup_warn_age: '1h' } });
    expect(run.rc).toBe(2);
    for (const host of ['lpar1', 'lpar2']) {
      const stale = run.result(TASK, host).stale as { hostname: string; volume_group: string }[];
      expect(stale.map((s) => s.hostname).sort()).toEqual(['lpar1', 'lpar2']);
      expect(run.result('Fail when an image is incomplete or a volume group has no recent complete image', host).failed).toBe(true);
    }
  });
});
