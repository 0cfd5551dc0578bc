// How ansible-playbook runs the module, beyond the examples: the Node.js interpreter chosen by
// ansible_node_interpreter, async jobs (finished, and killed at their time limit), and failures
// that show the module's own message.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ANSIBLE_PRESENT, describeAnsible, IN_CI, runPlaybook, type PlaybookRun, type RunPlaybookOptions } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';
import { matching } from '../helpers/matchers';

const PLAYBOOK = 'test/e2e/playbooks/one-task.yml';
const TASK = 'Backup task';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f));
}

it('ansible-playbook is installed wherever CI runs the tests (they are skipped only outside CI)', () => {
  expect(ANSIBLE_PRESENT || !IN_CI, 'CI without ansible-playbook: apt-get install -y ansible-core ansible (see .ci/run)').toBe(true);
});

describeAnsible('ansible-playbook runs the module', () => {
  let box: Sandbox;
  const mksysb = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ action: 'create', type: 'mksysb', location: join(box.imageDir, 'lpar1.mksysb'), ...extra });
  const play = (args: Record<string, unknown>, opts: Partial<RunPlaybookOptions> = {}, extraVars: Record<string, unknown> = {}): Promise<PlaybookRun> =>
    runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, extraVars: { args, ...extraVars }, tmp: box.dir, ...opts });

  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box?.cleanup());

  it(`runs Node.js from ansible_node_interpreter, at a path of its own (/usr/bin/node ${existsSync('/usr/bin/node') ? 'exists' : 'is absent'} here)`, async () => {
    const bin = mkdtempSync(join(tmpdir(), 'node-bin-'));
    const remoteTmp = join(box.dir, 'kept-remote');
    try {
      const node = join(bin, 'node-for-aix');
      symlinkSync(process.env.POWEROPS_MODULE_NODE || process.execPath, node);
      // Kept remote files show the module as Ansible ran it: its first line names the interpreter
      // and nothing after it.
      const run = await play(mksysb(), { vars: { ...box.vars, ansible_node_interpreter: node }, env: { ANSIBLE_KEEP_REMOTE_FILES: '1', ANSIBLE_REMOTE_TEMP: remoteTmp } });
      expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
      expect(run.result(TASK).changed).toBe(true);
      const shipped = files(remoteTmp).filter((f) => /backup\.js$/.test(f));
      expect(shipped.length).toBe(1);
      expect(readFileSync(shipped[0]!, 'utf8').split('\n')[0]).toBe(`#!${node}`);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it('fails to start the module when ansible_node_interpreter names no program: the variable, not /usr/bin/node, decides', async () => {
    const run = await play({ action: 'view', location: join(box.imageDir, 'lpar1.mksysb') }, { vars: { ...box.vars, ansible_node_interpreter: join(box.dir, 'no-such-node') } });
    expect(run.rc).toBe(2);
    const r = run.result(TASK);
    expect(r.failed).toBe(true);
    expect(JSON.stringify(r)).toMatch(/no-such-node/);
  });

  it('async: a slow mksysb runs as a job that Ansible polls to its end', async () => {
    box.lpars.lpar1!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '3000', '--times', '1']);
    const run = await play(mksysb({ force: true }), {}, { async_seconds: 120, poll_seconds: 1 });
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    const r = run.result(TASK);
    expect(r.ansible_job_id).toEqual(expect.any(String));
    expect(r.finished).toBe(1);
    expect(r.changed).toBe(true);
    expect(r.msg).toMatch(/mksysb image of rootvg/);
    expect((r.backup as { complete: boolean }).complete).toBe(true);
  });

  it('async: a job killed at its time limit leaves the last good image as it was', async () => {
    const image = join(box.imageDir, 'lpar1.mksysb');
    const before = readFileSync(image);
    box.lpars.lpar1!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '30000', '--times', '1']);
    const run = await play(mksysb({ force: true }), {}, { async_seconds: 10, poll_seconds: 1 });
    expect(run.rc).toBe(2);
    expect(run.result(TASK).msg).toMatch(/did not complete within the requested time/);
    expect(readFileSync(image).equals(before)).toBe(true);
    // The job's mksysb runs in a process group of its own, so the kill of the job's group left it
    // running; the lock names it (no second mksysb starts beside it). Stop it as an admin would.
    const holder = JSON.parse(readFileSync(`${image}.lock`, 'utf8')) as { command: { pid: number; path: string } };
    expect(holder.command.path).toMatch(/\/usr\/bin\/mksysb$/);
    process.kill(-holder.command.pid, 'SIGTERM');
    for (let i = 0; i < 100 && existsSync(`/proc/${holder.command.pid}`); i++) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(`/proc/${holder.command.pid}`)).toBe(false);
    const view = await play({ action: 'view', location: image });
    expect(view.rc).toBe(0);
    expect((view.result(TASK).backup as { complete: boolean }).complete).toBe(true);
  });

  it("a failing task shows the module's msg", async () => {
    const run = await play({ action: 'view', location: join(box.imageDir, 'none.mksysb') });
    expect(run.rc).toBe(2);
    expect(run.stats.lpar1!.failures).toBe(1);
    const r = run.result(TASK);
    expect(r.failed).toBe(true);
    expect(r.msg).toMatch(/^No image at .*none\.mksysb/);
    expect(r.module_stdout).toBeUndefined();
  });

  it("bad input fails with the module's msg naming the option", async () => {
    const run = await play({ action: 'create', type: 'mksysb', location: 'rootvg.mksysb' });
    expect(run.rc).toBe(2);
    expect(run.result(TASK).msg).toMatch(/^location: "rootvg.mksysb" is not an absolute path/);
  });

  it('--diff passes the diff to Ansible only when asked', async () => {
    const args = mksysb({ force: true });
    const plain = await play(args);
    expect(plain.result(TASK).changed).toBe(true);
    expect(plain.result(TASK).diff).toBeUndefined();
    const withDiff = await play(args, { diff: true });
    expect(withDiff.result(TASK).diff).toMatchObject({ before: matching(/kind: mksysb/), after: matching(/date: \(new\)/) });
  });
});
