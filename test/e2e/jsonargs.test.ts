// ansible-playbook runs the module as a jsonargs module: the task's arguments inside the module
// file, so no arguments file is sent; with pipelining the file is piped to node and nothing is
// copied; async (which never pipelines) starts it with no arguments file; check mode and diff are
// as they were. What ansible-playbook did is read from its -vvv log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, type PlaybookRun, type RunPlaybookOptions, type TaskResult } from '../helpers/ansible';
import { matching } from '../helpers/matchers';
import { makeSandbox, type Sandbox } from './sandbox';

const PLAYBOOK = 'test/e2e/playbooks/one-task.yml';
const TASK = 'Backup task';

interface Logged {
  run: PlaybookRun;
  result: TaskResult;
  /** The commands ansible-playbook ran on the host and the files it put there (one SSH session each over SSH). */
  execs: string[];
  puts: string[];
  pipelined: boolean;
}

/** The result but for what differs between two runs of the same task: the run's log file, the image's age, the random part of a temporary image's name. */
function comparable(r: TaskResult): unknown {
  const text = JSON.stringify({ ...r, log_file: undefined });
  return JSON.parse(text.replace(/"age_seconds":\d+/g, '"age_seconds":0').replace(/\(\d+ s old\)/g, '(0 s old)').replace(/\.partial-[0-9a-f]+/g, '.partial-X'));
}

describeAnsible('ansible-playbook and the jsonargs module', () => {
  let box: Sandbox;
  let n = 0;
  const location = () => join(box.imageDir, 'lpar1.mksysb');
  const mksysb = (extra: Record<string, unknown> = {}) => ({ action: 'create', type: 'mksysb', location: location(), ...extra });

  async function play(args: Record<string, unknown>, pipelining: boolean, opts: Partial<RunPlaybookOptions> = {}, extraVars: Record<string, unknown> = {}): Promise<Logged> {
    const log = join(box.dir, `ansible-${(n += 1)}.log`);
    const env = { ANSIBLE_VERBOSITY: '3', ANSIBLE_LOG_PATH: log, ANSIBLE_PIPELINING: pipelining ? '1' : '0' };
    const run = await runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, extraVars: { args, ...extraVars }, tmp: box.dir, env, ...opts });
    const lines = readFileSync(log, 'utf8').split('\n');
    const after = (tag: string) => lines.flatMap((l) => (l.includes(`<lpar1> ${tag} `) ? [l.slice(l.indexOf(`<lpar1> ${tag} `) + tag.length + 9)] : []));
    expect(run.rc, JSON.stringify(run.tasks)).toBe(0);
    return { run, result: run.result(TASK), execs: after('EXEC'), puts: after('PUT'), pipelined: lines.some((l) => l.includes('Pipelining is enabled.')) };
  }

  beforeAll(() => {
    box = makeSandbox();
  });
  afterAll(() => box?.cleanup());

  it('by default: the module file is the only file sent, no arguments file, and it is run with no argument', async () => {
    const made = await play(mksysb(), false);
    expect(made.result.changed).toBe(true);
    expect(made.pipelined).toBe(false);
    expect(made.puts).toEqual([matching(/ TO \S+\/AnsiballZ_backup\.js$/)]);
    // mkdir of the remote temporary directory, chmod, the module, rm: with the PUT, five sessions.
    expect(made.execs).toHaveLength(4);
    expect(made.execs.join('\n')).not.toMatch(/\/args\b/);
    expect(made.execs[2]).toMatch(/ \/\S+\/node \S+\/AnsiballZ_backup\.js && sleep 0'$/);
  });

  it('pipelining: one command, nothing copied, and the same answer as without it, for a no-op and in check mode with diff', async () => {
    const plain = await play(mksysb(), false);
    const piped = await play(mksysb(), true);
    expect(piped.pipelined).toBe(true);
    expect([piped.puts, piped.execs]).toEqual([[], [matching(/ \/\S+\/node && sleep 0'$/)]]);
    expect(plain.result.changed).toBe(false);
    expect(plain.result.failed).toBeFalsy();
    expect(comparable(piped.result)).toEqual(comparable(plain.result));

    const before = box.snapshot();
    const forced = { check: true, diff: true };
    const checkPlain = await play(mksysb({ force: true }), false, forced);
    const checkPiped = await play(mksysb({ force: true }), true, forced);
    expect(box.snapshot()).toEqual(before);
    expect(checkPiped.pipelined).toBe(true);
    expect(checkPiped.result).toMatchObject({ changed: true, diff: { before: matching(/kind: mksysb/), after: matching(/date: \(new\)/) } });
    expect(comparable(checkPiped.result)).toEqual(comparable(checkPlain.result));
  });

  it('async with pipelining on: async_wrapper runs the module file with "_" for the arguments file, and the job ends with its result', async () => {
    const job = await play(mksysb(), true, {}, { async_seconds: 60, poll_seconds: 1 });
    expect(job.puts.map((p) => p.replace(/^.* TO \S+\//, ''))).toEqual(['AnsiballZ_backup.js', 'async_wrapper.py']);
    expect(job.execs.join('\n')).toMatch(/async_wrapper\.py j\d+ 60 \S+\/AnsiballZ_backup\.js _ /);
    expect(job.result).toMatchObject({ finished: 1, backup: { kind: 'mksysb', complete: true } });
    expect(job.result.failed).toBeFalsy();
    expect(job.result.ansible_job_id).toEqual(expect.any(String));
  });
});
