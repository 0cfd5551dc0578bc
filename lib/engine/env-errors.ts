// Conditions of the host that an admin can fix (a read-only or full file system, no permission,
// a name too long, a missing AIX command), said as such: the path, the condition and the fix.
// Anything else thrown inside the module is a bug, and only that is called an internal error.
import { dirname } from 'node:path';

/** AIX's limits (limits.h): a path component and a whole path. Linux allows more. */
export const NAME_MAX = 255;
export const PATH_MAX = 1023;

/** A condition of the host, with the admin's message; thrown by io, turned into a result by the engine. */
export class HostFault extends Error {}

/** A host the module refuses before it runs anything there: the message is whole (path, why, fix). */
export class HostRefused extends HostFault {}

interface Errno {
  code: string;
  path?: string;
  syscall?: string;
}

function errnoOf(err: unknown): Errno | null {
  if (!(err instanceof Error)) return null;
  const code: unknown = Reflect.get(err, 'code');
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code)) return null;
  const path: unknown = Reflect.get(err, 'path');
  const syscall: unknown = Reflect.get(err, 'syscall');
  return { code, ...(typeof path === 'string' ? { path } : {}), ...(typeof syscall === 'string' ? { syscall } : {}) };
}

const ROOT_NOTE = 'the module must run as root (become: true), as ibm.power_aix documents';

/** errno -> what it means for the path, and the fix. */
const CONDITIONS: Readonly<Record<string, (path: string) => string>> = {
  EROFS: (p) => `${dirname(p)} is on a read-only file system: remount it read-write (for NFS: export it rw and mount it rw), or choose a location on a writable file system`,
  ENOSPC: (p) => `the file system holding ${dirname(p)} is full: free space there (df -g ${dirname(p)}), or choose a location with room`,
  EDQUOT: (p) => `the disk quota for ${dirname(p)} is used up: raise the quota or free space there`,
  EACCES: (p) => `permission denied on ${p}: ${ROOT_NOTE}; on NFS, the export must not squash root (no root_squash)`,
  EPERM: (p) => `operation not permitted on ${p}: ${ROOT_NOTE}`,
  ENAMETOOLONG: (p) => `the name ${p} is too long (AIX allows ${NAME_MAX} bytes per name, ${PATH_MAX} per path): choose a shorter location`,
  ENOENT: (p) => `${p} does not exist (removed while the module ran, or an NFS mount went away): check the path and mounts`,
  ENOTDIR: (p) => `a part of ${p} is not a directory: check the path`,
  EIO: (p) => `input/output error on ${p}: check the disk or the NFS server (errpt)`,
  ESTALE: (p) => `stale NFS file handle on ${p}: remount the NFS export`,
  EMFILE: () => 'the module ran out of file descriptors (ulimit -n): raise the limit',
  ENFILE: () => 'the system file table is full: try again later',
  ELOOP: (p) => `${p} is a symbolic link where a file this module made belongs: remove it`,
};

/**
 * The admin's message for an errno failure of the host, or null when `err` is no such failure.
 * `path` names the file when the error does not (a write on a descriptor carries no path).
 */
export function describeHostError(err: unknown, path?: string): string | null {
  if (err instanceof HostFault) return err.message;
  const e = errnoOf(err);
  if (e === null) return null;
  const explain = CONDITIONS[e.code];
  const where = e.path ?? path ?? 'a file';
  const what = `${e.code}${e.syscall ? `, ${e.syscall}` : ''} ${where}`;
  return explain ? `${explain(where)} (${what})` : `the system refused: ${what}`;
}

/** Why an AIX command could not be started. */
export function commandUnavailable(path: string, errno: string | undefined): string {
  if (errno === 'ENOENT') return `${path} not found: is this an AIX LPAR? (AIX_ROOT must be / on a real LPAR; the fileset that provides it may not be installed)`;
  if (errno === 'EACCES') return `${path} cannot be run (permission denied): ${ROOT_NOTE}, and the command must be executable (ls -l ${path})`;
  return `${path} could not be started (${errno ?? 'unknown error'}): check that it is an AIX command this LPAR can run`;
}

/**
 * A location whose names would be too long for AIX, found before any command runs: the image,
 * its hidden temporary name (`reserve` more bytes) and its lock must all fit.
 */
export function nameTooLong(path: string, reserve: number): string | null {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const baseBytes = Buffer.byteLength(base, 'utf8');
  const pathBytes = Buffer.byteLength(path, 'utf8');
  if (baseBytes + reserve > NAME_MAX) {
    return `the file name ${base} is ${baseBytes} bytes; with the temporary and lock names made beside it, it must stay under ${NAME_MAX - reserve} bytes (AIX allows ${NAME_MAX} per name). Choose a shorter name.`;
  }
  if (pathBytes + reserve > PATH_MAX) {
    return `the path is ${pathBytes} bytes; it must stay under ${PATH_MAX - reserve} bytes (AIX allows ${PATH_MAX} per path). Choose a shorter location.`;
  }
  return null;
}

/** The admin's message for a condition of the host; "Internal error" only for a bug. */
export function faultMessage(err: unknown, phase: string): string {
  if (err instanceof HostRefused) return err.message;
  const host = describeHostError(err);
  if (host) return `${host.charAt(0).toUpperCase()}${host.slice(1)} (while ${phase}).`;
  const detail = err instanceof Error ? err.message : String(err);
  return `Internal error in the module while ${phase}: ${detail}`;
}
