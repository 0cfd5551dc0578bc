// The default LPAR created by `init`: rootvg on hdisk0, datavg on hdisk1, hdisk2/hdisk3 free,
// hdisk4 free without a PVID (a new LUN nobody ran chdev on), hdisk5 an Oracle ASM disk (no
// PVID, no VG: lspv shows it as free, only its header tells).
import type { DialectState } from './dialects';
import { hex, makePvid, makeVgId } from './ids';
import type { Disk, LogicalVolume, Lpar, VolumeGroup } from './types';

export interface InitOptions {
  hostname: string;
  filesPerFs: number;
  bytesPerMb: number;
  dialect: DialectState;
}

interface LvSpec {
  name: string;
  type: string;
  lps: number;
  mount?: string;
  usedMb?: number;
  open?: boolean;
}

function makeLvs(specs: LvSpec[], disk: string, filesPerFs: number): LogicalVolume[] {
  return specs.map((s) => ({
    name: s.name,
    type: s.type,
    lps: s.lps,
    copies: 1,
    alloc: { [disk]: s.lps },
    open: s.open ?? true,
    mount: s.mount ?? null,
    fs: s.mount ? { files: filesPerFs, usedMb: s.usedMb ?? 0, unreadable: [] } : null,
  }));
}

const ROOTVG: LvSpec[] = [
  { name: 'hd5', type: 'boot', lps: 1, open: false },
  { name: 'hd6', type: 'paging', lps: 16 },
  { name: 'hd8', type: 'jfs2log', lps: 1 },
  { name: 'hd4', type: 'jfs2', lps: 8, mount: '/', usedMb: 310 },
  { name: 'hd2', type: 'jfs2', lps: 80, mount: '/usr', usedMb: 4120 },
  { name: 'hd9var', type: 'jfs2', lps: 16, mount: '/var', usedMb: 610 },
  { name: 'hd3', type: 'jfs2', lps: 32, mount: '/tmp', usedMb: 180 },
  { name: 'hd1', type: 'jfs2', lps: 4, mount: '/home', usedMb: 45 },
  { name: 'hd10opt', type: 'jfs2', lps: 16, mount: '/opt', usedMb: 790 },
  { name: 'hd11admin', type: 'jfs2', lps: 2, mount: '/admin', usedMb: 1 },
  // Every 6.1-7.3 rootvg seen carries a dump device and the live dump file system
  // (samples/lsvg-l_glpi61_rootvg_longmounts, the alt_disk_mksysb transcript §8.1).
  { name: 'lg_dumplv', type: 'sysdump', lps: 8 },
  { name: 'livedump', type: 'jfs2', lps: 4, mount: '/var/adm/ras/livedump', usedMb: 1 },
];

const DATAVG: LvSpec[] = [
  { name: 'loglv00', type: 'jfs2log', lps: 1 },
  { name: 'datalv01', type: 'jfs2', lps: 320, mount: '/data1', usedMb: 6150 },
  { name: 'datalv02', type: 'jfs2', lps: 160, mount: '/data2', usedMb: 1480 },
];

export function defaultLpar(o: InitOptions): Lpar {
  const disk = (name: string, sizeMb: number, vg: string | null, slot: number, extra: Partial<Disk> = {}): Disk => ({
    name,
    pvid: makePvid(o.hostname, name),
    sizeMb,
    vg,
    location: `U9080.HEX.78${hex(o.hostname, 5).toUpperCase()}-V3-C${slot}-T1-L8${slot}00000000000000`,
    ...extra,
  });
  const vg = (name: string, d: string, ppSizeMb: number, lvs: LvSpec[], layout: VolumeGroup['layout']): VolumeGroup => ({
    name,
    id: makeVgId(o.hostname, name),
    state: 'active',
    ppSizeMb,
    disks: [d],
    lvs: makeLvs(lvs, d, o.filesPerFs),
    layout,
  });
  return {
    hostname: o.hostname,
    machineId: `00${hex(`host:${o.hostname}`, 6).toUpperCase()}4C00`,
    lparId: 3,
    oslevel: { vrmf: '7.3.1.0', ml: '7300-01', sp: '7300-01-02-2320' },
    disks: [
      disk('hdisk0', 51200, 'rootvg', 2),
      disk('hdisk1', 30720, 'datavg', 3),
      disk('hdisk2', 30720, null, 4),
      disk('hdisk3', 51200, null, 5),
      disk('hdisk4', 30720, null, 6, { pvid: null }),
      disk('hdisk5', 51200, null, 7, { pvid: null, asm: { disk: 'DATA_0000', group: 'DATA' } }),
    ],
    // rootvg in the original format, as on real 7.3 LPARs (samples/lsvg_nodejs73_rootvg_normal).
    vgs: [vg('rootvg', 'hdisk0', 64, ROOTVG, 'normal'), vg('datavg', 'hdisk1', 32, DATAVG, 'scalable')],
    bootlist: { normal: ['hdisk0'], service: [] },
    faults: [],
    nextFaultId: 1,
    settings: { bytesPerMb: o.bytesPerMb },
    dialect: o.dialect,
  };
}
