// The one pipeline every module runs: read the actual state, decide, and only when something
// must change (and not in check mode) take the guard, read and decide again, apply the steps,
// then read once more to verify that the desired state now holds. Every phase runs inside it:
// whatever one throws becomes a failed result naming the phase, with the admin's message for a
// condition of the host (read-only, full, no permission...), so only a bug reads "Internal error".
import type { ModuleResult } from '../ansible/result';
import type { CommandRun } from '../aix/runner';
import { describeHostError, faultMessage } from './env-errors';
import type { Io } from './io';
import type { Decision, Planner, Step, StepOutcome, Tidy } from './plan';

export interface PipelineOptions {
  checkMode: boolean;
}

/** The phase under way, for the message when it throws. */
interface Phase {
  name: string;
}

export async function runPipeline<S>(planner: Planner<S>, io: Io, opts: PipelineOptions): Promise<ModuleResult> {
  const at: Phase = { name: 'reading the current state' };
  try {
    return finish(await pipeline(planner, io, opts, at), io);
  } catch (err) {
    return finish(failed(faultMessage(err, at.name), safeReport(planner, null, io)), io);
  } finally {
    io.close();
  }
}

async function pipeline<S>(planner: Planner<S>, io: Io, opts: PipelineOptions, at: Phase): Promise<ModuleResult> {
  const report = (state: S | null): Partial<ModuleResult> => safeReport(planner, state, io);
  const first = await planner.read();
  if (!first.ok) return failed(first.msg, report(null));
  at.name = 'deciding what to do';
  const decision = planner.decide(first.state);
  if (decision.kind === 'met' && decision.tidy && !opts.checkMode) await tidy(decision.tidy, io);
  if (decision.kind !== 'act') return settled(decision, report(first.state));
  if (opts.checkMode) return preview(decision, report(first.state));

  at.name = 'taking the lock';
  const held = planner.guard ? await planner.guard(first.state) : { ok: true as const, guard: undefined };
  if (!held.ok) return failed(held.msg, report(first.state));
  if (held.guard?.warnings) io.warnings.push(...held.guard.warnings);
  try {
    at.name = 'reading the state again with the lock held';
    const again = await planner.read();
    if (!again.ok) return failed(again.msg, report(first.state));
    at.name = 'deciding again with the lock held';
    const now = planner.decide(again.state);
    if (now.kind !== 'act') return withNote(settled(now, report(again.state)), held.guard?.note);
    at.name = 'applying the change';
    const applied = await apply(now.steps, io);
    if (!applied.ok) return { ...failed(applied.msg, report(again.state)), ...mainRun(applied.main) };
    at.name = 'reading the result back';
    const after = await planner.read();
    if (!after.ok) return failed(`The change was made but could not be verified: ${after.msg}`, report(null));
    at.name = 'verifying the result';
    const verdict = verify(planner, after.state);
    if (!verdict.ok) {
      return { ...failed(`The change was made but the result does not verify: ${verdict.msg}`, report(after.state)), ...mainRun(applied.main) };
    }
    return withNote({
      changed: true,
      msg: now.msg,
      ...report(after.state),
      ...mainRun(applied.main),
      ...(now.diff ? { diff: now.diff } : {}),
    }, held.guard?.note);
  } finally {
    await releaseGuard(held.guard, io);
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
    // A signal during a step that has no undo must say what was under way: its work so far stays.
    const forget = step.undo ? () => undefined : io.onAbort(() => `the step under way, "${step.title}", was stopped part way and cannot be undone: check what it changed`);
    const outcome = await runStep(step);
    forget();
    if (step.main && outcome.run) main = outcome.run;
    if (!outcome.ok) {
      for (const d of [...done.reverse(), step]) await undo(d, io);
      return { ok: false, msg: outcome.msg, main: outcome.run ?? main };
    }
    if (outcome.warnings) io.warnings.push(...outcome.warnings);
    done.push(step);
  }
  return { ok: true, main };
}

async function undo(step: Step, io: Io): Promise<void> {
  try {
    await step.undo?.();
  } catch (err) {
    io.warnings.push(`Undoing "${step.title}" failed: ${faultMessage(err, 'undoing a step')}`);
  }
}

async function tidy(t: Tidy, io: Io): Promise<void> {
  try {
    const note = await t.run();
    if (note) io.warnings.push(note);
  } catch (err) {
    io.warnings.push(`Housekeeping failed (the image is fine): ${faultMessage(err, 'tidying up')}`);
  }
}

async function releaseGuard(guard: { release(): Promise<void> } | undefined, io: Io): Promise<void> {
  try {
    await guard?.release();
  } catch (err) {
    io.warnings.push(`Releasing the lock failed: ${faultMessage(err, 'releasing the lock')}`);
  }
}

async function runStep(step: Step): Promise<StepOutcome> {
  try {
    return await step.run();
  } catch (err) {
    const host = describeHostError(err);
    return { ok: false, msg: host ? `${step.title} failed: ${host}` : faultMessage(err, `running "${step.title}"`) };
  }
}

/** The planner's own result fields; a planner that throws there loses them, not the result. */
function safeReport<S>(planner: Planner<S>, state: S | null, io: Io): Partial<ModuleResult> {
  try {
    return planner.report(state);
  } catch (err) {
    io.warnings.push(`The result lacks the image details: ${faultMessage(err, 'reporting')}`);
    return {};
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

/**
 * rc, stdout and stderr are always there, as ibm.power_aix.backup returns them: those of the
 * main command when one ran; else rc 0 and the image listing the run read (view's `stdout` is the
 * listing, as restvg -l gives it there), empty when nothing ran; a failure without a main command
 * gives the command that failed, or rc 1.
 */
function returnContract(result: ModuleResult, io: Io): Partial<ModuleResult> {
  if (result.rc !== undefined) return {};
  if (result.failed) {
    const bad = io.lastFailed();
    return bad ? { cmd: bad.argv.join(' '), rc: bad.rc, stdout: bad.stdout, stderr: bad.stderr } : { rc: 1, stdout: '', stderr: '' };
  }
  const listing = io.listing();
  return listing ? { cmd: listing.argv.join(' '), rc: 0, stdout: listing.stdout, stderr: listing.stderr } : { rc: 0, stdout: '', stderr: '' };
}

function finish(result: ModuleResult, io: Io): ModuleResult {
  const out: ModuleResult = { ...result, ...returnContract(result, io), commands: io.commands.map((c) => c.join(' ')) };
  const log = io.logFile();
  if (log) out.log_file = log;
  else if (io.commands.length > 0) {
    // The state directory is optional: the run went on, and says what the admin lacks.
    io.warnings.push(`No run log was written: ${io.stateDir}/log could not be written (full or read-only?); the result holds the last part of each command's output only.`);
  }
  if (out.output_truncated) {
    io.warnings.push(`The command printed more than the result keeps: stdout/stderr hold its last part only; the whole output is in ${log ?? 'the log file'}.`);
  }
  if (io.warnings.length > 0) out.warnings = [...(result.warnings ?? []), ...io.warnings];
  return out;
}
