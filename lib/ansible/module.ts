// Runs one module invocation end to end: arguments in, exactly one JSON document out, exit code
// 0 or 1. Whatever happens inside (a bug included), the caller gets valid JSON with a message.
// SIGTERM, SIGINT and SIGHUP (an async timeout's polite kill, an operator's Ctrl-C, an SSH
// session that drops) stop the run the same way: the running AIX command gets the signal, then
// SIGKILL if it does not end in time, what the run made is undone, and the one JSON document
// says which signal came and what was left as it was.
import { readFileSync } from 'node:fs';
import { abortRun } from '../engine/abort';
import { faultMessage } from '../engine/env-errors';
import { readArgs } from './args';
import { embeddedArgsLine } from './embedded-args';
import { rootRequired } from './privilege';
import { splitContext, type AnsibleContext } from './context';
import { maskNoLog, toAsciiJson, type ModuleResult } from './result';
import type { ModuleSpec } from './spec';
import { writeStdout } from './stdout';
import { validateOptions, type ValidateFunction } from './validate';

export interface ModuleDefinition<P> {
  spec: ModuleSpec;
  schemaCheck: ValidateFunction<P>;
  run(params: P, context: AnsibleContext): Promise<ModuleResult>;
}

function readStdin(): string {
  return readFileSync(0, 'utf8');
}

/** How long a command gets to end after a forwarded signal, then after SIGKILL. */
const GRACE_MS = 10_000;
const KILL_WAIT_MS = 2_000;
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Record<(typeof STOP_SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

let emitted = false;
/** Set when a signal came: the result of the interrupted run is no longer the answer. */
let stopping = false;

function emit(result: ModuleResult): void {
  if (emitted) return;
  emitted = true;
  const { text, failed } = serialize(result);
  process.exitCode = failed ? 1 : 0;
  try {
    writeStdout(`${text}\n`);
  } catch {
    // Nobody reads the answer any more (the SSH session dropped): the exit code still says it.
  }
}

async function stop(signal: (typeof STOP_SIGNALS)[number]): Promise<void> {
  if (stopping) return;
  stopping = true;
  const notes = await abortRun(signal, { graceMs: GRACE_MS, killWaitMs: KILL_WAIT_MS });
  const left = notes.length > 0 ? notes.join('; ') : 'no AIX command was running and nothing had been written';
  emit({
    changed: false,
    failed: true,
    msg: `Interrupted by ${signal} before the task finished: ${left}. Run the task again once the cause of the ${signal} is dealt with.`,
    signal,
    rc: 128 + SIGNAL_NUMBERS[signal],
    stdout: '',
    stderr: '',
  });
  process.exit(1);
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
  if (stopping) return;
  const detail = err instanceof Error ? err.message : String(err);
  emit({ changed: false, failed: true, msg: `Internal error in the module: ${detail}` });
}

export async function runModule<P>(def: ModuleDefinition<P>): Promise<void> {
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal));
  try {
    const result = await invoke(def);
    if (stopping) return;
    emit(result);
  } catch (err) {
    if (!stopping) crash(err);
    return;
  }
  // The answer is out and nothing of the run is left pending (every command and write was
  // awaited). Exiting here skips tearing V8's heap down page by page (~0.8 ms of a no-op);
  // 'exit' listeners, the code cache's writer among them, still run.
  process.exit();
}

/** rc, stdout and stderr are always in the result, as ibm.power_aix.backup returns them. */
function returnContract(result: ModuleResult): Pick<ModuleResult, 'rc' | 'stdout' | 'stderr'> {
  return { rc: result.failed ? 1 : 0, stdout: '', stderr: '' };
}

async function invoke<P>(def: ModuleDefinition<P>): Promise<ModuleResult> {
  const notRoot = rootRequired(`powerops.aix.${def.spec.name}`);
  if (notRoot) return { changed: false, failed: true, msg: notRoot, rc: 1, stdout: '', stderr: '' };
  const args = readArgs(process.argv, readStdin, embeddedArgsLine());
  if (!args.ok) return { changed: false, failed: true, msg: args.msg, rc: 1, stdout: '', stderr: '' };
  const { context, options } = splitContext(args.value);
  const moduleName = context.moduleName ?? def.spec.name;
  const noLog = Object.entries(def.spec.options).filter(([, o]) => o.noLog).map(([n]) => n);
  const validated = validateOptions(def.spec, def.schemaCheck, options, moduleName);
  if (!validated.ok) {
    return { changed: false, failed: true, msg: validated.msg, rc: 1, stdout: '', stderr: '', invocation: { module_args: maskNoLog(options, noLog) } };
  }
  let result: ModuleResult;
  try {
    result = await def.run(validated.value, context);
  } catch (err) {
    // What the engine does not run (checks made before it starts) still answers with the cause.
    result = { changed: false, failed: true, msg: faultMessage(err, 'checking the options against the host'), rc: 1, stdout: '', stderr: '' };
  }
  const out: ModuleResult = {
    ...returnContract(result),
    ...result,
    invocation: { module_args: maskNoLog(validated.value, noLog) },
  };
  if (!context.diff) delete out.diff;
  return out;
}
