// lsvg: VG names, `lsvg VG` detail, `lsvg -l VG`, `lsvg -p VG` (reference §1).
import type { Ctx } from '../ctx';
import { col, distribution, row } from '../fmt';
import { getopt, has } from '../getopt';
import { diskPps, findVg, isVariedOn, loadState } from '../state';
import type { Lpar, VolumeGroup } from '../types';

const USAGE = `Usage: lsvg [-L] [-o] | [-n DescriptorPV] | [-i] [-l | -M | -p] [-m] [-P] VGname...
`;

export const vgTotals = (lpar: Lpar, vg: VolumeGroup): { total: number; used: number } => {
  const total = vg.disks.reduce((n, d) => n + diskPps(lpar.disks.find((x) => x.name === d)?.sizeMb ?? 0, vg.ppSizeMb), 0);
  const used = vg.lvs.reduce((n, lv) => n + lv.lps * lv.copies, 0);
  return { total, used };
};

/** Two-column detail: left key in 20 columns, right key at column 45, right value at 61. */
const pair = (lk: string, lv: string | number, rk?: string, rv?: string | number): string =>
  rk === undefined ? `${col(lk, 20)}${lv}` : `${col(lk, 20)}${col(lv, 25)}${col(rk, 16)}${rv}`;

export function lvStateText(open: boolean): string {
  return open ? 'open/syncd' : 'closed/syncd';
}

function detail(lpar: Lpar, vg: VolumeGroup): string {
  const { total, used } = vgTotals(lpar, vg);
  const pp = vg.ppSizeMb;
  const mb = (n: number): string => `${n} (${n * pp} megabytes)`;
  const pvs = vg.disks.length;
  const open = vg.lvs.filter((lv) => lv.open).length;
  const vgdas = pvs === 1 ? 2 : pvs === 2 ? 3 : pvs;
  const head = [
    pair('VOLUME GROUP:', vg.name, 'VG IDENTIFIER:', vg.id),
    pair('VG STATE:', 'active', 'PP SIZE:', `${pp} megabyte(s)`),
    pair('VG PERMISSION:', 'read/write', 'TOTAL PPs:', mb(total)),
    pair('MAX LVs:', 256, 'FREE PPs:', mb(total - used)),
    pair('LVs:', vg.lvs.length, 'USED PPs:', mb(used)),
    pair('OPEN LVs:', open, 'QUORUM:', `${Math.floor(vgdas / 2) + 1} (Enabled)`),
    pair('TOTAL PVs:', pvs, 'VG DESCRIPTORS:', vgdas),
    pair('STALE PVs:', 0, 'STALE PPs:', 0),
    pair('ACTIVE PVs:', pvs, 'AUTO ON:', 'yes'),
  ];
  const tail = [
    pair('PV RESTRICTION:', 'none', 'INFINITE RETRY:', 'no'),
    pair('DISK BLOCK SIZE:', 512, 'CRITICAL VG:', 'no'),
    pair('FS SYNC OPTION:', 'no', 'CRITICAL PVs:', 'no'),
    pair('ENCRYPTION:', 'no'),
  ];
  // Normal VG (AIX 7.3 rootvg, samples/lsvg_nodejs73): MAX PPs per VG alone, then per PV, no
  // MIRROR POOL STRICT line. Scalable VG (sample A, §1.2): trailing spaces after `relocatable`
  // and on the MIRROR POOL STRICT line as in the real output.
  const middle =
    vg.layout === 'normal'
      ? [
          pair('MAX PPs per VG:', 32512),
          pair('MAX PPs per PV:', 1016, 'MAX PVs:', 32),
          pair('LTG size (Dynamic):', '512 kilobyte(s)', 'AUTO SYNC:', 'no'),
          pair('HOT SPARE:', 'no', 'BB POLICY:', 'relocatable'),
        ]
      : [
          pair('MAX PPs per VG:', 32768, 'MAX PVs:', 1024),
          pair('LTG size (Dynamic):', '256 kilobyte(s)', 'AUTO SYNC:', 'no'),
          pair('HOT SPARE:', 'no', 'BB POLICY:', 'relocatable '),
          `${col('MIRROR POOL STRICT:', 20)}${col('off', 25)}${' '.repeat(17)}`,
        ];
  return [...head, ...middle, ...tail].join('\n');
}

const LV_WIDTHS = [20, 11, 8, 8, 5, 14];

export function lvTable(vgName: string, rows: Array<[string, string, number, number, number, string, string]>): string {
  const header = row(['LV NAME', 'TYPE', 'LPs', 'PPs', 'PVs', 'LV STATE', 'MOUNT POINT'], LV_WIDTHS);
  return [`${vgName}:`, header, ...rows.map((r) => row(r, LV_WIDTHS))].join('\n');
}

function lvList(vg: VolumeGroup): string {
  return lvTable(
    vg.name,
    vg.lvs.map((lv) => [lv.name, lv.type, lv.lps, lv.lps * lv.copies, Object.keys(lv.alloc).length, lvStateText(lv.open), lv.mount ?? 'N/A']),
  );
}

function pvList(lpar: Lpar, vg: VolumeGroup): string {
  const widths = [18, 18, 12, 12];
  const lines = [`${vg.name}:`, row(['PV_NAME', 'PV STATE', 'TOTAL PPs', 'FREE PPs', 'FREE DISTRIBUTION'], widths)];
  for (const d of vg.disks) {
    const total = diskPps(lpar.disks.find((x) => x.name === d)?.sizeMb ?? 0, vg.ppSizeMb);
    const used = vg.lvs.reduce((n, lv) => n + (lv.alloc[d] ?? 0), 0);
    lines.push(row([d, 'active', total, total - used, distribution(total - used)], widths));
  }
  return lines.join('\n');
}

export const variedOffMsg = '0516-010 : Volume group must be varied on; use varyonvg command.\n';

export function lsvg(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'Lon:ilMpmP');
  if (!g.ok) {
    ctx.err.write(`lsvg: ${g.message}\n${USAGE}`);
    return 1;
  }
  const p = g.parsed;
  const lpar = loadState(ctx.root);
  if (p.operands.length === 0) {
    if (has(p, 'l') || has(p, 'p') || has(p, 'M') || has(p, 'P')) {
      ctx.err.write(USAGE);
      return 1;
    }
    const vgs = has(p, 'o') ? lpar.vgs.filter(isVariedOn) : lpar.vgs;
    ctx.out.write(vgs.map((v) => `${v.name}\n`).join(''));
    return 0;
  }
  let rc = 0;
  for (const name of p.operands) {
    const vg = findVg(lpar, name);
    if (!vg) {
      // [recalled wording] the reference quotes 0516-306 for a PV; the VG form is analogous.
      ctx.err.write(`0516-306 lsvg: Unable to find volume group ${name} in the Device Configuration Database.\n`);
      rc = 1;
      continue;
    }
    if (!isVariedOn(vg)) {
      ctx.err.write(variedOffMsg);
      rc = 1;
      continue;
    }
    const text = has(p, 'l') ? lvList(vg) : has(p, 'p') ? pvList(lpar, vg) : detail(lpar, vg);
    ctx.out.write(`${text}\n`);
  }
  return rc;
}
