// The files of a VG's file systems, generated on demand from a count: nothing is held in
// memory, so an LPAR can hold millions of files and still stream its listings.
import type { LogicalVolume, VolumeGroup } from './types';

export interface SimFile {
  /** Archive form: relative to /, starting with `./`. */
  path: string;
  size: number;
  unreadable: boolean;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

const base = (mount: string): string => (mount === '/' ? '.' : `.${mount}`);

/** A deterministic size (0..65535 bytes) per file, so listings are reproducible. */
const sizeOf = (i: number, salt: number): number => (Math.imul(i + 1, 2654435761) ^ salt) >>> 16;

function* fsFiles(lv: LogicalVolume): Generator<SimFile> {
  if (!lv.mount || !lv.fs) return;
  const b = base(lv.mount);
  const salt = lv.name.length * 7919;
  for (let i = 0; i < lv.fs.files; i++) {
    yield { path: `${b}/d${pad(Math.floor(i / 1000), 4)}/f${pad(i, 7)}`, size: sizeOf(i, salt), unreadable: false };
  }
  for (const p of lv.fs.unreadable) yield { path: `.${p}`, size: 4096, unreadable: true };
}

export interface Selection {
  /** Mount points left out (`-x file`). */
  excludedMounts: Set<string>;
  /** grep patterns from /etc/exclude.VG (`-e`), matched against `./path`. */
  patterns: RegExp[];
}

export const mountedFs = (vg: VolumeGroup, sel: Selection): LogicalVolume[] =>
  vg.lvs.filter((lv) => lv.mount && lv.fs && !sel.excludedMounts.has(lv.mount));

export function* vgFiles(vg: VolumeGroup, sel: Selection): Generator<SimFile> {
  for (const lv of mountedFs(vg, sel)) {
    for (const f of fsFiles(lv)) {
      if (!sel.patterns.some((re) => re.test(f.path))) yield f;
    }
  }
}

/** Counting walks the names once more instead of storing them. */
export function countFiles(vg: VolumeGroup, sel: Selection): number {
  if (sel.patterns.length === 0) {
    return mountedFs(vg, sel).reduce((n, lv) => n + (lv.fs?.files ?? 0) + (lv.fs?.unreadable.length ?? 0), 0);
  }
  let n = 0;
  for (const f of vgFiles(vg, sel)) if (f) n++;
  return n;
}
