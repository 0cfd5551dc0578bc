// examples/rootvg-mksysb-retention.yml with the real ansible-playbook on two simulated LPARs
// sharing one image directory: dated names per LPAR, idempotent reruns, keep, --check.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, total, type PlaybookRun } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';

const PLAYBOOK = 'examples/rootvg-mksysb-retention.yml';
const TASK = 'Make a dated system backup unless the newest is younger than max_age; keep the newest ones';

describeAnsible(PLAYBOOK, () => {
  let box: Sandbox;
  const play = (extra: { check?: boolean; diff?: boolean; extraVars?: Record<string, unknown> } = {}): Promise<PlaybookRun> =>
    runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, tmp: box.dir, ...extra });
  const images = (host: string): string[] => readdirSync(box.imageDir).filter((f) => f.startsWith(`${host}.rootvg.`) && f.endsWith('.mksysb')).sort();

  beforeAll(() => {
    box = makeSandbox(['lpar1', 'lpar2']);
  });
  afterAll(() => box?.cleanup());

  it('first run: one dated image per LPAR in the shared directory, with a diff', async () => {
    const run = await play({ diff: true });
    expect(run.rc, run.stderr).toBe(0);
    for (const host of ['lpar1', 'lpar2']) {
      const r = run.result(TASK, host);
      expect(r.changed).toBe(true);
      expect((r.diff as { before: string }).before).toMatch(/no mksysb image of rootvg from /);
      expect(images(host)).toEqual([expect.stringMatching(new RegExp(`^${host}\\.rootvg\\.\\d{8}T\\d{6}Z\\.mksysb$`))]);
      expect(r.pruned).toEqual([]);
    }
    expect(readdirSync(box.imageDir).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('second run changes nothing', async () => {
    const run = await play();
    expect(run.rc, run.stderr).toBe(0);
    expect(total(run, 'changed')).toBe(0);
  });

  it('--check changes nothing', async () => {
    const before = box.snapshot();
    const run = await play({ check: true, extraVars: { backup_max_age: '1s' } });
    expect(run.rc, run.stderr).toBe(0);
    expect(run.result(TASK, 'lpar1').msg).toMatch(/^Check mode: Would create a mksysb image of rootvg at /);
    expect(box.snapshot()).toEqual(before);
  });

  it('keep: each LPAR keeps its newest images, and never touches the other LPAR', async () => {
    const first = { lpar1: images('lpar1'), lpar2: images('lpar2') };
    // The LPARs' clocks ten seconds behind: each new image is dated older than max_age 1s at
    // once, instead of the test waiting for it to age.
    for (const lpar of Object.values(box.lpars)) lpar.sim(['clock', '--offset', '-10']);
    for (let i = 0; i < 2; i++) {
      const run = await play({ extraVars: { backup_max_age: '1s', backup_keep: 2 } });
      expect(run.rc, run.stderr).toBe(0);
      expect(total(run, 'changed')).toBe(2);
    }
    for (const host of ['lpar1', 'lpar2'] as const) {
      expect(images(host)).toHaveLength(2);
      expect(images(host)).not.toContain(first[host][0]);
    }
  });
});
