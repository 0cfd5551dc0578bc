// The one pipeline every module runs: read the actual state, decide, and only when something
// must change (and not in check mode) take the guard, read and decide again, apply the steps,
// then read once more to verify that the desired state now holds. Every phase runs inside it:
// whatever one throws becomes a failed result naming the phase, with the admin's message for a
// condition of the host (read-only, full, no permission...), so only a bug reads "Internal error".
import type { ModuleResult } from '../ansible/result';
import type { CommandRun } from '../aix/run/runner';
import { fail, ok, type Result } from '../result';
import { applySteps, showStep } from './apply';
import { faultMessage } from './env-errors';
import type { Io } from './io';
import type { Decision, Planner, StepKinds, Tidy } from './plan';

export interface PipelineOptions {
  checkMode: boolean;
}

/** The phase under way, for the message when it throws. */
interface Phase {
  name: string;
}

export async function runPipeline<S, K extends StepKinds>(planner: Planner<S, K>, io: Io, opts: PipelineOptions): Promise<ModuleResult> {
  const at: Phase = { name: 'reading the current state' };
  try {
    return finish(await pipeline(planner, io, opts, at), io);
  } catch (err) {
    return finish(failed(faultMessage(err, at.name), safeReport(planner, null, io)), io);
  } finally {
    io.close();
  }
}

async function pipeline<S, K extends StepKinds>(planner: Planner<S, K>, io: Io, opts: PipelineOptions, at: Phase): Promise<ModuleResult> {
  const report = (state: S | null): Partial<ModuleResult> => safeReport(planner, state, io);
  const first = await planner.read(opts.checkMode ? 'check' : 'first');
  if (!first.ok) return failed(first.msg, report(null));
  at.name = 'deciding what to do';
  const decision = planner.decide(first.value);
  if (decision.kind === 'met' && decision.tidy && !opts.checkMode) await tidy(decision.tidy, io);
  if (decision.kind !== 'act') return settled(decision, report(first.value));
  if (opts.checkMode) return preview(decision, report(first.value));

  at.name = 'taking the lock';
  const held = planner.guard ? await planner.guard(first.value) : ok(undefined);
  if (!held.ok) return failed(held.msg, report(first.value));
  const guard = held.value;
  if (guard?.warnings) io.warnings.push(...guard.warnings);
  try {
    at.name = 'reading the state again with the lock held';
    const again = await planner.read('locked');
    if (!again.ok) return failed(again.msg, report(first.value));
    at.name = 'deciding again with the lock held';
    const now = planner.decide(again.value);
    if (now.kind !== 'act') return withNote(settled(now, report(again.value)), guard?.note);
    at.name = 'applying the change';
    const applied = await applySteps(planner, now.steps, io);
    const record = { applied: applied.ran, ...applied.result };
    if (!applied.ok) return { ...failed(applied.msg, report(again.value)), ...record, ...mainRun(applied.main) };
    at.name = 'reading the result back';
    const after = await planner.read('after');
    if (!after.ok) return { ...failed(`The change was made but could not be verified: ${after.msg}`, report(null)), ...record };
    at.name = 'verifying the result';
    const verdict = verify(planner, after.value, now.expect);
    if (!verdict.ok) {
      return { ...failed(`The change was made but the result does not verify: ${verdict.msg}`, report(after.value)), ...record, ...mainRun(applied.main) };
    }
    return withNote({
      changed: true,
      msg: now.msg,
      ...report(after.value),
      ...record,
      ...mainRun(applied.main),
      ...(now.diff ? { diff: now.diff } : {}),
    }, guard?.note);
  } finally {
    await releaseGuard(guard, io);
  }
}

function verify<S, K extends StepKinds>(planner: Planner<S, K>, state: S, expect: K['expect']): Result<null> {
  if (planner.verify) return planner.verify(state, expect);
  const d = planner.decide(state);
  return d.kind === 'met' ? ok(null) : fail(d.msg);
}

function settled<K extends StepKinds>(decision: Exclude<Decision<K>, { kind: 'act' }>, report: Partial<ModuleResult>): ModuleResult {
  return decision.kind === 'met' ? { changed: false, msg: decision.msg, ...report } : failed(decision.msg, report);
}

function preview<K extends StepKinds>(decision: Extract<Decision<K>, { kind: 'act' }>, report: Partial<ModuleResult>): ModuleResult {
  return {
    changed: true,
    msg: `Check mode: ${decision.msg}; nothing was changed.`,
    ...report,
    plan: decision.steps.map(showStep),
    ...(decision.diff ? { diff: decision.diff } : {}),
  };
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

/** The planner's own result fields; a planner that throws there loses them, not the result. */
function safeReport<S, K extends StepKinds>(planner: Planner<S, K>, state: S | null, io: Io): Partial<ModuleResult> {
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
