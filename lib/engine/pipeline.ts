// The one pipeline every module runs: read the actual state, decide, and only when something
// must change (and not in check mode) take the guard, read and decide again, apply the steps,
// then read once more to verify that the desired state now holds.
import type { ModuleResult } from '../ansible/result';
import type { CommandRun } from '../aix/runner';
import type { Io } from './io';
import type { Decision, Planner, Step, StepOutcome, Tidy } from './plan';

export interface PipelineOptions {
  checkMode: boolean;
}

export async function runPipeline<S>(planner: Planner<S>, io: Io, opts: PipelineOptions): Promise<ModuleResult> {
  try {
    return finish(await pipeline(planner, io, opts), io);
  } finally {
    io.close();
  }
}

async function pipeline<S>(planner: Planner<S>, io: Io, opts: PipelineOptions): Promise<ModuleResult> {
  const first = await planner.read();
  if (!first.ok) return failed(first.msg, planner.report(null));
  const decision = planner.decide(first.state);
  if (decision.kind === 'met' && decision.tidy && !opts.checkMode) await tidy(decision.tidy, io);
  if (decision.kind !== 'act') return settled(decision, planner.report(first.state));
  if (opts.checkMode) return preview(decision, planner.report(first.state));

  const held = planner.guard ? await planner.guard() : { ok: true as const, guard: undefined };
  if (!held.ok) return failed(held.msg, planner.report(first.state));
  try {
    const again = await planner.read();
    if (!again.ok) return failed(again.msg, planner.report(first.state));
    const now = planner.decide(again.state);
    if (now.kind !== 'act') return withNote(settled(now, planner.report(again.state)), held.guard?.note);
    const applied = await apply(now.steps, io);
    if (!applied.ok) return { ...failed(applied.msg, planner.report(again.state)), ...mainRun(applied.main) };
    const after = await planner.read();
    if (!after.ok) return failed(`The change was made but could not be verified: ${after.msg}`, planner.report(null));
    const verdict = verify(planner, after.state);
    if (!verdict.ok) {
      return { ...failed(`The change was made but the result does not verify: ${verdict.msg}`, planner.report(after.state)), ...mainRun(applied.main) };
    }
    return withNote({
      changed: true,
      msg: now.msg,
      ...planner.report(after.state),
      ...mainRun(applied.main),
      ...(now.diff ? { diff: now.diff } : {}),
    }, held.guard?.note);
  } finally {
    await held.guard?.release();
  }
}

function verify<S>(planner: Planner<S>, state: S): { ok: true } | { ok: false; msg: string } {
  if (planner.verify) return planner.verify(state);
  const d = planner.decide(state);
  return d.kind === 'met' ? { ok: true } : { ok: false, msg: d.msg };
}

function settled(decision: Exclude<Decision, { kind: 'act' }>, report: Partial<ModuleResult>): ModuleResult {
  return decision.kind === 'met' ? { changed: false, msg: decision.msg, ...report } : failed(decision.msg, report);
}

function preview(decision: Extract<Decision, { kind: 'act' }>, report: Partial<ModuleResult>): ModuleResult {
  return {
    changed: true,
    msg: `Check mode: ${decision.msg}; nothing was changed.`,
    ...report,
    plan: decision.steps.map((s) => ({ title: s.title, ...(s.argv ? { cmd: s.argv.join(' ') } : {}) })),
    ...(decision.diff ? { diff: decision.diff } : {}),
  };
}

type Applied = { ok: true; main?: CommandRun } | { ok: false; msg: string; main?: CommandRun };

async function apply(steps: Step[], io: Io): Promise<Applied> {
  const done: Step[] = [];
  let main: CommandRun | undefined;
  for (const step of steps) {
    const outcome = await runStep(step);
    if (step.main && outcome.run) main = outcome.run;
    if (!outcome.ok) {
      for (const d of done.reverse()) await d.undo?.();
      await step.undo?.();
      return { ok: false, msg: outcome.msg, main: outcome.run ?? main };
    }
    if (outcome.warnings) io.warnings.push(...outcome.warnings);
    done.push(step);
  }
  return { ok: true, main };
}

async function tidy(t: Tidy, io: Io): Promise<void> {
  try {
    const note = await t.run();
    if (note) io.warnings.push(note);
  } catch (err) {
    io.warnings.push(`Housekeeping failed (the image is fine): ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function runStep(step: Step): Promise<StepOutcome> {
  try {
    return await step.run();
  } catch (err) {
    return { ok: false, msg: `${step.title} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function mainRun(run: CommandRun | undefined): Partial<ModuleResult> {
  if (!run) return {};
  const out: Partial<ModuleResult> = { cmd: run.argv.join(' '), rc: run.rc, stdout: run.stdout, stderr: run.stderr };
  if (run.stdoutCut > 0 || run.stderrCut > 0) {
    out.output_truncated = { stdout_bytes_cut: run.stdoutCut, stderr_bytes_cut: run.stderrCut };
  }
  return out;
}

function failed(msg: string, report: Partial<ModuleResult>): ModuleResult {
  return { changed: false, ...report, failed: true, msg };
}

function withNote(result: ModuleResult, note: string | undefined): ModuleResult {
  return note ? { ...result, msg: `${result.msg} (${note})` } : result;
}

function finish(result: ModuleResult, io: Io): ModuleResult {
  const out: ModuleResult = { ...result, commands: io.commands.map((c) => c.join(' ')) };
  const log = io.logFile();
  if (log) out.log_file = log;
  if (out.output_truncated) {
    io.warnings.push(`The command printed more than the result keeps: stdout/stderr hold its last part only; the whole output is in ${log ?? 'the log file'}.`);
  }
  if (io.warnings.length > 0) out.warnings = [...(result.warnings ?? []), ...io.warnings];
  return out;
}
