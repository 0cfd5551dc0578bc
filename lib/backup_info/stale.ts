// Which volume groups lack a recent backup: images grouped by the host and volume group their
// headers name; a group is stale when its newest complete image is older than warn_age, or when
// none of its images is complete.
import type { BackupReport } from '../image/report';

export interface StaleEntry {
  hostname: string | null;
  volume_group: string;
  location: string | null;
  age_seconds: number | null;
}

export function staleGroups(images: readonly BackupReport[], warnAgeSec: number): StaleEntry[] {
  const groups = new Map<string, { hostname: string | null; vg: string; newest: BackupReport | null }>();
  for (const image of images) {
    if (image.volume_group === null) continue;
    const key = JSON.stringify([image.hostname, image.volume_group]);
    const group = groups.get(key) ?? { hostname: image.hostname, vg: image.volume_group, newest: null };
    groups.set(key, group);
    if (image.complete && (group.newest === null || younger(image, group.newest))) group.newest = image;
  }
  const out: StaleEntry[] = [];
  for (const g of groups.values()) {
    const age = g.newest?.age_seconds ?? null;
    if (g.newest !== null && age !== null && age <= warnAgeSec) continue;
    out.push({ hostname: g.hostname, volume_group: g.vg, location: g.newest?.location ?? null, age_seconds: g.newest ? age : null });
  }
  return out.sort((a, b) => `${a.hostname} ${a.volume_group}`.localeCompare(`${b.hostname} ${b.volume_group}`));
}

function younger(a: BackupReport, b: BackupReport): boolean {
  return (a.age_seconds ?? Infinity) < (b.age_seconds ?? Infinity);
}
