// keep: N. Decides which images of the series keep leaves and which it may remove; the dated
// create reads this with the lock held and removes them in its last step, after the new image was
// verified and put into place (lib/create/dated.ts), so a failed run removes nothing.
//
// Retention goes by provenance, not by name: an image is counted, and may be removed, only when
// it is a regular file owned by root with one link, and its own header names this LPAR (host name
// and machine ID) and this volume group. A planted name, another user's file, a hard link to
// something else, or the image of another machine that happens to share the host name is never
// counted and never touched.
import type { Io } from '../engine/io';
import { ok, type Failure, type Result } from '../result';
import type { Series } from './dated-images';
import { fileProblem, scanSeries, scanWarnings } from './dated-images';
import { readImage } from './reader';
import { seriesLockPath } from './lock';
import type { ImageStore } from './records';
import { provenanceOf, type IdentitySource } from './provenance';

/** Which of this LPAR's images of the series keep: N keeps, and which it may remove. */
export type Retention = Result<{ kept: string[]; removable: string[]; warnings: string[] }, RetentionFailure>;

/** The scan's warnings come along: the run reports them whether or not retention could be decided. */
export interface RetentionFailure extends Failure {
  warnings: string[];
}

export async function retentionPlan(io: Io, store: ImageStore, series: Series, keep: number, identity: IdentitySource): Promise<Retention> {
  const scan = scanSeries(series);
  const warnings = scanWarnings(series, scan);
  const lockPath = seriesLockPath(series);
  const kept: string[] = [];
  const removable: string[] = [];
  for (const { path } of scan.names) {
    if (fileProblem(path) !== null) continue;
    // Images this LPAR made or checked have a record: judging them runs no AIX command.
    const image = await readImage(io, { given: path, kind: 'file', path, lockPath }, store);
    if (!image.present || !image.info || image.info.volumeGroup !== series.vg) continue;
    const origin = await provenanceOf(image.info, image.complete && image.record.madeHere, identity);
    if (!origin.ok) {
      const msg = `keep: ${origin.msg} Nothing was removed.`;
      return { ok: false, msg, warnings: [...warnings, msg] };
    }
    if (!origin.value.ours) continue;
    if (image.complete && image.kind === series.kind && kept.length < keep) kept.push(path);
    else if (kept.length >= keep) removable.push(path);
  }
  return ok({ kept, removable, warnings });
}

