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
import { linkSync, lstatSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandLine, Executors, OpOf, Step, Undoers } from '../engine/plan';
import { warnOnce } from '../engine/io';
import { ok } from '../result';
import { runClassified } from '../engine/classified-run';
import type { Complete } from './common';
import { isSeriesLeftover, type Series } from '../image/dated-images';
import { scanDir } from '../image/dir-scan';
import { mksysbFlags, savevgFlags } from '../backup/options/flag-tables';
import { checkImage } from '../image/reader';
import { factsOf, ImageStore, type ImageKind } from '../image/records';
import type { Location } from '../image/location';
import { createOwned, ownedProblem, syncDir, syncOwned, type OwnedFile } from '../image/owned-file';
import type { BackupParams } from '../backup/options/params';
import { partialPrefix, temporaryPath } from '../image/temporary-name';

/** Which names beside the image are temporary files of killed runs: data, so the plan shows it. */
export type LeftoverMatch = { prefix: string } | { series: Series };

export interface WriteSpec {
  kind: ImageKind;
  vg: string;
  params: BackupParams;
  userFlags: string[];
  /** The final image: a file (renamed into place once verified) or a device (written in place). */
  target: Location;
  /** The random part of the temporary name, drawn once per run (see temporaryToken). */
  token: () => string;
  /**
   * Names in the target's directory that are temporary files of killed runs this run may
   * remove: it holds the lock that covers them. Default: those of the target's own name.
   */
  leftovers?: LeftoverMatch;
  /** Never replace a file already at the final name (dated images): the run fails instead. */
  noReplace?: boolean;
}

/** What the new image must be once read back: the kind, volume group and scope asked for. */
export interface NewImage {
  kind: ImageKind;
  vg: string;
  structureOnly: boolean;
}

/** The operations of writing an image, each with its parameters. */
export type WriteOps = {
  'remove-leftovers': { runs: readonly []; dir: string; match: LeftoverMatch };
  /** Creates the module's own temporary image (exclusive, no link following, `mode`). */
  'create-temp': { runs: readonly []; path: string; mode: number; target: string };
  /** mksysb or savevg, judged by its exit code and message numbers (0512-038, 0512-003...). */
  backup: { runs: readonly [CommandLine]; target: string };
  /** The temporary image is still the file this run created (device, inode, one link, owner). */
  'check-temp': { runs: readonly []; path: string; target: string };
  /** The header, then every member: the image must read back whole and be `expect`. */
  'read-back': { runs: readonly [CommandLine, CommandLine]; path: string; target: string; expect: NewImage };
  'sync-temp': { runs: readonly []; path: string };
  /** rename(2) over the final name, or link(2) beside it (never replacing) then unlink the temporary name. */
  place: { runs: readonly []; from: string; to: string; how: 'rename' | 'link' };
  'sync-dir': { runs: readonly []; dir: string };
  /** The final name is the file that was created and checked. */
  'check-placed': { runs: readonly []; path: string; temp: string };
  /** The record of the verified image, in the state directory. */
  'record-image': { runs: readonly []; location: string };
};

export type WriteUndos = {
  'remove-temp': { path: string; target: string };
};

/** What the steps of a write hand on to the later ones. */
export interface WriteProduced {
  temp: OwnedFile;
  /** The backup exited 0 with no error but never said 0512-038: only the read-back can decide, and it refuses. */
  unconfirmed: { command: string; said: string };
  image: Complete;
}

/** Images are private unless the admin opens them to a group with `mode`. */
export const DEFAULT_IMAGE_MODE = 0o600;

export function writeImageSteps(spec: WriteSpec): Step<OpOf<WriteOps>, OpOf<WriteUndos>>[] {
  const { target, kind, vg } = spec;
  const given = target.given;
  const writePath = target.kind === 'file' ? temporaryPath(given, spec.token()) : given;
  const backup = commandLine(spec, writePath);
  const expect: NewImage = { kind, vg, structureOnly: kind === 'savevg' && spec.params.exclude_data };
  const readBack = {
    title: 'read the new image back in full and check its volume group',
    op: {
      kind: 'read-back' as const,
      runs: [{ command: 'listvgbackup', args: ['-l', '-f', writePath] }, { command: 'listvgbackup', args: ['-f', writePath] }] as const,
      path: writePath,
      target: given,
      expect,
    },
  };
  if (target.kind !== 'file') {
    return [
      { title: `write the image to ${given}`, op: { kind: 'backup', runs: [backup], target: given }, main: true, stopped: `${given} is a device: it holds a partial image now` },
      readBack,
    ];
  }
  const dir = dirname(given);
  const undo = { kind: 'remove-temp' as const, path: writePath, target: given };
  const check = { title: `check that ${writePath} is still the file this run created`, op: { kind: 'check-temp' as const, runs: [] as const, path: writePath, target: given } };
  const mode = spec.params.mode === undefined ? DEFAULT_IMAGE_MODE : parseInt(spec.params.mode, 8);
  const how = spec.noReplace ? 'link' : 'rename';
  return [
    { title: `remove temporary files left beside ${given} by runs that were killed`, op: { kind: 'remove-leftovers', runs: [], dir, match: spec.leftovers ?? { prefix: partialPrefix(given) } } },
    { title: `create the temporary image ${writePath}, private to this run`, op: { kind: 'create-temp', runs: [], path: writePath, mode, target: given }, undo },
    { title: `write the image to ${writePath}`, op: { kind: 'backup', runs: [backup], target: given }, main: true, undo },
    check,
    readBack,
    check,
    { title: `flush ${writePath} to disk`, op: { kind: 'sync-temp', runs: [], path: writePath } },
    { title: how === 'link' ? `link ${writePath} as ${given}, which must not exist, and unlink the temporary name` : `rename ${writePath} over ${given}`, op: { kind: 'place', runs: [], from: writePath, to: given, how } },
    { title: `flush the directory ${dir}`, op: { kind: 'sync-dir', runs: [], dir } },
    { title: `check that ${given} is the file this run created`, op: { kind: 'check-placed', runs: [], path: given, temp: writePath } },
    { title: `record the verified image ${given}`, op: { kind: 'record-image', runs: [], location: given } },
  ];
}

export const writeExecutors: Executors<WriteOps, WriteProduced> = {
  'remove-leftovers': (op) => {
    removeLeftovers(op.dir, leftoverTest(op.match));
    return Promise.resolve(ok({}));
  },
  'create-temp': (op) => {
    const made = createOwned(op.path, op.mode);
    return Promise.resolve(made.ok ? ok({ produced: { temp: made.value } }) : { ok: false, msg: `${op.target} was left as it was: ${made.msg}.` });
  },
  backup: async (op, { io }) => {
    const [line] = op.runs;
    const { run, summary } = await runClassified(io, line.command, line.args, 'backup');
    const said = [...summary.messages, ...stderrCause(run.stderr, summary.messages)].join(' ');
    if (summary.status === 'failed') return { ok: false, msg: `${line.command} failed, ${op.target} was left as it was: ${said}`, run };
    const warnings = summary.status === 'partial' ? [`${line.command} could not archive some files (0512-003); the image was made without them: ${summary.messages.join(' ')}`] : [];
    return ok({ run, warnings: [...warnings, ...(summary.warnings ?? [])], ...(summary.status === 'unconfirmed' ? { produced: { unconfirmed: { command: line.command, said } } } : {}) });
  },
  'check-temp': (op, { produced }) => Promise.resolve(tampered(produced.temp, op.target) ?? ok({})),
  'read-back': async (op, { io, produced }) => {
    const checked = await checkImage(io, op.path);
    if (!checked.present || !checked.complete) {
      const said = produced.unconfirmed === undefined ? '' : ` (${produced.unconfirmed.command}: ${produced.unconfirmed.said})`;
      return { ok: false, msg: `The new image failed verification, ${op.target} was left as it was: ${checked.present ? checked.reason : 'the command wrote no image'}${said}` };
    }
    if (produced.unconfirmed !== undefined) {
      const { command, said } = produced.unconfirmed;
      return { ok: false, msg: `${command} did not confirm the backup, ${op.target} was left as it was: ${said}; the new image reads back whole, but without 0512-038 it cannot be trusted.` };
    }
    const { vg, kind, structureOnly } = op.expect;
    if (checked.info.volumeGroup !== vg || checked.kind !== kind) {
      return { ok: false, msg: `The new image holds a ${checked.kind} image of ${checked.info.volumeGroup}, not of ${vg}; it was discarded.` };
    }
    if (checked.info.vgDataOnly !== structureOnly) {
      return { ok: false, msg: `The new image of ${vg} is ${checked.info.vgDataOnly ? 'structure only (VG DATA ONLY: yes)' : 'a full one'}, not the ${structureOnly ? 'structure-only' : 'full'} image asked for; it was discarded.` };
    }
    return ok({ produced: { image: checked } });
  },
  'sync-temp': (_op, { produced }) => {
    const problem = produced.temp ? syncOwned(produced.temp) : 'the temporary image was never created';
    return Promise.resolve(problem === null ? ok({}) : { ok: false, msg: problem });
  },
  place: (op) => {
    try {
      if (op.how === 'link') {
        // link(2) fails when the name exists: no image already there is ever replaced.
        linkSync(op.from, op.to);
        unlinkSync(op.from);
      } else {
        renameSync(op.from, op.to);
      }
    } catch (e) {
      return Promise.resolve({ ok: false, msg: `The new image could not be put at ${op.to} (${e instanceof Error ? e.message : String(e)}); nothing there was replaced.` });
    }
    return Promise.resolve(ok({}));
  },
  'sync-dir': (op) => {
    syncDir(op.dir);
    return Promise.resolve(ok({}));
  },
  'check-placed': (op, { produced }) => {
    const moved = produced.temp ? ownedProblem(produced.temp, op.path) : `${op.temp} was never created`;
    return Promise.resolve(moved === null ? ok({}) : { ok: false, msg: `After the rename, ${moved}; the image at ${op.path} is not trusted.` });
  },
  'record-image': (op, { io, produced }) => {
    if (!produced.image) return Promise.resolve({ ok: false, msg: `Internal error in the module: ${op.location} was never read back, so it cannot be recorded.` });
    warnOnce(io, new ImageStore(io.stateDir).save({ ...produced.image.record, ...factsOf(statSync(op.location)), location: op.location, madeHere: true }));
    return Promise.resolve(ok({}));
  },
};

export const writeUndoers: Undoers<WriteUndos, WriteProduced> = {
  // Unlinking a name never touches what a planted link points to; a name already renamed is gone.
  'remove-temp': (op, { produced }) => {
    if (produced.temp === undefined || lstatSync(op.path, { throwIfNoEntry: false }) === undefined) return null;
    rmSync(op.path, { force: true });
    return `removed the temporary image ${op.path}; ${op.target} was left as it was`;
  },
};

/** The failure when the temporary image is no longer the file this run created (null: it still is). */
function tampered(temp: OwnedFile | undefined, target: string): { ok: false; msg: string } | null {
  const problem = temp === undefined ? 'it was never created' : ownedProblem(temp);
  return problem === null ? null : { ok: false, msg: `The temporary image was tampered with: ${problem}. It was not used, and ${target} was left as it was; check who else writes in ${dirname(target)}.` };
}

function commandLine(spec: WriteSpec, writePath: string): CommandLine {
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

/** The temporary files of any run writing `location`. */
export function partialsOf(location: string): (name: string) => boolean {
  return leftoverTest({ prefix: partialPrefix(location) });
}

export function leftoverTest(match: LeftoverMatch): (name: string) => boolean {
  if ('series' in match) return isSeriesLeftover(match.series);
  return (name) => name.startsWith(match.prefix);
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
