// Runs a built module as a process: `node dist/modules/NAME.js ARGS_FILE`, as a runner that knows
// only WANT_JSON starts it (ansible-core itself writes the arguments into the file it sends:
// test/protocol/jsonargs.test.ts), or with the arguments on stdin. Returns the parsed JSON result
// and the raw streams.
import type { ChildProcess } from 'node:child_process';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AS_PRINTED, startFailure } from '../../harness/processes';

export const DIST = join(__dirname, '..', '..', 'dist');

/** The Node.js that runs the modules: POWEROPS_MODULE_NODE (CI sets Node.js 18), else this one. */
export const MODULE_NODE = process.env.POWEROPS_MODULE_NODE || process.execPath;

/** The flags of the module's first line (none today: `#!/usr/bin/node`), which ansible-core passes too. */
export function shebangFlags(script: string): string[] {
  const first = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  return first.startsWith('#!') ? first.slice(2).trim().split(/\s+/).slice(1) : [];
}

export interface ModuleRun {
  rc: number | null;
  stdout: string;
  stderr: string;
  result: Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: string };
}

export interface RunModuleOptions {
  env?: NodeJS.ProcessEnv;
  /** 'file' (default) passes an arguments file, the WANT_JSON way; 'stdin' pipes the JSON. */
  via?: 'file' | 'stdin';
  /** Raw text to send instead of JSON-encoding `args`. */
  raw?: string;
  wrap?: boolean;
  /** Replace the environment instead of adding to this process's one. */
  bareEnv?: boolean;
  /** Own process group (kill it whole with process.kill(-pid), as Ansible's async timeout does). */
  detached?: boolean;
  /** SIGKILL after this long: a module blocked in a system call sees SIGTERM only once it returns. */
  timeoutMs?: number;
}

/** What a module run left when it ended: the exit code or signal, and the streams as printed. */
export interface ModuleExit {
  rc: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface StartedModule {
  child: ChildProcess;
  /** Settles once the process has exited and been reaped (its pid is free again). */
  exited: Promise<ModuleExit>;
}

/** Starts a module process and returns at once, for tests that kill it midway. */
export function startModule(name: string, args: unknown, opts: RunModuleOptions = {}): StartedModule {
  const text = opts.raw ?? JSON.stringify(opts.wrap ? { ANSIBLE_MODULE_ARGS: args } : args);
  const script = join(DIST, 'modules', `${name}.js`);
  let dir: string | null = null;
  const argv = [...shebangFlags(script), script];
  if ((opts.via ?? 'file') === 'file') {
    dir = mkdtempSync(join(tmpdir(), 'args-'));
    const file = join(dir, 'args');
    writeFileSync(file, text);
    argv.push(file);
  }
  const child = execa(MODULE_NODE, argv, {
    ...AS_PRINTED,
    env: opts.env,
    extendEnv: !opts.bareEnv,
    input: opts.via === 'stdin' ? text : '',
    detached: opts.detached ?? false,
    ...(opts.timeoutMs !== undefined ? { timeout: opts.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  const exited = child.then((r): ModuleExit => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    const failure = startFailure('node', r);
    if (failure) throw failure;
    return { rc: r.exitCode ?? null, signal: r.signal ?? null, stdout: r.stdout, stderr: r.stderr };
  });
  return { child, exited };
}

export async function runModule(name: string, args: unknown, opts: RunModuleOptions = {}): Promise<ModuleRun> {
  const { rc, stdout, stderr } = await startModule(name, args, opts).exited;
  let result: ModuleRun['result'];
  try {
    result = JSON.parse(stdout) as ModuleRun['result'];
  } catch {
    throw new Error(`module printed no JSON (rc ${rc}):\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  return { rc, stdout, stderr, result };
}
