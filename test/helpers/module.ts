// Runs a built module the way ansible-core does: `node dist/modules/NAME.js ARGS_FILE`, or with
// the arguments on stdin. Returns the parsed JSON result and the raw streams.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DIST = join(__dirname, '..', '..', 'dist');

export interface ModuleRun {
  rc: number | null;
  stdout: string;
  stderr: string;
  result: Record<string, unknown> & { changed?: boolean; failed?: boolean; msg?: string };
}

export interface RunModuleOptions {
  env?: NodeJS.ProcessEnv;
  /** 'file' (default) passes an args file like ansible-core; 'stdin' pipes the JSON. */
  via?: 'file' | 'stdin';
  /** Raw text to send instead of JSON-encoding `args`. */
  raw?: string;
  wrap?: boolean;
}

export function runModule(name: string, args: unknown, opts: RunModuleOptions = {}): Promise<ModuleRun> {
  const text = opts.raw ?? JSON.stringify(opts.wrap ? { ANSIBLE_MODULE_ARGS: args } : args);
  const script = join(DIST, 'modules', `${name}.js`);
  let dir: string | null = null;
  const argv = [script];
  if ((opts.via ?? 'file') === 'file') {
    dir = mkdtempSync(join(tmpdir(), 'args-'));
    const file = join(dir, 'args');
    writeFileSync(file, text);
    argv.push(file);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (rc) => {
      if (dir) rmSync(dir, { recursive: true, force: true });
      let result: ModuleRun['result'];
      try {
        result = JSON.parse(stdout) as ModuleRun['result'];
      } catch {
        reject(new Error(`module printed no JSON (rc ${rc}):\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      resolve({ rc, stdout, stderr, result });
    });
    if (opts.via === 'stdin') child.stdin.end(text);
    else child.stdin.end();
  });
}
