// Where an image lives: a file (written beside, verified, then renamed over) or a tape device
// (written in place; no rename is possible). A path is normalised before it is classified, so
// `/dev/../backup/x` is the file /backup/x. Under /dev only tapes take an image: mksysb and
// savevg write over whatever device they are given, a disk or a logical volume included.
// Device paths live under AIX_ROOT like every other part of the AIX system; file paths are used
// as given. Only create also accepts a directory, where each new image gets a dated name
// (dated-images.ts), and follows a symlink at the location (see followLink); view and restore
// need the one image they read.
import { readlinkSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix } from 'node:path';
import { nameTooLong } from '../engine/env-errors';
import { fail, ok, type Failure, type Result } from '../result';
import { lstatOrNull, statOrNull } from './file-stat';
import { deviceLockPath, imageLockPath } from './lock';

/**
 * Bytes the module adds to an image's name beside it: its hidden temporary name and its lock
 * (`.NAME.partial-...`, `NAME.lock.stale.PID`). Checked before any command runs: AIX says
 * ENAMETOOLONG only when the rename comes, after an hour of mksysb.
 */
const NAME_RESERVE = 96;
/** The longest dated name (`<host>.<vg>.<UTC timestamp>.<kind>`, host names up to 64 bytes). */
const DATED_NAME_MAX = 110;

export interface Location {
  /** Normalised, and as AIX commands get it. */
  readonly given: string;
  readonly kind: 'file' | 'device';
  /** What this process opens and stats: the device node under AIX_ROOT, or the file itself. */
  readonly path: string;
  /** The lock file: beside the image, so runs from several hosts on one NFS directory see it. */
  readonly lockPath: string;
  /** The symlink the user named, when the image is written at its target instead. */
  readonly link?: string;
}

/** `device`: the /dev name that is not a tape, for a caller that can say what it is. */
export interface LocationFailure extends Failure {
  device?: string;
}

export type LocationResult = Result<Location, LocationFailure>;

/** AIX tape devices: rmtN, and rmtN.M (the same drive with other rewind/density settings). */
const TAPE = /^rmt\d+(\.\d+)?$/;

/** What a /dev name is, as far as its name tells (see device.ts for what the LPAR says). */
const DEVICE_NAMES: readonly [RegExp, string][] = [
  [/^hdisk\d+$/, 'a disk'],
  [/^rhdisk\d+$/, 'the raw device of a disk'],
  [/^(cd|rcd)\d+$/, 'a CD/DVD drive'],
  [/^(hdiskpower|vpath)\d+$/, 'a multipath disk'],
];

export function isTapeName(name: string): boolean {
  return TAPE.test(name);
}

export function deviceKindByName(name: string): string | null {
  return DEVICE_NAMES.find(([re]) => re.test(name))?.[1] ?? null;
}

export function resolveLocation(given: string, aixRoot: string, stateDir: string): LocationResult {
  if (!isAbsolute(given)) {
    return fail(`location: "${given}" is not an absolute path; AIX needs the image path to start with "/" (0512-006), e.g. /backup/rootvg.mksysb.`);
  }
  if (given.endsWith('/')) {
    return fail(`location: "${given}" names a directory; give the image file inside it, e.g. ${join(given, 'rootvg.mksysb')}.`);
  }
  const path = posix.normalize(given);
  if (path.startsWith('/dev/')) return deviceLocation(path, aixRoot, stateDir);
  const tooLong = nameTooLong(path, NAME_RESERVE);
  if (tooLong) return fail(`location: ${tooLong}`);
  const dir = dirname(path);
  const dirStat = statOrNull(dir);
  if (!dirStat?.isDirectory()) {
    return fail(`location: directory ${dir} does not exist; create it (or mount the NFS export) first.`);
  }
  if (statOrNull(path)?.isDirectory()) {
    return fail(`location: ${path} is a directory; give the image file inside it, e.g. ${join(path, 'rootvg.mksysb')}.`);
  }
  return ok({ given: path, kind: 'file', path, lockPath: imageLockPath(path) });
}

function deviceLocation(path: string, aixRoot: string, stateDir: string): LocationResult {
  const name = path.slice('/dev/'.length);
  if (!isTapeName(name)) {
    const what = deviceKindByName(name) ?? 'not a tape device';
    return {
      ok: false,
      msg: `location: ${path} is ${what}${what.startsWith('not') ? '' : ', not a tape'}: mksysb and savevg write over the device they are given, so under /dev only tape devices (/dev/rmtN, /dev/rmtN.M) are accepted; give an image file such as /backup/${name}.img.`,
      device: name,
    };
  }
  const node = join(aixRoot, path);
  if (statOrNull(node) === null) {
    return fail(`location: device ${path} does not exist on this LPAR (no tape drive configured?); give a file path such as /backup/${basename(path)}.img, or configure the device.`);
  }
  return ok({ given: path, kind: 'device', path: node, lockPath: deviceLockPath(stateDir, path) });
}

export type CreateTarget = Result<{ kind: 'one'; location: Location } | { kind: 'directory'; dir: string; link?: string }, LocationFailure>;

export function resolveCreateTarget(given: string, aixRoot: string, stateDir: string): CreateTarget {
  if (!isAbsolute(given)) {
    const relative = resolveLocation(given, aixRoot, stateDir);
    return relative.ok ? ok({ kind: 'one', location: relative.value }) : relative;
  }
  const path = posix.normalize(given).replace(/(.)\/+$/, '$1');
  const followed = followLink(path);
  if (!followed.ok) return followed;
  const target = followed.value;
  const link = target === path ? {} : { link: path };
  if (statOrNull(target)?.isDirectory()) {
    const tooLong = nameTooLong(join(target, 'x'.repeat(DATED_NAME_MAX)), NAME_RESERVE);
    if (tooLong) return fail(`location: directory ${target} is too deep for the dated image names made in it: ${tooLong}`);
    return ok({ kind: 'directory', dir: target, ...link });
  }
  if (given.endsWith('/')) {
    return fail(`location: directory ${given} does not exist; create it (or mount the NFS export) first.`);
  }
  const one = resolveLocation(target, aixRoot, stateDir);
  if (!one.ok) return target === path ? one : { ...one, msg: `${one.msg} (${path} is a symlink to ${target})` };
  return ok({ kind: 'one', location: { ...one.value, ...link } });
}

/** Owners whose symlinks create follows: root, and the account the module runs as (root on AIX). */
function trustedOwner(uid: number): boolean {
  return uid === 0 || uid === process.geteuid?.();
}

/**
 * A symlink at the location, made by root, says where the admin wants the image: it is followed
 * once and kept (the image is written at its target). A link anyone else could have made
 * would send root's backup wherever its owner likes, over whatever is there: refused.
 */
function followLink(path: string): Result<string> {
  const st = lstatOrNull(path);
  if (!st?.isSymbolicLink()) return ok(path);
  if (!trustedOwner(st.uid)) {
    return fail(`location: ${path} is a symlink owned by uid ${st.uid}, not by root: a backup is never written where another user's link points. Remove the link, or point location at the image file itself.`);
  }
  const target = posix.normalize(posix.resolve(dirname(path), readlinkSync(path)));
  if (lstatOrNull(target)?.isSymbolicLink()) {
    return fail(`location: ${path} is a symlink to ${target}, which is a symlink too; only one link is followed: point ${path} at the image file itself.`);
  }
  return ok(target);
}
