// What the module knows about images it has verified: one small record per location in the
// module's state directory on the LPAR (never beside the images). A record is trusted only while
// the file is provably the same one (device, inode, size, mtime, and ctime, nlink and owner,
// which no one can put back with touch or utimes), so a known-good image costs no AIX command to
// recognise, and an image changed behind our back gets a full check again. A record that is
// damaged, or written by an older format, is no record: the image just gets a full check.
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync, chmodSync, constants, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../aix/parse/listvgbackup';
import { describeHostError } from '../engine/env-errors';

export type ImageKind = 'mksysb' | 'savevg';

/** Bumped whenever a field is added: a record of another format is ignored. */
export const RECORD_FORMAT = 2;

/** What identifies one file on disk: any change to its bytes, links or owner changes one of these. */
export interface FileFacts {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  nlink: number;
  uid: number;
}

export interface ImageRecord extends FileFacts {
  format: typeof RECORD_FORMAT;
  location: string;
  kind: ImageKind;
  /** When the full check passed (ISO 8601). */
  verifiedAt: string;
  /** Made by this module on this LPAR (rather than found and checked). */
  madeHere: boolean;
  info: BackupInfo;
}

export function factsOf(st: Stats): FileFacts {
  return { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, nlink: st.nlink, uid: st.uid };
}

const FACT_KEYS: readonly (keyof FileFacts)[] = ['dev', 'ino', 'size', 'mtimeMs', 'ctimeMs', 'nlink', 'uid'];

export class ImageStore {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'images');
  }

  private fileOf(location: string): string {
    return join(this.dir, `${fnv1a64(location)}.json`);
  }

  /** The record of this location when the file on disk is still the one that was verified. */
  lookup(location: string, stat: Stats): ImageRecord | null {
    if (!this.dirIsPrivate()) return null;
    let rec: unknown;
    try {
      rec = JSON.parse(readFileSync(this.fileOf(location), 'utf8'));
    } catch {
      return null;
    }
    if (!isRecord(rec) || rec.location !== location) return null;
    const now = factsOf(stat);
    return FACT_KEYS.every((k) => rec[k] === now[k]) ? rec : null;
  }

  /**
   * Saves the record; a state directory that cannot hold it (full, read-only, not private) never
   * fails the run: the next run only pays one more full check. Returns the warning, or null.
   */
  save(rec: ImageRecord): string | null {
    let tmp: string | null = null;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      if (!this.dirIsPrivate(true)) return `No record of ${rec.location} was kept: ${this.dir} is not a directory of root's alone; the next run checks the image in full again.`;
      const file = this.fileOf(rec.location);
      // The directory is root's alone, so the name needs no secrecy; O_EXCL still refuses
      // anything already there.
      tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
      try {
        writeSync(fd, JSON.stringify(rec));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      return null;
    } catch (err) {
      if (tmp !== null) rmSync(tmp, { force: true });
      return `No record of ${rec.location} was kept (${describeHostError(err, this.dir) ?? String(err)}); the image is fine, the next run checks it in full again.`;
    }
  }

  forget(location: string): void {
    rmSync(this.fileOf(location), { force: true });
  }

  /**
   * Records are trusted only in a directory no one else can write: owned by this process's user
   * and closed to group and others (made so when `fix` and it is ours).
   */
  private dirIsPrivate(fix = false): boolean {
    let st: Stats;
    try {
      st = lstatSync(this.dir);
    } catch {
      return false;
    }
    if (!st.isDirectory() || st.uid !== process.getuid?.()) return false;
    if ((st.mode & 0o077) === 0) return true;
    if (!fix) return false;
    chmodSync(this.dir, 0o700);
    return true;
  }
}

function isRecord(v: unknown): v is ImageRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r: Record<string, unknown> = { ...v };
  const info = r.info;
  return (
    r.format === RECORD_FORMAT &&
    typeof r.location === 'string' &&
    (r.kind === 'mksysb' || r.kind === 'savevg') &&
    typeof r.verifiedAt === 'string' &&
    typeof r.madeHere === 'boolean' &&
    FACT_KEYS.every((k) => typeof r[k] === 'number') &&
    typeof info === 'object' &&
    info !== null &&
    isInfo({ ...info })
  );
}

function isInfo(i: Record<string, unknown>): boolean {
  const nullableString = (k: string): boolean => i[k] === null || typeof i[k] === 'string';
  return (
    typeof i.volumeGroup === 'string' &&
    ['dateText', 'date', 'uname', 'hostname', 'machineId', 'oslevel'].every(nullableString) &&
    typeof i.vgDataOnly === 'boolean' &&
    Array.isArray(i.logicalVolumes)
  );
}

/**
 * The name of a location's record: FNV-1a, 64 bits, of its UTF-8 bytes. Not node:crypto: loading
 * that module costs more than everything else the no-op does, and the name needs no secrecy. Two
 * locations sharing a name are harmless: a record is used only for the location written inside it.
 */
export function fnv1a64(text: string): string {
  // In two 32-bit halves: BigInt arithmetic costs a no-op more than the rest of its record look-up.
  // The prime is 2^40 + 0x1b3, so (hi, lo) * prime = lo * 0x1b3 + 2^32 * (hi * 0x1b3 + lo << 8), mod 2^64;
  // every product stays below 2^42, exact in a double.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of Buffer.from(text, 'utf8')) {
    const x = (lo ^ byte) >>> 0;
    const low = x * 0x1b3;
    hi = (hi * 0x1b3 + x * 0x100 + Math.floor(low / 0x100000000)) >>> 0;
    lo = low >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
