// Writing one image: the AIX command writes to a temporary name beside the final file, the whole
// image is read back, and only a verified image is renamed over the final name (its record saved
// in the state directory). Every create planner builds its steps here, so all keep safety rule 1.
//
// The directory may be shared (/tmp, an NFS export), so the temporary file is the module's own:
// created by the module before the command runs (exclusive, no link following, private mode, a
// random name no one can guess), and known by its device and inode from then on. It is checked
// when the command ends, before it is read back and right before the rename: whatever someone
// put at its name instead (a symbolic link, a hard link, their own file) is never verified,
// never renamed into place, and the run fails naming it.
import { linkSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { runClassified } from './classified-run';
import { warnOnce, type Io } from '../engine/io';
import type { Step } from '../engine/plan';
import { mksysbFlags, savevgFlags } from './flag-tables';
import { scanDir } from './dir-scan';
import { checkImage, type ImageState } from './image-reader';
import { factsOf, type ImageKind, type ImageStore } from './image-store';
import type { Location } from './location';
import { createOwned, ownedProblem, syncDir, syncOwned, type OwnedFile } from './owned-file';
import type { BackupParams } from './params';
import { randomHex } from './random-name';

/** Marks a file that is being written: never an image, whoever lists the directory. */
export const PARTIAL_MARK = '.partial-';

export interface WriteSpec {
  kind: ImageKind;
  vg: string;
  params: BackupParams;
  userFlags: string[];
  /** The final image: a file (renamed into place once verified) or a device (written in place). */
  target: Location;
  /**
   * Names in the target's directory that are temporary files of killed runs this run may
   * remove: it holds the lock that covers them. Default: those of the target's own name.
   */
  isLeftover?: (name: string) => boolean;
  /** Never replace a file already at the final name (dated images): the run fails instead. */
  noReplace?: boolean;
}

/** Images are private unless the admin opens them to a group with `mode`. */
export const DEFAULT_IMAGE_MODE = 0o600;

export function writeImageSteps(io: Io, store: ImageStore, spec: WriteSpec): Step[] {
  const { target, kind, vg } = spec;
  const writePath = target.kind === 'file' ? temporaryPath(target.given) : target.given;
  const { command, args } = commandLine(spec, writePath);
  const steps: Step[] = [];
  let forgetTemporary = (): void => undefined;
  const mode = spec.params.mode === undefined ? DEFAULT_IMAGE_MODE : parseInt(spec.params.mode, 8);
  /** The temporary image, once created: what every later check compares against. */
  let owned: OwnedFile | null = null;
  if (target.kind === 'file') {
    const isLeftover = spec.isLeftover ?? partialsOf(target.given);
    steps.push({
      title: `remove temporary files left beside ${target.given} by runs that were killed`,
      run: () => {
        removeLeftovers(dirname(target.given), isLeftover);
        return Promise.resolve({ ok: true });
      },
    });
  }
  // Set when the backup exited 0 with no error but never said 0512-038: only the image read
  // back can then tell how far it got, and even a whole one is not taken on that word alone.
  let unconfirmed: string | null = null;
  steps.push({
    title: `write the image${target.kind === 'file' ? ` to ${writePath}` : ''}`,
    argv: [command, ...args],
    main: true,
    run: async () => {
      if (target.kind === 'file') {
        const made = createOwned(writePath, mode);
        if (!made.ok) return { ok: false, msg: `${target.given} was left as it was: ${made.msg}.` };
        owned = made.value;
      }
      // A signal must not leave the temporary image behind; once renamed it is no longer temporary.
      forgetTemporary = target.kind === 'file'
        ? io.onAbort(() => (rmSync(writePath, { force: true }), `removed the temporary image ${writePath}; ${target.given} was left as it was`))
        : io.onAbort(() => `${target.given} is a device: it holds a partial image now`);
      const { run, summary } = await runClassified(io, command, args, 'backup');
      if (summary.status === 'failed') {
        const why = [...summary.messages, ...stderrCause(run.stderr, summary.messages)].join(' ');
        return { ok: false, msg: `${command} failed, ${target.given} was left as it was: ${why}`, run };
      }
      const swapped = tampered();
      if (swapped) return { ok: false, msg: swapped, run };
      if (summary.status === 'unconfirmed') unconfirmed = [...summary.messages, ...stderrCause(run.stderr, summary.messages)].join(' ');
      const warnings = summary.status === 'partial' ? [`${command} could not archive some files (0512-003); the image was made without them: ${summary.messages.join(' ')}`] : [];
      return { ok: true, run, warnings: [...warnings, ...(summary.warnings ?? [])] };
    },
    undo: () => {
      // Unlinking a name never touches what a planted link points to.
      if (target.kind === 'file' && owned) rmSync(writePath, { force: true });
      forgetTemporary();
      return Promise.resolve();
    },
  });
  steps.push({
    title: 'read the new image back in full and check its volume group',
    argv: ['listvgbackup', '-f', writePath],
    run: async () => {
      const before = tampered();
      if (before) return { ok: false, msg: before };
      const checked = await checkImage(io, writePath);
      if (!checked.present || !checked.complete) {
        const said = unconfirmed === null ? '' : ` (${command}: ${unconfirmed})`;
        return { ok: false, msg: `The new image failed verification, ${target.given} was left as it was: ${checked.present ? checked.reason : 'the command wrote no image'}${said}` };
      }
      if (unconfirmed !== null) {
        return { ok: false, msg: `${command} did not confirm the backup, ${target.given} was left as it was: ${unconfirmed}; the new image reads back whole, but without 0512-038 it cannot be trusted.` };
      }
      if (checked.info.volumeGroup !== vg || checked.kind !== kind) {
        return { ok: false, msg: `The new image holds a ${checked.kind} image of ${checked.info.volumeGroup}, not of ${vg}; it was discarded.` };
      }
      const structureOnly = kind === 'savevg' && spec.params.exclude_data;
      if (checked.info.vgDataOnly !== structureOnly) {
        return { ok: false, msg: `The new image of ${vg} is ${checked.info.vgDataOnly ? 'structure only (VG DATA ONLY: yes)' : 'a full one'}, not the ${structureOnly ? 'structure-only' : 'full'} image asked for; it was discarded.` };
      }
      const installed = install(checked);
      return installed === null ? { ok: true } : { ok: false, msg: installed };
    },
  });
  return steps;

  /** The failure message when the temporary image is no longer the file this run created. */
  function tampered(): string | null {
    if (target.kind !== 'file' || owned === null) return null;
    const problem = ownedProblem(owned);
    return problem === null ? null : `The temporary image was tampered with: ${problem}. It was not used, and ${target.given} was left as it was; check who else writes in ${dirname(target.given)}.`;
  }

  /**
   * Puts the verified image at the final name (files), and records what was verified: the image
   * is checked once more right before, flushed, renamed, and the directory flushed after.
   */
  function install(checked: Extract<ImageState, { complete: true }>): string | null {
    if (target.kind !== 'file' || owned === null) return null;
    const file = owned;
    const problem = tampered() ?? syncOwned(file);
    if (problem) return problem;
    try {
      if (spec.noReplace) {
        // link(2) fails when the name exists: no image already there is ever replaced.
        linkSync(writePath, target.given);
        unlinkSync(writePath);
      } else {
        renameSync(writePath, target.given);
      }
    } catch (e) {
      return `The new image could not be put at ${target.given} (${e instanceof Error ? e.message : String(e)}); nothing there was replaced.`;
    }
    forgetTemporary();
    syncDir(dirname(target.given));
    const moved = ownedProblem(file, target.given);
    if (moved) return `After the rename, ${moved}; the image at ${target.given} is not trusted.`;
    warnOnce(io, store.save({ ...checked.record, ...factsOf(statSync(target.given)), location: target.given, madeHere: true }));
    return null;
  }
}

function commandLine(spec: WriteSpec, writePath: string): { command: ImageKind; args: string[] } {
  if (spec.kind === 'mksysb') return { command: 'mksysb', args: [...mksysbFlags.render(spec.params), ...spec.userFlags, writePath] };
  return { command: 'savevg', args: [...savevgFlags.render({ ...spec.params, location: writePath }), ...spec.userFlags, spec.vg] };
}

/**
 * The backup's own words on standard error, which its 0512-005 points to without repeating them
 * (e.g. "There is not enough space in the file system"): the last few lines not already said.
 */
function stderrCause(stderr: string, said: string[]): string[] {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !said.some((s) => s.includes(l)));
  return lines.slice(-3).map((l) => (l.length > 400 ? `${l.slice(0, 400)}...` : l));
}

/** The temporary files of any run writing `location` (see temporaryPath). */
export function partialsOf(location: string): (name: string) => boolean {
  const prefix = `.${basename(location)}${PARTIAL_MARK}`;
  return (name) => name.startsWith(prefix);
}

/**
 * A name beside the image that no one can take for an image (hidden, and marked partial), nor
 * guess in advance: 96 random bits, never the host or the pid.
 */
function temporaryPath(location: string): string {
  return join(dirname(location), `.${basename(location)}${PARTIAL_MARK}${randomHex(12)}`);
}

/** Called with the lock held: the temporary files it covers are leftovers of killed runs. */
function removeLeftovers(dir: string, isLeftover: (name: string) => boolean): void {
  const found: string[] = [];
  scanDir(dir, (name) => {
    if (isLeftover(name)) found.push(name);
  });
  for (const f of found) {
    try {
      // Unlinking a name never follows it: a planted symlink goes, its target stays.
      rmSync(join(dir, f), { force: true });
    } catch {
      // Not a file (someone's directory): not a leftover of this module; the new name is random.
    }
  }
}
