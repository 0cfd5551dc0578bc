// A simulated LPAR for one measurement, and one module run against it with its parsed result.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../test/helpers/lpar';
import { cleanEnv, MODULE } from './env';

export type { Lpar };
export { makeLpar };

export interface ModuleResult {
  changed?: boolean;
  failed?: boolean;
  msg?: string;
  commands?: string[];
  log_file?: string;
  output_truncated?: { stdout_bytes_cut: number; stderr_bytes_cut: number };
  stdout?: string;
}

/** Writes module arguments the way ansible-core hands them over: a JSON file named on argv. */
export function writeArgs(dir: string, name: string, args: Record<string, unknown>): string {
  const file = join(dir, `${name}.args.json`);
  writeFileSync(file, JSON.stringify(args));
  return file;
}

/** Runs the module once; throws when it fails, since every bench step needs a working run. */
export function runModule(lpar: Lpar, argsFile: string): ModuleResult {
  const r = spawnSync(process.execPath, [MODULE, argsFile], { env: cleanEnv({ AIX_ROOT: lpar.root }), encoding: 'utf8', maxBuffer: 64 << 20 });
  let result: ModuleResult;
  try {
    result = JSON.parse(r.stdout) as ModuleResult;
  } catch {
    throw new Error(`module printed no JSON (rc ${r.status}): ${r.stderr}`);
  }
  if (result.failed) throw new Error(`module run failed: ${result.msg}`);
  return result;
}

/** Number of AIX command runs the simulator has logged so far. */
export const invocationCount = (lpar: Lpar): number => lpar.invocations().length;
