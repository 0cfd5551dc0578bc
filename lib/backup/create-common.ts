// What both create planners (one file, a dated series) share: which image counts as the backup
// asked for, how the volume group is checked before savevg runs, and how their messages read in
// and out of check mode.
import type { Io } from '../engine/io';
import type { Read } from '../engine/plan';
import { readVgList } from './disks';
import type { ImageState } from './image-reader';
import type { ImageKind } from './image-store';

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
  if (!active.ok || active.state.includes(vg)) return active.ok ? { ok: true, state: { active: active.state, defined: null } } : active;
  const defined = await readVgList(io, 'defined');
  return defined.ok ? { ok: true, state: { active: active.state, defined: defined.state } } : defined;
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
