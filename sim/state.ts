// Load and save the LPAR state. Readers never lock: the file is replaced atomically
// (write to a temp file, then rename), so a reader always sees a whole document.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { withLock } from './lock';
import { lockPath, statePath } from './paths';
import type { Lpar, VolumeGroup } from './types';

export function loadState(root: string): Lpar {
  let text: string;
  try {
    text = readFileSync(statePath(root), 'utf8');
  } catch {
    throw new Error(`aix-sim: no simulated LPAR under ${root} (run: aix-sim init --root ${root})`);
  }
  return JSON.parse(text) as Lpar;
}

export function saveState(root: string, lpar: Lpar): void {
  const tmp = `${statePath(root)}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(lpar, null, 1));
  renameSync(tmp, statePath(root));
}

/** Read-modify-write under the lock; fn returns a value passed back to the caller. */
export function updateState<T>(root: string, fn: (lpar: Lpar) => T): T {
  return withLock(lockPath(root), () => {
    const lpar = loadState(root);
    const result = fn(lpar);
    saveState(root, lpar);
    return result;
  });
}

export const findVg = (lpar: Lpar, name: string): VolumeGroup | undefined =>
  lpar.vgs.find((vg) => vg.name === name);

export const isVariedOn = (vg: VolumeGroup): boolean => vg.state !== 'varied-off';

/** Physical partitions a disk offers in a VG of the given PP size (one PP goes to the VGDA). */
export const diskPps = (sizeMb: number, ppSizeMb: number): number => Math.floor(sizeMb / ppSizeMb) - 1;
