// The examples that make and read images, run by ansible-playbook (see examples.ts).
import { expect, it } from 'vitest';
import { describeAnsible, runPlaybook } from '../helpers/ansible';
import { exampleSuite } from './examples';
import { makeSandbox } from './sandbox';

exampleSuite({ file: 'rootvg-mksysb-nightly.yml', previewOnFreshLpar: true });
exampleSuite({ file: 'view-image.yml', after: 'rootvg-mksysb-nightly.yml', readOnly: true });
exampleSuite({ file: 'long-backup-async.yml', extraVars: { backup_poll: 1 }, previewOnFreshLpar: true });
exampleSuite({ file: 'fleet-mksysb-throttle.yml', hosts: ['lpar1', 'lpar2', 'lpar3'], previewOnFreshLpar: true });

describeAnsible('examples/fleet-mksysb-throttle.yml keeps the NFS server from being flooded', () => {
  it('runs mksysb on two LPARs at a time, never three', async () => {
    const box = makeSandbox(['lpar1', 'lpar2', 'lpar3']);
    try {
      for (const l of Object.values(box.lpars)) l.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '1500']);
      const run = await runPlaybook('examples/fleet-mksysb-throttle.yml', { hosts: box.hosts, vars: box.vars, tmp: box.dir });
      expect(run.rc).toBe(0);
      const runs = Object.values(box.lpars).flatMap((l) => l.invocations().filter((i) => i.cmd === 'mksysb'));
      expect(runs).toHaveLength(3);
      const most = Math.max(...runs.map((r) => runs.filter((o) => o.start < r.end! && r.start < o.end!).length));
      expect(most).toBe(2);
    } finally {
      box.cleanup();
    }
  });
});
