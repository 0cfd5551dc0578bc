// Runs the steps of a decision: each through the executor of its operation's kind, in order,
// with what the earlier ones produced. A step may run the AIX commands its operation lists and no
// other; when one fails (or throws) the undo operations of the steps done and of the failed one
// run, latest first. A signal runs the same undo operations.
import type { ModuleResult } from '../ansible/result';
import type { CommandRun } from '../aix/run/runner';
import { describeHostError, faultMessage } from './env-errors';
import type { Io } from './io';
import type { CommandLine, Executors, OpMap, OpOf, Operation, Planner, Step, StepContext, StepKinds, StepOf, StepOutcome, Undoers } from './plan';

/** A step as the result shows it: in check mode's `plan` and in apply's `applied`, the same shape. */
export interface ShownStep {
  title: string;
  /** The AIX command lines the step runs, joined with " && " (each runs only when the one before worked). */
  cmd?: string;
  op: unknown;
  main?: true;
  undo?: unknown;
}

export function showStep<O extends Operation, Un>(step: Step<O, Un>): ShownStep {
  const cmd = step.op.runs.map(commandLineText).join(' && ');
  return {
    title: step.title,
    ...(cmd !== '' ? { cmd } : {}),
    op: step.op,
    ...(step.main ? { main: step.main } : {}),
    ...(step.undo ? { undo: step.undo } : {}),
  };
}

export function commandLineText(line: CommandLine): string {
  return [line.command, ...line.args].join(' ');
}

export type Applied = {
  ok: boolean;
  msg: string;
  main?: CommandRun;
  /** The steps run, the failed one last. */
  ran: ShownStep[];
  /** Result fields the steps gave. */
  result: Partial<ModuleResult>;
};

export async function applySteps<S, K extends StepKinds>(planner: Planner<S, K>, steps: readonly StepOf<K>[], io: Io): Promise<Applied> {
  const produced: Partial<K['produced']> = {};
  const ctx: StepContext<K['produced']> = { io, produced };
  const done: StepOf<K>[] = [];
  const forgets: (() => void)[] = [];
  const out: Applied = { ok: true, msg: '', ran: [], result: {} };
  try {
    for (const step of steps) {
      // A signal undoes the steps done and the one under way; one with no undo says what it left.
      const forget = io.onAbort(() => (step.undo ? runUndo(planner.undoers, step.undo, ctx) : stopNote(step)));
      out.ran.push(showStep(step));
      const outcome = await runStep(planner.executors, step, ctx);
      // What a step with an undo made stays to undo until the run ends; the others are over.
      if (step.undo) forgets.push(forget);
      else forget();
      if (step.main && outcome.ok && outcome.value.run) out.main = outcome.value.run;
      if (step.main && !outcome.ok && outcome.run) out.main = outcome.run;
      if (!outcome.ok) {
        for (const d of [...done.reverse(), step]) undoStep(planner.undoers, d, ctx);
        return { ...out, ok: false, msg: outcome.msg, main: outcome.run ?? out.main };
      }
      if (outcome.value.warnings) io.warnings.push(...outcome.value.warnings);
      Object.assign(produced, outcome.value.produced);
      Object.assign(out.result, outcome.value.result);
      done.push(step);
    }
    return out;
  } finally {
    for (const f of forgets) f();
  }
}

function stopNote<O extends Operation, Un>(step: Step<O, Un>): string {
  return step.stopped ?? `the step under way, "${step.title}", was stopped part way and cannot be undone: check what it changed`;
}

async function runStep<M extends OpMap, Un, P>(executors: Executors<M, P>, step: Step<OpOf<M>, Un>, ctx: StepContext<P>): Promise<StepOutcome<P>> {
  const before = ctx.io.commands.length;
  let outcome: StepOutcome<P>;
  try {
    outcome = await execute(executors, step.op, ctx);
  } catch (err) {
    const host = describeHostError(err);
    outcome = { ok: false, msg: host ? `${step.title} failed: ${host}` : faultMessage(err, `running "${step.title}"`) };
  }
  const strayed = strayCommand(step.op.runs, ctx.io.commands.slice(before));
  return strayed === null ? outcome : { ok: false, msg: `Internal error in the module: the step "${step.title}" ran ${strayed}, which its operation does not list.` };
}

/** The kind of the operation picks its executor: the table is checked against the kinds at compile time. */
function execute<M extends OpMap, P, K extends keyof M>(executors: Executors<M, P>, op: OpOf<M, K>, ctx: StepContext<P>): Promise<StepOutcome<P>> {
  return executors[op.kind](op, ctx);
}

/** The first command run that is not the operation's next one (the Io gives paths, the step names). */
function strayCommand(listed: readonly CommandLine[], ran: readonly string[][]): string | null {
  for (const [i, argv] of ran.entries()) {
    const want = listed[i];
    const name = argv[0]?.split('/').at(-1);
    if (want === undefined || name !== want.command || argv.length !== want.args.length + 1 || want.args.some((a, j) => argv[j + 1] !== a)) {
      return argv.join(' ');
    }
  }
  return null;
}

function undoStep<O extends Operation, U, P>(undoers: Undoers<U, P>, step: Step<O, OpOf<U>>, ctx: StepContext<P>): void {
  if (!step.undo) return;
  try {
    runUndo(undoers, step.undo, ctx);
  } catch (err) {
    ctx.io.warnings.push(`Undoing "${step.title}" failed: ${faultMessage(err, 'undoing a step')}`);
  }
}

function runUndo<U, P, K extends keyof U>(undoers: Undoers<U, P>, op: OpOf<U, K>, ctx: StepContext<P>): string | null {
  return undoers[op.kind](op, ctx);
}
