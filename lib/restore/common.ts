// What the two restores share: the flags the user may not give (every flag an option of the
// module can produce, set this run or not), the lock that keeps two restores from picking the
// same free disks at once, and the refusal of an image that is missing or not complete.
import { COMMAND_FLAGS, type FlagCommand } from '../aix/parse/command-flags';
import type { CommandRun } from '../aix/run/runner';
import { engineExecutors, type CommandOps } from '../engine/command-step';
import type { FlagRule, FlagTable } from '../engine/flag-table';
import type { Io } from '../engine/io';
import type { CommandLine, OpOf, Step, StepContext, StepOutcome } from '../engine/plan';
import { ok } from '../result';
import { runClassified } from '../engine/classified-run';
import { readImage, type ImageState } from '../image/reader';
import { ImageStore, type ImageKind } from '../image/records';
import { locksGuard, lparLock } from '../image/guard';
import type { Location } from '../image/location';
import { restoreLockPath } from '../image/lock';

/**
 * Flag -> option for every flag a table can produce. A restore refuses them in `flags` even when
 * the option is unset: `flags: '-d x'` beside an unset data_file would bypass the checks made on
 * data_file, and the module must know every target disk and file it hands to the command.
 */
export function managedFlags<P>(table: FlagTable<P>, extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [option, rule] of Object.entries<FlagRule | undefined>(table.rules)) {
    if (rule === undefined) continue;
    for (const flag of rule.flags) out[flag] = option;
  }
  return { ...out, ...extra };
}

/** Why a restore cannot use an image that is missing or not complete. */
export function unusableImage(location: Location, image: Exclude<ImageState, { complete: true }>): string {
  if (!image.present) return `No image at ${location.given}: it does not exist or is empty (0512-054); nothing was run. Check location.`;
  return `The image at ${location.given} is not usable (${image.reason}); nothing was run. Restore from a complete image.`;
}

/**
 * A savevg image of rootvg restores neither way: restvg refuses rootvg (0512-026) and
 * alt_disk_mksysb installs only system backups. Both restores say so in the same words, and
 * name what does work, rather than sending the admin from one to the other.
 */
export function rootvgSavevgRefusal(location: Location): string {
  return `${location.given} holds a savevg image of rootvg, which no restore can use: restvg cannot restore rootvg (0512-026) and alt_disk_mksysb installs only mksysb images, so nothing was run. What works: take files out of it with restore -xvqf ${location.given} ./path/to/file (it is a backup by name); for an installable backup of rootvg, make a mksysb (action: create, type: mksysb).`;
}

/**
 * One restore at a time on this LPAR (two runs must not both find the same disk free), after the
 * LPAR's lock of the writer: alt_disk_mksysb is a system operation, restvg writes one VG.
 */
export function restoreGuard(io: Io, timeoutSec: number, writer: Parameters<typeof lparLock>[1]): ReturnType<typeof locksGuard> {
  const restore = {
    path: restoreLockPath(io.stateDir),
    subject: { what: 'restoring on this LPAR (one restore at a time)', waitingFor: 'another restore', lockName: 'the restore lock' },
    optional: true,
  };
  return locksGuard([lparLock(io.stateDir, writer), restore], timeoutSec);
}

/** Whether the checked `flags` tokens (one flag per token, values as their own tokens) hold `flag`. */
export function hasUserFlag(command: FlagCommand, tokens: readonly string[], flag: string): boolean {
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === flag) return true;
    // A value is never a flag, even when it starts with a dash.
    if (COMMAND_FLAGS[command][tokens[i] as string]?.value) i++;
  }
  return false;
}

/** The operations both restores run. */
export type RestoreOps = CommandOps & {
  /** The header, then every member of the image, whatever a record says: it must still be `expect`. */
  'full-read': { runs: readonly [CommandLine, CommandLine]; location: Location; expect: { kind: ImageKind; vg: string } };
  /**
   * restvg or alt_disk_mksysb, judged by exit code and message numbers. `silent`: what a failure
   * with no message number says: the classifier's words, or the last lines of the output.
   */
  classified: { runs: readonly [CommandLine]; classify: 'restvg' | 'alt_disk'; failed: string; silent: 'messages' | 'last-lines' };
};

/**
 * The first step of every restore: before any disk is touched the image is read in full now,
 * whatever a record says about it (a record proves only that the file looked the same), and it
 * must still be the image the decision was made on.
 */
export function fullReadStep(location: Location, expect: { kind: ImageKind; vg: string }): Step<OpOf<RestoreOps>> {
  return {
    title: `read ${location.given} in full before any disk is touched`,
    op: {
      kind: 'full-read',
      runs: [{ command: 'listvgbackup', args: ['-l', '-f', location.given] }, { command: 'listvgbackup', args: ['-f', location.given] }],
      location,
      expect,
    },
  };
}

async function fullRead<P>(op: OpOf<RestoreOps, 'full-read'>, { io }: StepContext<P>): Promise<StepOutcome<P>> {
  const { location, expect } = op;
  const image = await readImage(io, location, new ImageStore(io.stateDir), { fullCheck: true });
  if (!image.present || !image.complete) return { ok: false, msg: unusableImage(location, image) };
  if (image.kind !== expect.kind || image.info.volumeGroup !== expect.vg) {
    return { ok: false, msg: `${location.given} changed while this task ran: it now holds a ${image.kind} image of ${image.info.volumeGroup}, not the ${expect.kind} image of ${expect.vg} it held; nothing was run.` };
  }
  return ok({});
}

async function classified<P>(op: OpOf<RestoreOps, 'classified'>, { io }: StepContext<P>): Promise<StepOutcome<P>> {
  const [line] = op.runs;
  const { run, summary, numbers } = await runClassified(io, line.command, line.args, op.classify);
  if (summary.status === 'failed') {
    const why = op.silent === 'last-lines' && numbers.length === 0 && run.signal === null ? lastLinesOf(run) : summary.messages.join(' ');
    return { ok: false, msg: `${op.failed}: ${why}`, run };
  }
  return ok({ run, ...(summary.warnings ? { warnings: summary.warnings } : {}) });
}

/** The executors of the operations both restores run. */
export const restoreExecutors = { ...engineExecutors, 'full-read': fullRead, classified };

/**
 * The end of a failed run's output when it holds no AIX message number: the cause is there (a
 * shell error, a missing file), and "no message number" alone tells the admin nothing.
 */
function lastLinesOf(run: CommandRun): string {
  const text = run.stderr.trim() !== '' ? run.stderr : run.stdout;
  const stream = run.stderr.trim() !== '' ? 'stderr' : 'stdout';
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '').slice(-5);
  if (lines.length === 0) return `exited with return code ${run.rc} and printed nothing`;
  return `exited with return code ${run.rc}, no AIX message number; the last lines of its ${stream}: ${lines.map((l) => JSON.stringify(l.length > 300 ? `${l.slice(0, 300)}...` : l)).join(' / ')}`;
}
