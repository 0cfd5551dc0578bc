// Writing one image: the AIX command writes to a temporary name beside the final file, the whole
// image is read back, and only a verified image is renamed over the final name (its record saved
// in the state directory). Every create planner builds its steps here, so all keep safety rule 1.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runClassified } from './classified-run';
import type { Io } from '../engine/io';
import type { Step } from '../engine/plan';
import { mksysbFlags, savevgFlags } from './flag-tables';
import { checkImage, type ImageState } from './image-reader';
import type { ImageKind, ImageStore } from './image-store';
import type { Location } from './location';
import type { BackupParams } from './params';

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
}

export function writeImageSteps(io: Io, store: ImageStore, spec: WriteSpec): Step[] {
  const { target, kind, vg } = spec;
  const writePath = target.kind === 'file' ? temporaryPath(target.given) : target.given;
  const { command, args } = commandLine(spec, writePath);
  const steps: Step[] = [];
  if (target.kind === 'file') {
    const isLeftover = spec.isLeftover ?? partialsOf(target.given);
    steps.push({
      title: `remove temporary files left beside ${target.given} by runs that were killed`,
      run: async () => (removeLeftovers(dirname(target.given), isLeftover), { ok: true }),
    });
  }
  steps.push({
    title: `write the image${target.kind === 'file' ? ` to ${writePath}` : ''}`,
    argv: [command, ...args],
    main: true,
    run: async () => {
      const { run, summary } = await runClassified(io, command, args, 'backup');
      if (summary.status === 'failed') {
        const why = run.spawnError ?? [...summary.messages, ...stderrCause(run.stderr, summary.messages)].join(' ');
        return { ok: false, msg: `${command} failed, ${target.given} was left as it was: ${why}`, run };
      }
      const warnings = summary.status === 'partial' ? [`${command} could not archive some files (0512-003); the image was made without them: ${summary.messages.join(' ')}`] : [];
      return { ok: true, run, warnings };
    },
    undo: async () => {
      if (target.kind === 'file') rmSync(writePath, { force: true });
    },
  });
  steps.push({
    title: 'read the new image back in full and check its volume group',
    argv: ['listvgbackup', '-f', writePath],
    run: async () => {
      const checked = await checkImage(io, writePath);
      if (!checked.present || !checked.complete) {
        return { ok: false, msg: `The new image failed verification, ${target.given} was left as it was: ${checked.present ? checked.reason : 'the command wrote no image'}` };
      }
      if (checked.info.volumeGroup !== vg || checked.kind !== kind) {
        return { ok: false, msg: `The new image holds a ${checked.kind} image of ${checked.info.volumeGroup}, not of ${vg}; it was discarded.` };
      }
      const structureOnly = kind === 'savevg' && spec.params.exclude_data;
      if (checked.info.vgDataOnly !== structureOnly) {
        return { ok: false, msg: `The new image of ${vg} is ${checked.info.vgDataOnly ? 'structure only (VG DATA ONLY: yes)' : 'a full one'}, not the ${structureOnly ? 'structure-only' : 'full'} image asked for; it was discarded.` };
      }
      install(checked);
      return { ok: true };
    },
  });
  return steps;

  /** Renames the verified image over the final name (files), and records what was verified. */
  function install(checked: Extract<ImageState, { complete: true }>): void {
    if (target.kind !== 'file') return;
    renameSync(writePath, target.given);
    const st = statSync(target.path);
    store.save({ ...checked.record, location: target.given, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, madeHere: true });
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

/** A name beside the image that no one can take for an image: hidden, and marked partial. */
function temporaryPath(location: string): string {
  return join(dirname(location), `.${basename(location)}${PARTIAL_MARK}${hostname()}-${process.pid}`);
}

/** Called with the lock held: the temporary files it covers are leftovers of killed runs. */
function removeLeftovers(dir: string, isLeftover: (name: string) => boolean): void {
  for (const f of readdirSync(dir)) {
    if (isLeftover(f)) rmSync(join(dir, f), { force: true });
  }
}
