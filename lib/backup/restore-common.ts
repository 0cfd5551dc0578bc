// What the two restores share: the flags the user may not give (every flag an option of the
// module can produce, set this run or not), the lock that keeps two restores from picking the
// same free disks at once, and the refusal of an image that is missing or not complete.
import { COMMAND_FLAGS, type FlagCommand } from '../aix/command-flags';
import type { FlagRule, FlagTable } from '../engine/flag-table';
import type { Io } from '../engine/io';
import type { Step } from '../engine/plan';
import { readImage, type ImageState } from './image-reader';
import { ImageStore, type ImageKind } from './image-store';
import { locksGuard, lparLock } from './guard';
import type { Location } from './location';
import { restoreLockPath } from './lock';

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

/**
 * The first step of every restore: before any disk is touched the image is read in full now,
 * whatever a record says about it (a record proves only that the file looked the same), and it
 * must still be the image the decision was made on.
 */
export function fullReadStep(io: Io, location: Location, expected: { kind: ImageKind; vg: string }): Step {
  return {
    title: `read ${location.given} in full before any disk is touched`,
    argv: ['listvgbackup', '-f', location.given],
    run: async () => {
      const image = await readImage(io, location, new ImageStore(io.stateDir), { fullCheck: true });
      if (!image.present || !image.complete) return { ok: false, msg: unusableImage(location, image) };
      if (image.kind !== expected.kind || image.info.volumeGroup !== expected.vg) {
        return { ok: false, msg: `${location.given} changed while this task ran: it now holds a ${image.kind} image of ${image.info.volumeGroup}, not the ${expected.kind} image of ${expected.vg} it held; nothing was run.` };
      }
      return { ok: true };
    },
  };
}
