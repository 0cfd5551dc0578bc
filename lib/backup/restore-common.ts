// What the two restores share: the flags the user may not give (every flag an option of the
// module can produce, set this run or not), the lock that keeps two restores from picking the
// same free disks at once, and the refusal of an image that is missing or not complete.
import { join } from 'node:path';
import { COMMAND_FLAGS, type FlagCommand } from '../aix/command-flags';
import type { FlagRule, FlagTable } from '../engine/flag-table';
import type { Io } from '../engine/io';
import type { ImageState } from './image-reader';
import { lockGuard } from './guard';
import type { Location } from './location';

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

/** One restore at a time on this LPAR: two runs must not both find the same disk free. */
export function restoreGuard(io: Io, timeoutSec: number): ReturnType<typeof lockGuard> {
  return lockGuard(join(io.stateDir, 'locks', 'restore.lock'), timeoutSec, {
    what: 'restoring on this LPAR (one restore at a time)',
    waitingFor: 'another restore',
    lockName: 'the restore lock',
  });
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
