// keep: N. Runs only as the last step of a create, after the new image was verified and renamed
// into place: it keeps the N newest complete images of the series (the new one first among them)
// and removes every image of the series older than those. Never fails the run: the new image is
// made; an image that cannot be removed is a warning.
import { rmSync } from 'node:fs';
import type { Io } from '../engine/io';
import type { Series } from './dated-images';
import { seriesLockPath, seriesPaths } from './dated-images';
import { readImage } from './image-reader';
import type { ImageStore } from './image-store';

export interface Pruned {
  removed: string[];
  warnings: string[];
}

export async function pruneSeries(io: Io, store: ImageStore, series: Series, keep: number, made: string): Promise<Pruned> {
  const paths = seriesPaths(series);
  const out: Pruned = { removed: [], warnings: [] };
  let complete = 0;
  let cut = paths.length;
  const lockPath = seriesLockPath(series);
  for (const [i, path] of paths.entries()) {
    // Images this LPAR made or checked have a record: counting them runs no AIX command.
    const image = await readImage(io, { given: path, kind: 'file', path, lockPath }, store);
    if (image.present && image.complete && image.kind === series.kind && image.info.volumeGroup === series.vg) complete++;
    if (complete === keep) {
      cut = i + 1;
      break;
    }
  }
  if (!paths.slice(0, cut).includes(made)) {
    out.warnings.push(`keep: ${made} is not among the ${keep} newest images of ${series.vg} in ${series.dir}; nothing was removed.`);
    return out;
  }
  for (const path of paths.slice(cut)) {
    try {
      rmSync(path);
      store.forget(path);
      out.removed.push(path);
    } catch (err) {
      out.warnings.push(`keep: could not remove ${path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}
