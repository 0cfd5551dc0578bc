// Shape of the simulated LPAR, persisted as one JSON document (see state.ts).
import type { DialectState } from './dialects';

export type VgState = 'active' | 'concurrent' | 'varied-off';

export interface Disk {
  name: string;
  /** 16 hex digits, or null when the disk has no PVID (lspv prints `none`). */
  pvid: string | null;
  sizeMb: number;
  /** Volume group the disk belongs to, or null (lspv prints `None`). */
  vg: string | null;
  location: string;
  /** An Oracle ASM disk header (lquerypv shows ORCLDISK): LVM sees a free disk without PVID. */
  asm?: { disk: string; group: string };
  /** Locked with lkdev (lspv state `locked`); `label` is lkdev -c's text. */
  lock?: { label: string | null };
}

export interface FileSystem {
  /** Number of regular files; their names are generated on demand (files.ts). */
  files: number;
  /** Data in the file system, MB: drives the image payload size and SHRINK SIZE. */
  usedMb: number;
  /** Absolute paths that exist but cannot be read by backup (0512-003). */
  unreadable: string[];
}

export interface LogicalVolume {
  name: string;
  type: string;
  lps: number;
  copies: number;
  /** PPs per disk: drives lsvg -l PVs and lspv -l. */
  alloc: Record<string, number>;
  open: boolean;
  mount: string | null;
  fs: FileSystem | null;
}

export interface VolumeGroup {
  name: string;
  id: string;
  state: VgState;
  ppSizeMb: number;
  disks: string[];
  lvs: LogicalVolume[];
  /**
   * `normal`: the original VG format, which real 7.2/7.3 rootvgs often still have (lsvg prints
   * `MAX PPs per PV`); `scalable`: mkvg -S. Absent: scalable (states written before).
   */
  layout?: 'normal' | 'scalable';
}

export interface Fault {
  id: number;
  cmd: string;
  kind: 'fail' | 'kill' | 'fs-full' | 'slow' | 'early-stop' | 'note';
  rc?: number;
  message?: string;
  stream?: 'stdout' | 'stderr';
  afterBytes?: number;
  ms?: number;
  /** How many invocations it applies to; null = until cleared. */
  times: number | null;
}

export interface Settings {
  /** Image payload bytes per MB of used space (images are scaled down). */
  bytesPerMb: number;
  /**
   * Seconds the LPAR's clock is ahead of the host's (negative: behind), for the dates written into
   * new images: a test makes an image "two hours old" without waiting two hours.
   */
  clockOffsetSec?: number;
}

/**
 * A file system outside the LPAR's volume groups that images are written to (an NFS export),
 * holding the real directory `path` and everything under it (`aix-sim fs --path`).
 */
export interface ImageFs {
  path: string;
  name: string;
  sizeMb: number;
  freeMb: number;
}

export interface Limits {
  /** `ulimit -f` of the commands run on the LPAR, 512-byte blocks; null = unlimited. */
  fsizeBlocks: number | null;
}

export interface Lpar {
  hostname: string;
  machineId: string;
  lparId: number;
  oslevel: { vrmf: string; ml: string; sp: string };
  disks: Disk[];
  vgs: VolumeGroup[];
  bootlist: { normal: string[]; service: string[] };
  faults: Fault[];
  nextFaultId: number;
  settings: Settings;
  /** How the LPAR prints what the reference could not pin down (dialects.ts); absent: the default. */
  dialect?: DialectState;
  /** Absent in state written before file system sizes were modelled: none configured. */
  imageFs?: ImageFs[];
  /** Absent: unlimited. */
  limits?: Limits;
}
