// File system sizes as df sees them. The LPAR's own file systems are known by their mount
// points (`/tmp` is hd3 of rootvg) with their LV size and used space; image paths are real paths
// of this machine (see paths.ts), held by the image file systems set with `aix-sim fs --path`
// (longest prefix wins), or else by a default one with plenty of room. Writing an image does not
// change the free space: tests set it.
import { existsSync } from 'node:fs';
import { isVariedOn } from './state';
import type { LogicalVolume, Lpar } from './types';

export interface FsView {
  name: string;
  sizeMb: number;
  usedMb: number;
  mountedOn: string;
  /** The LPAR's LV behind it, for its own file systems. */
  lv?: LogicalVolume;
}

/** What holds image paths nobody configured: a big NFS export. */
export const DEFAULT_IMAGE_FS = { name: 'nfs01:/export/images', sizeMb: 4 * 1024 * 1024, freeMb: 2 * 1024 * 1024 };

export function lparFs(lpar: Lpar, mount: string): FsView | null {
  for (const vg of lpar.vgs) {
    if (!isVariedOn(vg)) continue;
    const lv = vg.lvs.find((l) => l.mount === mount && l.fs && l.open);
    if (lv?.fs) return { name: `/dev/${lv.name}`, sizeMb: lv.lps * vg.ppSizeMb, usedMb: lv.fs.usedMb, mountedOn: mount, lv };
  }
  return null;
}

/** The file system holding `path`, or null when the path does not exist. */
export function fsOf(lpar: Lpar, path: string): FsView | null {
  const own = lparFs(lpar, path);
  if (own) return own;
  const configured = (lpar.imageFs ?? [])
    .filter((f) => path === f.path || path.startsWith(`${f.path.replace(/\/+$/, '')}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (configured) return { name: configured.name, sizeMb: configured.sizeMb, usedMb: configured.sizeMb - configured.freeMb, mountedOn: configured.path };
  if (!existsSync(path)) return null;
  return { name: DEFAULT_IMAGE_FS.name, sizeMb: DEFAULT_IMAGE_FS.sizeMb, usedMb: DEFAULT_IMAGE_FS.sizeMb - DEFAULT_IMAGE_FS.freeMb, mountedOn: path };
}

export const freeMb = (fs: FsView): number => Math.max(0, fs.sizeMb - fs.usedMb);

/** Work space mksysb and savevg need in /tmp without -X, MB (reference gap: a plausible figure). */
export const TMP_NEED_MB: Readonly<Record<'mksysb' | 'savevg', number>> = { mksysb: 32, savevg: 8 };
