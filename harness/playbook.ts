// Runs the real ansible-playbook and returns what its JSON stdout callback printed: every task's
// result per host, and the stats. No test-runner import: the bench and scripts use it too.
import type { ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AS_PRINTED, startFailure } from './processes';

export const REPO = join(__dirname, '..');
export const COLLECTIONS = join(REPO, 'dist/collection');

/** ansible-playbook and ansible-doc refuse a non-UTF-8 locale; tests read JSON, not text. */
export function ansibleEnv(tmp: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const local = join(tmp, 'ansible-local');
  const remote = join(tmp, 'ansible-remote');
  mkdirSync(local, { recursive: true });
  mkdirSync(remote, { recursive: true });
  return {
    ...process.env,
    LC_ALL: 'C.UTF-8',
    LANG: 'C.UTF-8',
    ANSIBLE_STDOUT_CALLBACK: 'json',
    ANSIBLE_COLLECTIONS_PATH: COLLECTIONS,
    ANSIBLE_LOCAL_TEMP: local,
    ANSIBLE_REMOTE_TEMP: remote,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'false',
    ANSIBLE_HOST_KEY_CHECKING: 'false',
    ...extra,
  };
}

export interface HostStats {
  ok: number;
  changed: number;
  failures: number;
  unreachable: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export type TaskResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  action?: string;
};

export interface TaskRun {
  play: string;
  name: string;
  hosts: Record<string, TaskResult>;
}

export interface PlaybookRun {
  /** ansible-playbook's exit code: 0, 2 when a host failed, 4 unreachable, other: an error. */
  rc: number;
  stats: Record<string, HostStats>;
  tasks: TaskRun[];
  stderr: string;
  /** The task's result on host (default: the only host that ran it); throws when absent. */
  result(taskName: string, host?: string): TaskResult;
  /** Results of every task that ran the given module (FQCN), across plays and hosts. */
  resultsOf(action: string): { task: string; host: string; result: TaskResult }[];
}

export interface RunPlaybookOptions {
  /** Inventory hosts of group aix, with their host variables. */
  hosts: Record<string, Record<string, unknown>>;
  /** Group variables of aix (merged over the defaults: connection local, the interpreters). */
  vars?: Record<string, unknown>;
  extraVars?: Record<string, unknown>;
  check?: boolean;
  diff?: boolean;
  limit?: string;
  env?: NodeJS.ProcessEnv;
  /** Directory for the inventory and Ansible's temp dirs; a new one (removed after) when unset. */
  tmp?: string;
  timeoutMs?: number;
}

export function inventoryVars(): Record<string, unknown> {
  return {
    ansible_connection: 'local',
    ansible_python_interpreter: '/usr/bin/python3',
    // CI sets POWEROPS_MODULE_NODE to run the modules on Node.js 18 too.
    ansible_node_interpreter: process.env.POWEROPS_MODULE_NODE || process.execPath,
  };
}

export async function runPlaybook(playbook: string, opts: RunPlaybookOptions): Promise<PlaybookRun> {
  const tmp = opts.tmp ?? mkdtempSync(join(tmpdir(), 'playbook-'));
  try {
    // A real file: ansible-playbook does not read an inventory from a pipe. JSON is YAML.
    const inventory = join(tmp, `inventory-${process.hrtime.bigint()}.yml`);
    const vars = { ...inventoryVars(), ...opts.vars };
    writeFileSync(inventory, JSON.stringify({ all: { children: { aix: { hosts: opts.hosts, vars } } } }, null, 1));
    const args = ['-i', inventory, isAbsolute(playbook) ? playbook : join(REPO, playbook)];
    if (opts.extraVars) args.push('-e', JSON.stringify(opts.extraVars));
    if (opts.check) args.push('--check');
    if (opts.diff) args.push('--diff');
    if (opts.limit) args.push('--limit', opts.limit);
    const { rc, stdout, stderr } = await exec('ansible-playbook', args, ansibleEnv(tmp, opts.env), tmp, opts.timeoutMs ?? 120_000);
    return parseRun(rc, stdout, stderr);
  } finally {
    if (!opts.tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

interface JsonCallbackOutput {
  plays: { play: { name: string }; tasks: { task: { name: string }; hosts: Record<string, TaskResult> }[] }[];
  stats: Record<string, HostStats>;
}

export function parseRun(rc: number, stdout: string, stderr: string): PlaybookRun {
  let out: JsonCallbackOutput;
  try {
    // Warnings printed before the document (e.g. about the inventory) are not JSON.
    out = JSON.parse(stdout.slice(stdout.indexOf('{'))) as JsonCallbackOutput;
  } catch {
    throw new Error(`ansible-playbook printed no JSON (rc ${rc}); is the json callback there (apt-get install ansible)?\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  const tasks = out.plays.flatMap((p) => p.tasks.map((t) => ({ play: p.play.name, name: t.task.name, hosts: t.hosts })));
  return {
    rc,
    stats: out.stats,
    tasks,
    stderr,
    result(taskName, host) {
      const task = tasks.find((t) => t.name === taskName && (host === undefined || host in t.hosts));
      if (!task) throw new Error(`no task "${taskName}" ran${host ? ` on ${host}` : ''}; tasks: ${tasks.map((t) => t.name).join(' | ')}`);
      const names = Object.keys(task.hosts);
      if (host === undefined && names.length !== 1) throw new Error(`task "${taskName}" ran on ${names.join(', ')}: say which host`);
      const result = task.hosts[host ?? names[0] ?? ''];
      if (!result) throw new Error(`task "${taskName}" has no result for ${host ?? 'its host'}`);
      return result;
    },
    resultsOf(action) {
      return tasks.flatMap((t) =>
        Object.entries(t.hosts)
          .filter(([, r]) => r.action === action)
          .map(([host, result]) => ({ task: t.name, host, result })),
      );
    },
  };
}

/** `onChild` gets the process as it starts, for callers that must be able to end it early. */
export async function exec(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string, timeout: number, onChild?: (child: ChildProcess) => void): Promise<{ rc: number; stdout: string; stderr: string }> {
  const child = execa(cmd, args, { ...AS_PRINTED, env, extendEnv: false, cwd, timeout, killSignal: 'SIGTERM' });
  onChild?.(child);
  const r = await child;
  const failure = startFailure(cmd, r);
  if (failure) throw new Error(`${failure.message}; install it: apt-get install -y ansible-core ansible\n${r.stderr}`);
  if (r.timedOut || r.exitCode === undefined) {
    throw new Error(`${cmd} ${r.timedOut ? `did not finish within ${timeout} ms` : `was killed by ${r.signal ?? 'a signal'}`}\n${r.stderr}`);
  }
  return { rc: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Sum of a stat over every host of a run. */
export const total = (run: PlaybookRun, key: keyof HostStats): number => Object.values(run.stats).reduce((n, s) => n + s[key], 0);
