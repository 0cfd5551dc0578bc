// `npm run demo` (scripts/demo.js) tells the whole job on a fresh simulated LPAR, through
// ansible-playbook when it is there and by direct JSON invocation when it is not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAnsible, REPO } from '../helpers/ansible';

function demo(env: NodeJS.ProcessEnv = process.env): { rc: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'scripts/demo.js')], { encoding: 'utf8', env, timeout: 120_000 });
  return { rc: r.status, out: r.stdout + r.stderr };
}

function expectStory(out: string): void {
  expect(out).toMatch(/1\. Back up rootvg.*\n {3}changed: Created a mksysb image of rootvg/);
  expect(out).toMatch(/2\. Run the same task again\n {3}no change: /);
  expect(out).toMatch(/3\. Look inside the image\n {3}no change: mksysb image of rootvg made on lpar1, AIX 7\.3/);
  expect(out).toMatch(/4\. Save datavg.*\n {3}changed: Created a savevg image of datavg/);
  expect(out).toMatch(/5\. Restore datavg onto the free disk hdisk2.*\n {3}changed: /);
  expect(out).toMatch(/6\. Install the rootvg backup on hdisk2.*\n {3}refused: disk: hdisk2 belongs to volume group datavg/);
}

describe('npm run demo without ansible-playbook', () => {
  it('invokes the module directly with JSON arguments, and says so', () => {
    const emptyPath = mkdtempSync(join(tmpdir(), 'no-ansible-'));
    try {
      const { rc, out } = demo({ ...process.env, PATH: emptyPath });
      expect(rc, out).toBe(0);
      expect(out).toMatch(/ansible-playbook is not installed, so: each step runs dist\/modules\/backup\.js with JSON arguments/);
      expectStory(out);
    } finally {
      rmSync(emptyPath, { recursive: true, force: true });
    }
  });
});

describeAnsible('npm run demo with ansible-playbook', () => {
  it('runs every step as a task of powerops.aix.backup, and says so', () => {
    const { rc, out } = demo();
    expect(rc, out).toBe(0);
    expect(out).toMatch(/run by ansible-playbook \(ansible-core 2\.\d+/);
    expectStory(out);
  });
});
