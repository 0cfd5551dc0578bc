// IBM's return contract: rc, stdout and stderr are in every result, as ibm.power_aix.backup
// returns them, so playbooks that read `result.rc` or view's `result.stdout` keep working: the
// main command's when one ran; a no-op's rc 0 with the listing it read (empty when it ran
// nothing); view's stdout is the listing command's output.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeAnsible, runPlaybook } from '../helpers/ansible';
import { makeBench, type Bench } from '../helpers/backup';
import { makeSandbox, type Sandbox } from '../e2e/sandbox';

describe('direct runs', () => {
  let b: Bench;
  beforeEach(() => {
    b = makeBench({ files: 3 });
  });
  afterEach(() => b.cleanup());

  it('create, a no-op that ran nothing, a no-op that read the image, view, a refusal, check mode', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const listing = `${b.lpar.cmdPath('listvgbackup')} -l -f ${location}`;
    const made = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(made.result).toMatchObject({ changed: true, rc: 0 });
    expect(String(made.result.cmd)).toMatch(/\/usr\/bin\/mksysb /);
    expect(typeof made.result.stdout).toBe('string');
    expect(typeof made.result.stderr).toBe('string');

    const noop = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(noop.result).toMatchObject({ changed: false, rc: 0, stdout: '', stderr: '', commands: [] });

    const view = await b.backup({ action: 'view', location });
    expect(view.result).toMatchObject({ changed: false, rc: 0, cmd: listing });
    expect(String(view.result.stdout)).toMatch(/VOLUME GROUP:\s+rootvg/);

    // An image the module has no record of: the full check ran; its listing is the output.
    const copy = join(b.dir, 'copy.mksysb');
    b.lpar.run('mksysb', ['-i', copy]);
    const known = await b.backup({ action: 'create', type: 'mksysb', location: copy });
    expect(known.result).toMatchObject({ changed: false, rc: 0, cmd: `${b.lpar.cmdPath('listvgbackup')} -l -f ${copy}` });
    expect(String(known.result.stdout)).toMatch(/VOLUME GROUP:\s+rootvg/);

    const refused = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    expect(refused.result).toMatchObject({ failed: true, rc: 1, stdout: '', stderr: '' });

    const bad = await b.backup({ action: 'create', type: 'mksysb', location: 'relative' });
    expect(bad.result).toMatchObject({ failed: true, rc: 1, stdout: '', stderr: '' });

    const check = await b.backup({ action: 'create', type: 'mksysb', location, force: true, _ansible_check_mode: true });
    expect(check.result).toMatchObject({ changed: true, rc: 0, stdout: '', stderr: '' });
  });
});

describeAnsible('through ansible-playbook', () => {
  let box: Sandbox;
  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box?.cleanup());

  it('result.rc and view\'s result.stdout are there, as a playbook written for ibm.power_aix.backup reads them', async () => {
    const location = join(box.imageDir, 'lpar1.mksysb');
    const opts = { hosts: box.hosts, vars: box.vars, tmp: box.dir };
    const made = await runPlaybook('test/e2e/playbooks/one-task.yml', { ...opts, extraVars: { args: { action: 'create', type: 'mksysb', location } } });
    expect(made.result('Backup task')).toMatchObject({ changed: true, rc: 0 });
    const again = await runPlaybook('test/e2e/playbooks/one-task.yml', { ...opts, extraVars: { args: { action: 'create', type: 'mksysb', location } } });
    expect(again.result('Backup task')).toMatchObject({ changed: false, rc: 0, stdout: '', stderr: '' });
    const view = await runPlaybook('test/e2e/playbooks/one-task.yml', { ...opts, extraVars: { args: { action: 'view', location } } });
    const r = view.result('Backup task');
    expect(r.rc).toBe(0);
    expect(String(r.stdout)).toMatch(/VOLUME GROUP:\s+rootvg/);
    expect(r.stdout_lines).toEqual(String(r.stdout).replace(/\n$/, '').split('\n'));
  });
});
