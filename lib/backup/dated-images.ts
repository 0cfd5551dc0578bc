// The images one LPAR keeps of one volume group in a directory location:
// `<host>.<vg>.<UTC timestamp>.<mksysb|savevg>`, e.g. lpar1.rootvg.20240312T021500Z.mksysb.
// The timestamp sorts as text, so the newest image is found from the names alone, and the host
// in the name keeps the images of LPARs sharing one NFS directory apart.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageKind } from './image-store';
import { PARTIAL_MARK } from './write-image';

export interface Series {
  dir: string;
  host: string;
  vg: string;
  kind: ImageKind;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STAMP = '\\d{8}T\\d{6}Z';

/** 2024-03-12T02:15:00.123Z -> 20240312T021500Z */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export function datedPath(s: Series, date: Date): string {
  return join(s.dir, `${s.host}.${s.vg}.${utcStamp(date)}.${s.kind}`);
}

/** One lock per LPAR and volume group: runs of one LPAR wait for each other, other LPARs do not. */
export function seriesLockPath(s: Series): string {
  return join(s.dir, `${s.host}.${s.vg}.lock`);
}

/** Paths of the series' images, newest first. */
export function seriesPaths(s: Series): string[] {
  const re = new RegExp(`^${escape(s.host)}\\.${escape(s.vg)}\\.${STAMP}\\.${s.kind}$`);
  return readdirSync(s.dir)
    .filter((f) => re.test(f))
    .sort()
    .reverse()
    .map((f) => join(s.dir, f));
}

/** Temporary files of this LPAR and volume group (either kind): all covered by the series lock. */
export function isSeriesLeftover(s: Series): (name: string) => boolean {
  const re = new RegExp(`^\\.${escape(s.host)}\\.${escape(s.vg)}\\.${STAMP}\\.(mksysb|savevg)${escape(PARTIAL_MARK)}`);
  return (name) => re.test(name);
}
