import { parseAixDate } from './aixdate';
import { LogicalVolume, parseLvTable } from './lv-table';
import { ok, type Failure, type Result } from '../../result';
import { quoteLine, splitLines } from './text';

/** What `lsmksysb -l`, `lssavevg -l`, `listvgbackup -l` and `restvg -l` say about an image (§4.1, §4.2). */
export interface BackupInfo {
  volumeGroup: string;
  /** `BACKUP DATE/TIME` as printed. */
  dateText: string | null;
  /** The same as ISO 8601, or null when the zone abbreviation has no known offset. */
  date: string | null;
  /** `UNAME INFO`: `AIX nodename release version machine-id`. */
  uname: string | null;
  /** Second word of `UNAME INFO`. */
  hostname: string | null;
  /** Fifth word of `UNAME INFO` (`uname -m`): tells apart two LPARs that share a host name. */
  machineId: string | null;
  oslevel: string | null;
  maintenanceLevel: string | null;
  /** Absent on AIX 7.1, whose header has no `SERVICEPACK LEVEL:` line. */
  servicepackLevel: string | null;
  sizeMb: number | null;
  shrinkSizeMb: number | null;
  /** `yes` for a `savevg -r` image (VG structure only, no files). */
  vgDataOnly: boolean;
  logicalVolumes: LogicalVolume[];
}

/**
 * `missing`: AIX said `0512-054` (no such file, or empty) — "no image here",
 * which callers treat differently from `invalid`: "something is there, but it
 * is not an image we can read".
 */
export interface BackupInfoError extends Failure {
  kind: 'missing' | 'invalid';
}

/**
 * Parse the `-l` display. The header is read by key, not by line number
 * (7.1 has 8 lines, 7.2+ 9), each line split on its FIRST colon because the
 * date holds colons; it ends at the first blank line, and the `lsvg -l` table
 * recorded in the image follows (§16.5).
 */
export function parseBackupInfo(stdout: string, stderr = ''): Result<BackupInfo, BackupInfoError> {
  const missing = findMissing(stdout) ?? findMissing(stderr);
  if (missing !== null) return { ok: false, kind: 'missing', msg: missing };

  const lines = splitLines(stdout);
  let i = 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const header: Record<string, string> = Object.create(null) as Record<string, string>;
  for (; i < lines.length && lines[i]!.trim() !== ''; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return invalid(`the image header has a line without "KEY:": ${quoteLine(line)}`);
    const key = line.slice(0, colon).trim();
    if (!(key in header)) header[key] = line.slice(colon + 1).trim();
  }
  const volumeGroup = header['VOLUME GROUP'];
  if (volumeGroup === undefined || volumeGroup === '') {
    const first = lines.find((l) => l.trim() !== '');
    const errLine = splitLines(stderr).find((l) => l.trim() !== '');
    return invalid(
      'this is not a readable backup image: the listing has no "VOLUME GROUP:" line' +
        (first !== undefined ? `; it starts with ${quoteLine(first)}` : '; standard output was empty') +
        (errLine !== undefined ? `; standard error says ${quoteLine(errLine)}` : ''),
    );
  }

  const rest = lines.slice(i).join('\n');
  let logicalVolumes: LogicalVolume[] = [];
  if (rest.trim() !== '') {
    const table = parseLvTable(rest);
    if (!table.ok) return invalid(`image of ${volumeGroup}: ${table.msg}`);
    logicalVolumes = table.value.lvs;
  }

  const dateText = nonEmpty(header['BACKUP DATE/TIME']);
  const uname = nonEmpty(header['UNAME INFO']);
  return ok({
    volumeGroup,
    dateText,
    date: dateText === null ? null : parseAixDate(dateText),
    uname,
    hostname: uname === null ? null : (uname.split(/\s+/)[1] ?? null),
    machineId: uname === null ? null : (uname.split(/\s+/)[4] ?? null),
    oslevel: nonEmpty(header['BACKUP OSLEVEL']),
    maintenanceLevel: nonEmpty(header['MAINTENANCE LEVEL']),
    servicepackLevel: nonEmpty(header['SERVICEPACK LEVEL']),
    sizeMb: count(header['BACKUP SIZE (MB)']),
    shrinkSizeMb: count(header['SHRINK SIZE (MB)']),
    // Only a savevg -r image says "yes"; an absent line is a full image.
    vgDataOnly: (header['VG DATA ONLY'] ?? '').toLowerCase() === 'yes',
    logicalVolumes,
  });
}

function findMissing(text: string): string | null {
  for (const line of splitLines(text)) if (/\b0512-054\b/.test(line)) return line.trim();
  return null;
}

function invalid(msg: string): BackupInfoError {
  return { ok: false, kind: 'invalid', msg };
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

function count(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : null;
}
