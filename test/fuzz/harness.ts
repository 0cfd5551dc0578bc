// Two ways to run the built module on one argument file, observed the same way (what it printed
// on stdout, its exit code):
// - as a process, as a WANT_JSON runner starts it: `node dist/modules/backup.js ARGS_FILE`;
// - in this process: the same built file, compiled once and called with its own `process`
//   (argv, env, stdout, exitCode), so thousands of cases fit in the CI budget. A process costs
//   ~130 ms here and parallel spawns do not go faster on the CI's 2 cores; a call costs a few ms.
// The fuzz test runs a share of its cases both ways and requires identical output, which is what
// entitles the in-process path to stand for the process on the other cases.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import { DIST } from '../helpers/module';
import { join } from 'node:path';

export const BUNDLE = join(DIST, 'modules', 'backup.js');

export interface Outcome {
  stdout: string;
  /** Exit code; null when the run never finished (in-process: never printed) or died by a signal. */
  rc: number | null;
  signal: NodeJS.Signals | null;
  how: 'process' | 'in-process';
}

/** Enough for the module to run AIX commands under a simulated root, and nothing from the test runner. */
export function moduleEnv(aixRoot: string): NodeJS.ProcessEnv {
  return { PATH: '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', AIX_ROOT: aixRoot };
}

export function runAsProcess(argsFile: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000, cwd?: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE, argsFile], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (rc, signal) => resolve({ stdout, rc, signal, how: 'process' }));
  });
}

type ModuleBody = (exports: object, require: NodeRequire, module: object, filename: string, dirname: string, process: object) => void;

let body: ModuleBody | null = null;

function compiled(): ModuleBody {
  if (body) return body;
  // The shebang line is the only part of the file that is not JavaScript.
  const source = fs.readFileSync(BUNDLE, 'utf8').replace(/^#!.*\n/, '');
  body = runInThisContext(`(function (exports, require, module, __filename, __dirname, process) {${source}\n})`, { filename: BUNDLE }) as ModuleBody;
  return body;
}

/**
 * Calls the built module with a `process` of its own, holding exactly the members the bundle uses
 * (argv, env, pid, kill, on, stdout, exitCode, exit, and version, arch, execArgv, geteuid, getuid), and an `fs` whose writes to file descriptor 1 are
 * captured: the module prints its document either way. A new use of `process` in the module shows
 * up as an internal error, not as a silent difference from a real process.
 */
export function runInProcess(argsFile: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve) => {
    let stdout = '';
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      resolve({ stdout, rc: fake.exitCode ?? null, signal: null, how: 'in-process' });
    };
    const guard = setTimeout(finish, timeoutMs);
    const print = (text: string): void => {
      stdout += text;
      // A second document would come in the same tick; look once the tick is over.
      setTimeout(finish, 0);
    };
    const fake = {
      argv: [process.execPath, BUNDLE, argsFile],
      env,
      pid: process.pid,
      kill: process.kill.bind(process),
      // What the code cache is keyed by, and who the module runs as (it refuses a non-root run).
      version: process.version,
      arch: process.arch,
      execArgv: process.execArgv,
      geteuid: process.geteuid?.bind(process),
      getuid: process.getuid?.bind(process),
      exitCode: undefined as number | undefined,
      // The module exits once its document is out: here that ends the run, with the code it gave.
      exit: (code?: number): void => {
        if (code !== undefined) fake.exitCode = code;
        finish();
      },
      // Its crash handlers stay its own: an uncaught error reaches the test runner, which fails.
      on: () => fake,
      stdout: { write: (chunk: string | Uint8Array): boolean => (print(Buffer.from(chunk).toString('utf8')), true) },
    };
    compiled()({}, requireFor(print), { exports: {} }, BUNDLE, join(DIST, 'modules'), fake);
  });
}

const realRequire = createRequire(BUNDLE);

function requireFor(print: (text: string) => void): NodeRequire {
  const writeSync = (fd: number, data: string | Uint8Array, offset?: number, length?: number, ...rest: unknown[]): number => {
    if (fd !== 1) return (fs.writeSync as (...a: unknown[]) => number)(fd, data, offset, length, ...rest);
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data).subarray(offset ?? 0, (offset ?? 0) + (length ?? data.length));
    print(bytes.toString('utf8'));
    return bytes.length;
  };
  const ownFs = new Proxy(fs, { get: (target, key): unknown => (key === 'writeSync' ? writeSync : Reflect.get(target, key)) });
  return Object.assign((id: string): unknown => (id === 'node:fs' || id === 'fs' ? ownFs : realRequire(id)), realRequire) as NodeRequire;
}
