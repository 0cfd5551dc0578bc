// Where an image lives: a file (written beside, verified, then renamed over) or a device such as
// a tape (written in place; no rename is possible). Device paths live under AIX_ROOT like every
// other part of the AIX system; file paths are used as given. Only create also accepts a
// directory, where each new image gets a dated name (dated-images.ts); view and restore need the
// one image they read.
import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { nameTooLong } from '../engine/env-errors';

/**
 * Bytes the module adds to an image's name beside it: its hidden temporary name and its lock
 * (`.NAME.partial-...`, `NAME.lock.stale.PID`). Checked before any command runs: AIX says
 * ENAMETOOLONG only when the rename comes, after an hour of mksysb.
 */
const NAME_RESERVE = 96;
/** The longest dated name (`<host>.<vg>.<UTC timestamp>.<kind>`, host names up to 64 bytes). */
const DATED_NAME_MAX = 110;

export interface Location {
  /** As the user gave it, and as AIX commands get it. */
  readonly given: string;
  readonly kind: 'file' | 'device';
  /** What this process opens and stats: the device node under AIX_ROOT, or the file itself. */
  readonly path: string;
  /** The lock file: beside the image, so runs from several hosts on one NFS directory see it. */
  readonly lockPath: string;
}

export type LocationResult = { ok: true; location: Location } | { ok: false; error: string };

export function resolveLocation(given: string, aixRoot: string, stateDir: string): LocationResult {
  if (!isAbsolute(given)) {
    return { ok: false, error: `location: "${given}" is not an absolute path; AIX needs the image path to start with "/" (0512-006), e.g. /backup/rootvg.mksysb.` };
  }
  if (given.endsWith('/')) {
    return { ok: false, error: `location: "${given}" names a directory; give the image file inside it, e.g. ${join(given, 'rootvg.mksysb')}.` };
  }
  if (given.startsWith('/dev/')) {
    const path = join(aixRoot, given);
    if (!exists(path)) {
      return { ok: false, error: `location: device ${given} does not exist on this LPAR (no tape drive configured?); give a file path such as /backup/${basename(given)}.img, or configure the device.` };
    }
    return { ok: true, location: { given, kind: 'device', path, lockPath: join(stateDir, 'locks', `${basename(given)}.lock`) } };
  }
  const tooLong = nameTooLong(given, NAME_RESERVE);
  if (tooLong) return { ok: false, error: `location: ${tooLong}` };
  const dir = dirname(given);
  const dirStat = statOrNull(dir);
  if (!dirStat?.isDirectory()) {
    return { ok: false, error: `location: directory ${dir} does not exist; create it (or mount the NFS export) first.` };
  }
  if (statOrNull(given)?.isDirectory()) {
    return { ok: false, error: `location: ${given} is a directory; give the image file inside it, e.g. ${join(given, 'rootvg.mksysb')}.` };
  }
  return { ok: true, location: { given, kind: 'file', path: given, lockPath: `${given}.lock` } };
}

export type CreateTarget =
  | { ok: true; kind: 'one'; location: Location }
  | { ok: true; kind: 'directory'; dir: string }
  | { ok: false; error: string };

export function resolveCreateTarget(given: string, aixRoot: string, stateDir: string): CreateTarget {
  if (isAbsolute(given) && statOrNull(given)?.isDirectory()) {
    const dir = given.replace(/(.)\/+$/, '$1');
    const tooLong = nameTooLong(join(dir, 'x'.repeat(DATED_NAME_MAX)), NAME_RESERVE);
    if (tooLong) return { ok: false, error: `location: directory ${dir} is too deep for the dated image names made in it: ${tooLong}` };
    return { ok: true, kind: 'directory', dir };
  }
  if (isAbsolute(given) && given.endsWith('/')) {
    return { ok: false, error: `location: directory ${given} does not exist; create it (or mount the NFS export) first.` };
  }
  const one = resolveLocation(given, aixRoot, stateDir);
  return one.ok ? { ok: true, kind: 'one', location: one.location } : one;
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function exists(path: string): boolean {
  return statOrNull(path) !== null;
}
