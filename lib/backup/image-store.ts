// What the module knows about images it has verified: one small record per location in the
// module's state directory on the LPAR (never beside the images). A record is trusted only while
// the file is provably the same one (device, inode, size, mtime), so a known-good image costs no
// AIX command to recognise, and an image changed behind our back gets a full check again.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../aix/listvgbackup';

export type ImageKind = 'mksysb' | 'savevg';

export interface ImageRecord {
  location: string;
  kind: ImageKind;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** When the full check passed (ISO 8601). */
  verifiedAt: string;
  /** Made by this module (rather than found and checked). */
  madeHere: boolean;
  info: BackupInfo;
}

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
    let rec: ImageRecord;
    try {
      rec = JSON.parse(readFileSync(this.fileOf(location), 'utf8')) as ImageRecord;
    } catch {
      return null;
    }
    const same = rec.location === location && rec.dev === stat.dev && rec.ino === stat.ino && rec.size === stat.size && rec.mtimeMs === stat.mtimeMs;
    return same ? rec : null;
  }

  save(rec: ImageRecord): void {
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const file = this.fileOf(rec.location);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(rec));
      renameSync(tmp, file);
    } catch {
      // Without a record the next run only pays one more full check; never fail a backup for it.
    }
  }

  forget(location: string): void {
    rmSync(this.fileOf(location), { force: true });
  }
}

/**
 * The name of a location's record: FNV-1a, 64 bits, of its UTF-8 bytes. Not node:crypto: loading
 * that module costs more than everything else the no-op does, and the name needs no secrecy. Two
 * locations sharing a name are harmless: a record is used only for the location written inside it.
 */
export function fnv1a64(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}
