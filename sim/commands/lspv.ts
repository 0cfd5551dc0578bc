// lspv: disk listing, `lspv -l hdisk`, `lspv hdisk` (reference §2).
import type { Ctx } from '../ctx';
import { col, distribution, row } from '../fmt';
import { getopt, has } from '../getopt';
import { diskPps, findVg, isVariedOn, loadState } from '../state';
import type { Disk, Lpar, VolumeGroup } from '../types';
import { variedOffMsg } from './lsvg';

const USAGE = `Usage: lspv [-L] [-l | -p | -M] [-n DescriptorPV] [-v VGid] PVname
`;

/**
 * name at 0, PVID at 16, VG at 52, state at 68; no trailing blanks when there is no state. A disk
 * locked with lkdev shows `locked` as a state and, when in no VG, its lock label in the VG
 * column (lspv documentation; where `locked` goes after `active` was not seen [gap]).
 */
function listing(lpar: Lpar): string {
  return lpar.disks
    .map((d) => {
      const vg = d.vg ? findVg(lpar, d.vg) : undefined;
      const vgState = vg?.state === 'active' ? 'active' : vg?.state === 'concurrent' ? 'concurrent' : '';
      const state = [vgState, d.lock ? 'locked' : ''].filter((x) => x !== '').join(' ');
      const vgCol = d.vg ?? d.lock?.label ?? 'None';
      const line = `${col(d.name, 16)}${col(d.pvid ?? 'none', 36)}${state ? col(vgCol, 16) : vgCol}${state}`;
      return `${line}\n`;
    })
    .join('');
}

/** For a disk without a PVID, wrapped, with no command name (samples/lspv-disk_nodejs73_0516-1396). */
const noPvidMsg = (name: string): string => `0516-1396 : The physical volume ${name}, was not found in the\nsystem database.\n`;

function lvsOnDisk(d: Disk, vg: VolumeGroup): string {
  const widths = [22, 8, 8, 22];
  const lines = [`${d.name}:`, row(['LV NAME', 'LPs', 'PPs', 'DISTRIBUTION', 'MOUNT POINT'], widths)];
  for (const lv of vg.lvs) {
    const pps = lv.alloc[d.name];
    if (!pps) continue;
    lines.push(row([lv.name, Math.ceil(pps / lv.copies), pps, distribution(pps), lv.mount ?? 'N/A'], widths));
  }
  return `${lines.join('\n')}\n`;
}

function detail(d: Disk, vg: VolumeGroup): string {
  const total = diskPps(d.sizeMb, vg.ppSizeMb);
  const used = vg.lvs.reduce((n, lv) => n + (lv.alloc[d.name] ?? 0), 0);
  const lvs = vg.lvs.filter((lv) => lv.alloc[d.name]).length;
  const pp = vg.ppSizeMb;
  const pair = (lk: string, lv: string | number, rk?: string, rv?: string | number): string =>
    rk === undefined ? `${col(lk, 20)}${lv}` : `${col(lk, 20)}${col(lv, 25)}${col(rk, 18)}${rv}`;
  return `${[
    pair('PHYSICAL VOLUME:', d.name, 'VOLUME GROUP:', vg.name),
    // VG IDENTIFIER has no colon and follows the PVID after one space (reference §2.3).
    `${col('PV IDENTIFIER:', 20)}${d.pvid ?? 'none'} VG IDENTIFIER     ${vg.id}`,
    pair('PV STATE:', 'active'),
    pair('STALE PARTITIONS:', 0, 'ALLOCATABLE:', 'yes'),
    pair('PP SIZE:', `${pp} megabyte(s)`, 'LOGICAL VOLUMES:', lvs),
    pair('TOTAL PPs:', `${total} (${total * pp} megabytes)`, 'VG DESCRIPTORS:', vg.disks.length === 1 ? 2 : 1),
    pair('FREE PPs:', `${total - used} (${(total - used) * pp} megabytes)`, 'HOT SPARE:', 'no'),
    pair('USED PPs:', `${used} (${used * pp} megabytes)`, 'MAX REQUEST:', '256 kilobytes'),
    pair('FREE DISTRIBUTION:', distribution(total - used)),
    pair('USED DISTRIBUTION:', distribution(used)),
    pair('MIRROR POOL:', 'None'),
  ].join('\n')}\n`;
}

export function lspv(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'LlpMn:v:');
  if (!g.ok) {
    ctx.err.write(`lspv: ${g.message}\n${USAGE}`);
    return 1;
  }
  const p = g.parsed;
  const lpar = loadState(ctx.root);
  const [name, ...more] = p.operands;
  if (name === undefined) {
    if (has(p, 'l') || has(p, 'p') || has(p, 'M')) {
      ctx.err.write(USAGE);
      return 1;
    }
    ctx.out.write(listing(lpar));
    return 0;
  }
  if (more.length > 0) {
    ctx.err.write(USAGE);
    return 1;
  }
  const d = lpar.disks.find((x) => x.name === name);
  if (!d) {
    ctx.err.write(`0516-306 lspv: Unable to find physical volume ${name} in the Device Configuration Database.\n`);
    return 1;
  }
  if (d.pvid === null) {
    ctx.err.write(noPvidMsg(name));
    return 1;
  }
  const vg = d.vg ? findVg(lpar, d.vg) : undefined;
  if (!vg) {
    // The verbatim form comes from getlvodm, which lspv runs to find the disk's VG.
    ctx.err.write(`0516-320 /usr/sbin/getlvodm: Physical volume ${name} is not assigned to a volume group.\n`);
    return 1;
  }
  if (!isVariedOn(vg)) {
    ctx.err.write(variedOffMsg);
    return 1;
  }
  ctx.out.write(has(p, 'l') ? lvsOnDisk(d, vg) : detail(d, vg));
  return 0;
}
