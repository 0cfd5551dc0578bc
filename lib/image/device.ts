// What a device under /dev that is not a tape is on this LPAR, for the refusal that names it:
// a disk and its volume group (lspv), or a logical volume, raw or not, and its volume group
// (lsvg -o, lsvg -l). Only read-only commands, and only on the way to a refusal.
import { parsePvList } from '../aix/parse/lspv';
import type { Io } from '../engine/io';
import { readVgList } from '../lpar/disks';
import { deviceKindByName } from './location';
import { readVgLvs } from '../lpar/vg-lvs';

export async function describeDevice(io: Io, name: string): Promise<string> {
  const disk = /^r?(hdisk\d+)$/.exec(name)?.[1];
  if (disk !== undefined) return describeDisk(io, name, disk);
  const lv = await findLv(io, name);
  if (lv !== null) return lv;
  return deviceKindByName(name) ?? 'not a tape device, a disk or a logical volume of a varied-on volume group';
}

async function describeDisk(io: Io, name: string, disk: string): Promise<string> {
  const raw = name === disk ? '' : 'the raw device of ';
  const run = await io.run('lspv', []);
  const pvs = run.rc === 0 ? parsePvList(run.stdout) : null;
  const pv = pvs?.ok ? pvs.value.find((p) => p.disk === disk) : undefined;
  if (pv === undefined) return `${raw}disk ${disk}`;
  return `${raw}disk ${disk}, ${pv.vg === null ? 'in no volume group (its data is still there)' : `a disk of volume group ${pv.vg}`}`;
}

async function findLv(io: Io, name: string): Promise<string | null> {
  const vgs = await readVgList(io, 'active');
  if (!vgs.ok) return null;
  for (const vg of vgs.value) {
    const lvs = await readVgLvs(io, vg);
    if (!lvs.ok) continue;
    const lv = lvs.value.find((l) => l.name === name || `r${l.name}` === name);
    if (lv === undefined) continue;
    const raw = lv.name === name ? '' : 'the raw device of ';
    return `${raw}logical volume ${lv.name} of volume group ${vg} (${lv.type}${lv.mountPoint ? `, mounted at ${lv.mountPoint}` : ''})`;
  }
  return null;
}
