// A file this process made itself, in a directory others may share: created exclusively without
// following links, private, and known by its identity (device, inode) from then on, so that
// nothing planted at its name (a symlink, a hard link, another user's file) is ever written
// through, trusted or renamed into place.
import { closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, type Stats } from 'node:fs';
import { fail, ok, type Result } from '../result';

export interface OwnedFile {
  path: string;
  dev: number;
  ino: number;
}

const OWNER = process.getuid?.() ?? 0;

/** Creates `path`, which must not exist, with exactly `mode` whatever the umask. */
export function createOwned(path: string, mode: number): Result<OwnedFile> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  } catch (e) {
    return fail(`cannot create ${path} (${errCode(e)}); nothing was written`);
  }
  try {
    fchmodSync(fd, mode);
    const st = fstatSync(fd);
    return ok({ path, dev: st.dev, ino: st.ino });
  } finally {
    closeSync(fd);
  }
}

/**
 * Null while `path` is still the file that was created: a regular file, same device and inode,
 * one link, owned by this process's user. Otherwise what is wrong, for the message.
 */
export function ownedProblem(file: OwnedFile, path = file.path): string | null {
  let st: Stats;
  try {
    st = lstatSync(path);
  } catch (e) {
    return `${path} is gone (${errCode(e)})`;
  }
  if (st.isSymbolicLink()) return `${path} was replaced by a symbolic link`;
  if (!st.isFile()) return `${path} was replaced by something that is not a regular file`;
  if (st.dev !== file.dev || st.ino !== file.ino) return `${path} was replaced by another file (inode ${st.ino}, not ${file.ino})`;
  if (st.nlink !== 1) return `${path} has ${st.nlink} hard links: someone linked it elsewhere`;
  if (st.uid !== OWNER) return `${path} is owned by uid ${st.uid}, not ${OWNER}`;
  return null;
}

/** Flushes the file to disk through a descriptor that is provably the file that was created. */
export function syncOwned(file: OwnedFile): string | null {
  let fd: number;
  try {
    // Opened for writing (never truncating): AIX's fsync wants a descriptor open for writing.
    fd = openSync(file.path, constants.O_WRONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return `cannot open ${file.path} (${errCode(e)})`;
  }
  try {
    const st = fstatSync(fd);
    if (st.dev !== file.dev || st.ino !== file.ino) return `${file.path} was replaced by another file`;
    fsyncSync(fd);
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename in `dir` durable. Some file systems refuse fsync on a directory: harmless. */
export function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    fsyncSync(fd);
  } catch {
    // The rename itself is done; only its durability across a crash is not guaranteed here.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The errno code of a failed file operation (ENOENT...), for messages; the error's text otherwise. */
export function errCode(e: unknown): string {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : String(e);
}
