// What both create planners (one file, a dated series) share: which image counts as the backup
// asked for, how the volume group is checked before savevg runs, and how their messages read in
// and out of check mode.
import type { Io } from '../engine/io';
import type { Read } from '../engine/plan';
import { readVgList } from './disks';
import type { ImageState } from './image-reader';
import type { ImageKind } from './image-store';
import type { Location } from './location';
import type { BackupParams } from './params';
import { readSpace, type SpaceCheck } from './space';

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

export async function readVgs(io: Io, vg: string): Promise<Read<VgLists>> {
  const active = await readVgList(io, 'active');
  if (!active.ok || active.value.includes(vg)) return active.ok ? { ok: true, state: { active: active.value, defined: null } } : active;
  const defined = await readVgList(io, 'defined');
  return defined.ok ? { ok: true, state: { active: active.value, defined: defined.value } } : defined;
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
 * Reads the prerequisites of writing `wanted`, on the reads that lead to writing. Outside check
 * mode the first read only decides whether to take the lock, so the space is read under it,
 * once, just before the command would run.
 */
export function prerequisitesReader(io: Io, wanted: Wanted, params: BackupParams, checkMode: boolean): (location: Location, lastBytes: number | null) => Promise<Read<Prerequisites>> {
  let space: SpaceCheck | null = null;
  let reads = 0;
  return async (location, lastBytes) => {
    reads++;
    const vgs = wanted.kind === 'mksysb' ? null : await readVgs(io, wanted.vg);
    if (vgs !== null && !vgs.ok) return vgs;
    const vgState = vgs?.state ?? null;
    if (space === null && (checkMode || reads > 1) && vgRefusal(vgState, wanted.vg) === null) {
      const read = await readSpace(io, { ...wanted, params, location, lastImageBytes: lastBytes });
      if (!read.ok) return read;
      space = read.value;
    }
    return { ok: true, state: { vgs: vgState, space } };
  };
}
