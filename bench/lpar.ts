// A simulated LPAR for one measurement, and one module run against it with its parsed result.
import { execaSync } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../harness/lpar';
import { AS_PRINTED_SYNC } from '../harness/processes';
import { cleanEnv, MODULE } from './env';

export type { Lpar };
export { makeLpar };

export interface ModuleResult {
  changed?: boolean;
  failed?: boolean;
  msg?: string;
  commands?: string[];
  warnings?: string[];
  log_file?: string;
  output_truncated?: { stdout_bytes_cut: number; stderr_bytes_cut: number };
  stdout?: string;
}

/** Writes module arguments as a WANT_JSON runner hands them over: a JSON file named on argv. */
export function writeArgs(dir: string, name: string, args: Record<string, unknown>): string {
  const file = join(dir, `${name}.args.json`);
  writeFileSync(file, JSON.stringify(args));
  return file;
}

/** Runs the module once; throws when it fails, since every bench step needs a working run. */
export function runModule(lpar: Lpar, argsFile: string): ModuleResult {
  const r = execaSync(process.execPath, [MODULE, argsFile], { ...AS_PRINTED_SYNC, env: cleanEnv({ AIX_ROOT: lpar.root }), extendEnv: false });
  let result: ModuleResult;
  try {
    result = JSON.parse(r.stdout) as ModuleResult;
  } catch {
    throw new Error(`module printed no JSON (rc ${r.exitCode ?? r.signal}): ${r.stderr}`);
  }
  if (result.failed) throw new Error(`module run failed: ${result.msg}`);
  return result;
}

/** Number of AIX command runs the simulator has logged so far. */
export const invocationCount = (lpar: Lpar): number => lpar.invocations().length;
