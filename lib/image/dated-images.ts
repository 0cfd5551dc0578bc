// The images one LPAR keeps of one volume group in a directory location:
// `<host>.<vg>.<UTC timestamp>.<mksysb|savevg>`, e.g. lpar1.rootvg.20240312T021500Z.mksysb.
// A dot or percent sign inside the host or VG name is written %2E or %25, so the four parts can
// always be told apart: host "a.b" with VG "c" and host "a" with VG "b.c" never share a name.
// A second image within the same second gets `-N` after the timestamp.
//
// A name is only a hint: anyone who can write the directory can plant one. The names select the
// candidates; what counts (for max_age and keep) is decided by the image's header and the file
// itself (see provenance.ts, and retentionPlan in prune.ts).
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { scanDir, SCAN_LIMIT } from './dir-scan';
import type { ImageKind } from './records';
import { FUTURE_TOLERANCE_SEC } from './report';
import { PARTIAL_MARK } from './temporary-name';
import { utcStamp } from '../iso-time';

export interface Series {
  dir: string;
  host: string;
  vg: string;
  kind: ImageKind;
}

/** A file named as one of the series' images. */
export interface DatedName {
  path: string;
  name: string;
  /** The moment in the name, ms since the epoch. */
  at: number;
  seq: number;
}

export interface SeriesScan {
  /** Newest first; names dated in the future are not among them. */
  names: DatedName[];
  /** Names dated in the future, which are ignored. */
  future: string[];
  /** Set when the directory had more entries than a scan reads. */
  truncated: boolean;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STAMP = '(\\d{8}T\\d{6}Z)(?:-(\\d{1,3}))?';

/** One part of a name: the separator and the escape character escaped. */
export function encodePart(part: string): string {
  return part.replace(/%/g, '%25').replace(/\./g, '%2E');
}

/** What every name of the series (its images and its lock, see lock.ts) starts with. */
export function seriesPrefix(s: Series): string {
  return `${encodePart(s.host)}.${encodePart(s.vg)}.`;
}

function stampTime(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  return m === null ? NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

export function datedPath(s: Series, date: Date, seq = 0): string {
  return join(s.dir, `${seriesPrefix(s)}${utcStamp(date)}${seq > 0 ? `-${seq}` : ''}.${s.kind}`);
}

/** The first dated name for `date` at which nothing exists yet (no existing file is ever replaced). */
export function freeDatedPath(s: Series, date: Date): string | null {
  for (let seq = 0; seq < 1000; seq++) {
    const path = datedPath(s, date, seq);
    if (lstatSync(path, { throwIfNoEntry: false }) === undefined) return path;
  }
  return null;
}

/** The series' names in the directory, newest first, reading at most SCAN_LIMIT entries. */
export function scanSeries(s: Series, now = Date.now()): SeriesScan {
  const re = new RegExp(`^${escapeRe(seriesPrefix(s))}${STAMP}\\.${s.kind}$`);
  const out: SeriesScan = { names: [], future: [], truncated: false };
  out.truncated = scanDir(s.dir, (name) => {
    const m = re.exec(name);
    const at = m ? stampTime(m[1] ?? '') : NaN;
    if (!Number.isFinite(at)) return;
    if (at - now > FUTURE_TOLERANCE_SEC * 1000) out.future.push(name);
    else out.names.push({ path: join(s.dir, name), name, at, seq: Number(m?.[2] ?? 0) });
  });
  out.names.sort((a, b) => b.at - a.at || b.seq - a.seq);
  return out;
}

/** Warnings a scan gives the admin: what it ignored. */
export function scanWarnings(s: Series, scan: SeriesScan): string[] {
  const out: string[] = [];
  if (scan.future.length > 0) {
    const shown = scan.future.slice(0, 5).join(', ');
    out.push(`${s.dir}: ignored ${scan.future.length} image name(s) dated in the future (${shown}${scan.future.length > 5 ? ', ...' : ''}): clock skew? They are neither counted nor removed.`);
  }
  if (scan.truncated) out.push(`${s.dir} holds more than ${SCAN_LIMIT} entries: only the first ${SCAN_LIMIT} were looked at; move the files that are not images elsewhere.`);
  return out;
}

/** Temporary files of this LPAR and volume group (either kind): all covered by the series lock. */
export function isSeriesLeftover(s: Series): (name: string) => boolean {
  const re = new RegExp(`^\\.${escapeRe(seriesPrefix(s))}${STAMP}\\.(mksysb|savevg)${escapeRe(PARTIAL_MARK)}`);
  return (name) => re.test(name);
}

const OWNER = process.getuid?.() ?? 0;

/**
 * The file-level half of provenance, which costs one lstat and no command: a regular file (not a
 * link to one), owned by root, with no other hard link. Anything else is not this LPAR's image,
 * whatever its name.
 */
export function fileProblem(path: string): string | null {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (st === undefined) return 'is gone';
  if (!st.isFile()) return st.isSymbolicLink() ? 'is a symbolic link' : 'is not a regular file';
  if (st.uid !== OWNER) return `is owned by uid ${st.uid}, not root`;
  if (st.nlink !== 1) return `has ${st.nlink} hard links`;
  return null;
}
