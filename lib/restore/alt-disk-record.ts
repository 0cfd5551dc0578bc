// Which image the altinst_rootvg was made from, recorded by the module when it installs one, so a
// later run can tell an alternate disk made from another (or an older) image from an up-to-date
// one. The record lives in the module's state directory on the LPAR, never beside the images.
// It is trusted only for the same disks with the same PVIDs as when it was written.
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../aix/parse/listvgbackup';
import type { PhysicalVolume } from '../aix/parse/lspv';

/** What tells two system backups apart: where the image was, and its header. */
export interface ImageIdentity {
  location: string;
  /** `BACKUP DATE/TIME` as printed, and as ISO 8601 when its zone is known. */
  dateText: string | null;
  date: string | null;
  uname: string | null;
  sizeMb: number | null;
}

export interface AltDiskRecord {
  disks: string[];
  /** PVID of each disk right after the install: a disk given a new altinst_rootvg since keeps it only by chance. */
  pvids: Record<string, string | null>;
  image: ImageIdentity;
  installedAt: string;
}

export type Origin =
  | { kind: 'same'; recorded: ImageIdentity }
  | { kind: 'other'; recorded: ImageIdentity; newer: boolean }
  | { kind: 'unknown' };

export function identityOf(location: string, info: BackupInfo): ImageIdentity {
  return { location, dateText: info.dateText, date: info.date, uname: info.uname, sizeMb: info.sizeMb };
}

export class AltDiskRecords {
  private readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'altdisk', 'altinst_rootvg.json');
  }

  read(): AltDiskRecord | null {
    try {
      const rec = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<AltDiskRecord>;
      if (!Array.isArray(rec.disks) || typeof rec.pvids !== 'object' || rec.pvids === null || typeof rec.image?.location !== 'string') return null;
      return rec as AltDiskRecord;
    } catch {
      return null;
    }
  }

  /** Written to a private temporary file of this process, then renamed into place. */
  save(rec: AltDiskRecord): string | null {
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
      rmSync(tmp, { force: true });
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(rec));
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, this.file);
      return null;
    } catch (e) {
      rmSync(tmp, { force: true });
      return `Could not record which image ${rec.disks.join(', ')} was installed from (${(e as NodeJS.ErrnoException).code ?? String(e)} in ${this.file}): a later run will not be able to tell whether the alternate disk is up to date.`;
    }
  }

  forget(): void {
    rmSync(this.file, { force: true });
  }
}

/** Where the altinst_rootvg on `disks` comes from, as far as the record can prove. */
export function originOf(rec: AltDiskRecord | null, disks: readonly string[], pvs: readonly PhysicalVolume[], asked: ImageIdentity): Origin {
  if (rec === null || rec.disks.length !== disks.length || !disks.every((d) => rec.disks.includes(d))) return { kind: 'unknown' };
  const samePvids = disks.every((d) => {
    const now = pvs.find((pv) => pv.disk === d)?.pvid ?? null;
    return now !== null && rec.pvids[d] === now;
  });
  if (!samePvids) return { kind: 'unknown' };
  const r = rec.image;
  if (r.location === asked.location && r.dateText === asked.dateText && r.uname === asked.uname && r.sizeMb === asked.sizeMb) {
    return { kind: 'same', recorded: r };
  }
  const newer = r.date !== null && asked.date !== null && Date.parse(asked.date) > Date.parse(r.date);
  return { kind: 'other', recorded: r, newer };
}

export function describeIdentity(id: ImageIdentity): string {
  return `${id.location} (backup of ${id.dateText ?? 'an unknown date'})`;
}
