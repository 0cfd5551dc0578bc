// Runs one module invocation end to end: arguments in, exactly one JSON document out, exit code
// 0 or 1. Whatever happens inside (a bug included), the caller gets valid JSON with a message.
import { readFileSync } from 'node:fs';
import { readArgs } from './args';
import { rootRequired } from './privilege';
import { splitContext, type AnsibleContext } from './context';
import { maskNoLog, toAsciiJson, type ModuleResult } from './result';
import type { ModuleSpec } from './spec';
import { writeStdout } from './stdout';
import { validateOptions, type ValidateFunction } from './validate';

export interface ModuleDefinition<P> {
  spec: ModuleSpec;
  schemaCheck: ValidateFunction;
  run(params: P, context: AnsibleContext): Promise<ModuleResult>;
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

let emitted = false;
function emit(result: ModuleResult): void {
  if (emitted) return;
  emitted = true;
  const { text, failed } = serialize(result);
  process.exitCode = failed ? 1 : 0;
  writeStdout(`${text}\n`);
}

/**
 * The result as one line of JSON. Arguments nested deeper than JSON.stringify's stack allows
 * (echoed back in `invocation`) make it throw; emit has no second chance, so the run is then
 * reported as a failure that keeps its message and says why the rest is missing.
 */
function serialize(result: ModuleResult): { text: string; failed: boolean } {
  try {
    return { text: toAsciiJson(result), failed: result.failed === true };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const msg = `${String(result.msg ?? 'The module finished').slice(0, 4000)} (the full result could not be written as JSON: ${detail})`;
    return { text: toAsciiJson({ changed: false, failed: true, msg }), failed: true };
  }
}

function crash(err: unknown): void {
  const detail = err instanceof Error ? err.message : String(err);
  emit({ changed: false, failed: true, msg: `Internal error in the module: ${detail}` });
}

export async function runModule<P>(def: ModuleDefinition<P>): Promise<void> {
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    emit(await invoke(def));
  } catch (err) {
    crash(err);
  }
}

async function invoke<P>(def: ModuleDefinition<P>): Promise<ModuleResult> {
  const notRoot = rootRequired(`powerops.aix.${def.spec.name}`);
  if (notRoot) return { changed: false, failed: true, msg: notRoot };
  const args = readArgs(process.argv, readStdin);
  if (!args.ok) return { changed: false, failed: true, msg: args.error };
  const { context, options } = splitContext(args.args);
  const moduleName = context.moduleName ?? def.spec.name;
  const noLog = Object.entries(def.spec.options).filter(([, o]) => o.noLog).map(([n]) => n);
  const validated = validateOptions<P>(def.spec, def.schemaCheck, options, moduleName);
  if (!validated.ok) {
    return { changed: false, failed: true, msg: validated.error, invocation: { module_args: maskNoLog(options, noLog) } };
  }
  const result = await def.run(validated.params, context);
  const out: ModuleResult = {
    ...result,
    invocation: { module_args: maskNoLog(validated.params as Record<string, unknown>, noLog) },
  };
  if (!context.diff) delete out.diff;
  return out;
}
