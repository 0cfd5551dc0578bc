// Identifiers derived from a seed, so two LPARs made with the same options look the same
// (stable test fixtures) while different disks and VGs still get different ids.
import { createHash } from 'node:crypto';

export const hex = (seed: string, len: number): string =>
  createHash('sha256').update(seed).digest('hex').slice(0, len);

/** PVIDs on AIX start with the machine's 8-digit serial part: 00xxxxxx + 8 more. */
export const makePvid = (hostname: string, disk: string): string =>
  `00${hex(`host:${hostname}`, 6)}${hex(`pv:${hostname}:${disk}:${Date.now()}`, 8)}`;

/** VG identifier: 32 hex digits, first half shared with the PVID serial as on AIX. */
export const makeVgId = (hostname: string, vg: string): string =>
  `00${hex(`host:${hostname}`, 6)}00004c00000001${hex(`vg:${hostname}:${vg}:${Date.now()}`, 10)}`;
