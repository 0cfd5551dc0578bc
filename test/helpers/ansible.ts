// Runs the real ansible-playbook on playbooks against simulated LPARs (connection local) and
// returns what its JSON stdout callback printed: every task's result per host, and the stats.
//
//   const lpar = makeLpar({ hostname: 'lpar1' });
//   const run = await runPlaybook('examples/view-image.yml', { hosts: { lpar1: { aix_root: lpar.root } }, vars: { image_dir } });
//   run.stats.lpar1.changed; run.result('Read the image ...').backup
//
// The runner is in playbook.ts (re-exported here), free of vitest so that scripts can use it.
// Tests that need ansible-playbook use describeAnsible: it skips them on a machine without it,
// except under CI=true, where a missing ansible-playbook must fail, never skip.
import { execaSync } from 'execa';
import { describe } from 'vitest';
import { AS_PRINTED_SYNC } from '../../harness/processes';

export * from '../../harness/playbook';

function hasCommand(cmd: string): boolean {
  return execaSync(cmd, ['--version'], { ...AS_PRINTED_SYNC, env: { LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } }).exitCode === 0;
}

export const ANSIBLE_PRESENT = hasCommand('ansible-playbook');

/** CI=true (or any value but false/0), as CI services and .ci/run set it. */
export const IN_CI = process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI.toLowerCase());

/** describe() when ansible-playbook can run here or CI demands it; describe.skip otherwise. */
export const describeAnsible: typeof describe = ANSIBLE_PRESENT || IN_CI ? describe : (describe.skip as typeof describe);
