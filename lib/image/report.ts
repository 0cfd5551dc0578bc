// The structured image information returned as `backup`, and the text used in diffs.
import type { LogicalVolume } from '../aix/parse/lv-table';
import type { ImageState } from './reader';

export interface BackupReport {
  location: string;
  kind: 'mksysb' | 'savevg' | null;
  complete: boolean;
  volume_group: string | null;
  date: string | null;
  date_text: string | null;
  uname: string | null;
  hostname: string | null;
  oslevel: string | null;
  maintenance_level: string | null;
  servicepack_level: string | null;
  size_mb: number | null;
  shrink_size_mb: number | null;
  vg_data_only: boolean | null;
  logical_volumes: { name: string; type: string; lps: number; pps: number; pvs: number; state: string; mount_point: string | null }[];
  age_seconds: number | null;
  verified_at: string | null;
  file_size_bytes?: number;
  problem?: string;
  /** Why age_seconds cannot be trusted: dated in the future, or in a time zone of unknown offset. */
  age_suspect?: string;
}

export function imageReport(location: string, image: ImageState, now = Date.now()): BackupReport | null {
  if (!image.present) return null;
  const info = image.info;
  const base: BackupReport = {
    location,
    kind: image.complete ? image.kind : null,
    complete: image.complete,
    volume_group: info?.volumeGroup ?? null,
    date: info?.date ?? null,
    date_text: info?.dateText ?? null,
    uname: info?.uname ?? null,
    hostname: info?.hostname ?? null,
    oslevel: info?.oslevel ?? null,
    maintenance_level: info?.maintenanceLevel ?? null,
    servicepack_level: info?.servicepackLevel ?? null,
    size_mb: info?.sizeMb ?? null,
    shrink_size_mb: info?.shrinkSizeMb ?? null,
    vg_data_only: info?.vgDataOnly ?? null,
    logical_volumes: (info?.logicalVolumes ?? []).map(lvReport),
    age_seconds: imageAgeSeconds(image, now),
    verified_at: image.complete ? image.record.verifiedAt : null,
  };
  if (image.complete && image.record.size > 0) base.file_size_bytes = image.record.size;
  if (!image.complete) base.problem = image.reason;
  const suspect = imageAge(image, now).suspect;
  if (suspect !== null) base.age_suspect = suspect;
  return base;
}

/** Clocks of LPARs sharing a directory drift a little; more than this ahead is a wrong date. */
export const FUTURE_TOLERANCE_SEC = 300;

export interface Age {
  /** null when unknown, or when the image claims a date in the future. */
  seconds: number | null;
  suspect: string | null;
}

/**
 * Age from the image's own date. When AIX's date has no known zone, from the file's modification
 * time (never from when the module last checked it: that would keep an old image young). An
 * image dated in the future has no age anyone can trust.
 */
export function imageAge(image: ImageState, now = Date.now()): Age {
  if (!image.present) return { seconds: null, suspect: null };
  const made = image.info?.date ? Date.parse(image.info.date) : NaN;
  if (Number.isFinite(made)) {
    if (made - now > FUTURE_TOLERANCE_SEC * 1000) return { seconds: null, suspect: `dated in the future (${image.info?.dateText ?? image.info?.date}): clock skew?` };
    return { seconds: Math.max(0, Math.round((now - made) / 1000)), suspect: null };
  }
  if (!image.info?.dateText) return { seconds: null, suspect: null };
  const zone = `the time zone of its date (${image.info.dateText}) is unknown`;
  if (!image.complete || image.record.mtimeMs <= 0) return { seconds: null, suspect: `${zone}, and so is its age` };
  if (image.record.mtimeMs - now > FUTURE_TOLERANCE_SEC * 1000) return { seconds: null, suspect: `${zone}, and the file is dated in the future: clock skew?` };
  return { seconds: Math.max(0, Math.round((now - image.record.mtimeMs) / 1000)), suspect: `${zone}: age from the file's modification time` };
}

export function imageAgeSeconds(image: ImageState, now = Date.now()): number | null {
  return imageAge(image, now).seconds;
}

/** Younger than max_age, or any age when max_age is not set. An image dated in the future is never young. */
export function youngEnough(image: ImageState, maxAgeSec: number | null, now = Date.now()): boolean {
  if (maxAgeSec === null) return true;
  const age = imageAgeSeconds(image, now);
  return age !== null && age <= maxAgeSec;
}

/** The warning a result carries about an image whose age is suspect, if any. */
export function ageWarning(location: string, image: ImageState): string | null {
  const { suspect } = imageAge(image);
  return suspect === null ? null : `${location}: ${suspect}`;
}

function lvReport(lv: LogicalVolume): BackupReport['logical_volumes'][number] {
  return { name: lv.name, type: lv.type, lps: lv.lps, pps: lv.pps, pvs: lv.pvs, state: lv.state, mount_point: lv.mountPoint };
}

/** One line per fact, for before/after diffs. */
export function describeImage(location: string, image: ImageState): string {
  if (!image.present) return `${location}: no image\n`;
  if (!image.complete) return `${location}: incomplete image${image.info ? ` of ${image.info.volumeGroup}` : ''} (${image.reason})\n`;
  const i = image.info;
  return [
    `location: ${location}`,
    `kind: ${image.kind}`,
    `volume_group: ${i.volumeGroup}`,
    `date: ${i.date ?? i.dateText ?? 'unknown'}`,
    `size_mb: ${i.sizeMb ?? 'unknown'}`,
    '',
  ].join('\n');
}
