// What both create planners (one file, a dated series) share: which image counts as the backup
// asked for, what is read and refused before the backup runs, the locks they take, the rule that
// verifies the new image, and how their messages read in and out of check mode.
import type { Io } from '../engine/io';
import type { ReadAt } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { readVgList } from '../lpar/disks';
import { LOCATION, locksGuard, lparLock } from '../image/guard';
import type { ImageState } from '../image/reader';
import type { ImageKind } from '../image/records';
import type { Location } from '../image/location';
import type { BackupParams } from '../backup/options/params';
import { readSpace, spaceRefusal, type SpaceCheck } from './space';
import type { WriteOps, WriteProduced, WriteUndos } from './write-image';

export type Complete = Extract<ImageState, { complete: true }>;

/** What the task asks for: the image's kind, volume group and scope. */
export interface Wanted {
  kind: ImageKind;
  vg: string;
  /** savevg -r (exclude_data): the volume group's structure only, no files. */
  structureOnly: boolean;
}

export function scopeWord(structureOnly: boolean): string {
  return structureOnly ? 'structure-only' : 'full';
}

/** A structure-only image never satisfies a full backup, nor a full image a structure-only one. */
export function isWanted(image: ImageState, w: Wanted): image is Complete {
  return image.present && image.complete && image.kind === w.kind && image.info.volumeGroup === w.vg && image.info.vgDataOnly === w.structureOnly;
}

/** "savevg image of datavg", "structure-only savevg image of datavg": a full image is the default. */
export function describeWanted(w: Wanted, scope: 'always' | 'when structure only' = 'when structure only'): string {
  if (w.kind === 'mksysb') return `mksysb image of ${w.vg}`;
  return w.structureOnly || scope === 'always' ? `${scopeWord(w.structureOnly)} savevg image of ${w.vg}` : `savevg image of ${w.vg}`;
}

export function describeComplete(image: Complete): string {
  return describeWanted({ kind: image.kind, vg: image.info.volumeGroup, structureOnly: image.info.vgDataOnly });
}

/** The volume groups savevg needs: the varied-on ones, and all defined ones only when the VG is not varied on. */
export interface VgLists {
  active: string[];
  defined: string[] | null;
}

export async function readVgs(io: Io, vg: string): Promise<Result<VgLists>> {
  const active = await readVgList(io, 'active');
  if (!active.ok) return fail(active.msg);
  if (active.value.includes(vg)) return ok({ active: active.value, defined: null });
  const defined = await readVgList(io, 'defined');
  return defined.ok ? ok({ active: active.value, defined: defined.value }) : fail(defined.msg);
}

/** Why savevg cannot back up `vg`, or null when it is varied on. */
export function vgRefusal(vgs: VgLists | null, vg: string): string | null {
  if (vgs === null || vgs.active.includes(vg)) return null;
  if (vgs.defined !== null && !vgs.defined.includes(vg)) {
    return `name: volume group ${vg} does not exist on this LPAR; its volume groups are ${vgs.defined.join(', ') || 'none'}. Check name.`;
  }
  return `Volume group ${vg} is not varied on (active: ${vgs.active.join(', ') || 'none'}); savevg backs up varied-on volume groups only. Run varyonvg ${vg} first.`;
}

/** The verb of an act message: what was done, or in check mode what would be. */
export function verb(done: 'Created' | 'Replaced' | 'Made', checkMode: boolean): string {
  if (!checkMode) return done;
  return { Created: 'Would create', Replaced: 'Would replace', Made: 'Would make' }[done];
}

/** The size of the image being replaced: what the new one will need at least, too. */
export function lastImageBytes(image: ImageState): number | null {
  return image.present && image.complete && image.record.size > 0 ? image.record.size : null;
}

/** What a create reads before it writes: the volume groups (savevg) and the room for the image. */
export interface Prerequisites {
  vgs: VgLists | null;
  space: SpaceCheck | null;
}

/**
 * Reads the prerequisites of writing `wanted` on the reads that lead to writing. The volume
 * groups are read on every such read; the space only where a plan is made (check mode's read, and
 * the read with the lock held, just before the command would run): outside check mode the first
 * read only decides whether to take the lock.
 */
export async function readPrerequisites(io: Io, wanted: Wanted, params: BackupParams, target: { location: Location; lastBytes: number | null }, at: ReadAt): Promise<Result<Prerequisites>> {
  const read = wanted.kind === 'mksysb' ? null : await readVgs(io, wanted.vg);
  if (read !== null && !read.ok) return read;
  const vgs = read?.value ?? null;
  if ((at !== 'check' && at !== 'locked') || vgRefusal(vgs, wanted.vg) !== null) return ok({ vgs, space: null });
  const space = await readSpace(io, { ...wanted, params, location: target.location, lastImageBytes: target.lastBytes });
  return space.ok ? ok({ vgs, space: space.value }) : fail(space.msg);
}

/** Why the image cannot be written now: the volume group (savevg) or the room it needs. */
export function prerequisiteRefusal({ vgs, space }: Prerequisites, vg: string): string | null {
  return vgRefusal(vgs, vg) ?? (space === null ? null : spaceRefusal(space));
}

/** The locks of a writer: its location's (or its series'), then the LPAR's system backup or volume group. */
export function writerGuard(lockPath: string, wanted: Wanted, stateDir: string, timeoutSec: number): ReturnType<typeof locksGuard> {
  return locksGuard([{ path: lockPath, subject: LOCATION }, lparLock(stateDir, wanted.kind === 'mksysb' ? { kind: 'system' } : { kind: 'vg', vg: wanted.vg })], timeoutSec);
}

/** What a create's verify expects, carried in its decision: the image it names, verified by this run. */
export interface MadeImage {
  location: string;
  /** When the run started: the new image's record was verified after it. */
  notBefore: string;
}

/**
 * The verify rule of both creates: the image read back (`found`, null when there is none of the
 * kind asked for) is at the location the decision named, and was verified by this run.
 */
export function verifyMade(found: { location: string; image: Complete } | null, expect: MadeImage, missing: string): Result<null> {
  if (found === null || found.location !== expect.location) return fail(missing);
  if (found.image.record.verifiedAt < expect.notBefore) return fail(`${expect.location} is not the image this run made`);
  return ok(null);
}

/** The diff's "after" of a create. */
export function describeNew(location: string, wanted: Wanted): string {
  return [`location: ${location}`, `kind: ${wanted.kind}`, `volume_group: ${wanted.vg}`, `scope: ${wanted.structureOnly ? 'structure only' : 'full'}`, 'date: (new)', ''].join('\n');
}

/** The steps of both creates and what they verify. */
export interface CreateKinds {
  ops: WriteOps;
  undos: WriteUndos;
  produced: WriteProduced;
  expect: MadeImage;
}

/** Names the symlink the user gave as location when the image is written at its target. */
export function throughLink(link: string | undefined): string {
  return link ? ` (through the symlink ${link}, which is kept)` : '';
}
