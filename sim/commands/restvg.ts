// restvg: recreate a VG from a savevg image on free disks (reference §5). The summary and the
// prompt go to stderr, names made by mkvg/mklv and restore's `x size path` lines to stdout.
import { existsSync, mkdirSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Ctx } from '../ctx';
import { getopt, has, value } from '../getopt';
import { ImageError, readHeader, readMembers, verifyImage, type ImageHeader } from '../image';
import { makeVgId } from '../ids';
import { sleepSync } from '../lock';
import { devicePath, lparPath } from '../paths';
import { diskPps, findVg, loadState, updateState } from '../state';
import type { LogicalVolume, Lpar } from '../types';
import { describe, imageFailure, volumeHeader } from './listvgbackup';

const SPEC = 'b:d:f:lqrsnP:S';
const USAGE = `Usage: restvg [-b Blocks] [-d FileName] [-f Device] [-l] [-q] [-r] [-s] [-n] [-P PPsize] [-S] [DiskName...]
`;

export function restvgMutates(argv: string[]): boolean {
  const g = getopt(argv, SPEC);
  return !(g.ok && has(g.parsed, 'l'));
}

/** Errors come from the script's cleanup function: echo, so stdout, blank lines around; rc 2. */
function cancel(ctx: Ctx, text: string): number {
  ctx.out.write(`\n0512-${text}  Restore of Volume Group canceled.\n\n`);
  return 2;
}

/** One line from stdin; empty at end of file (Ansible and cron give restvg no terminal). */
function readAnswer(): string {
  const b = Buffer.alloc(1);
  let s = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(0, b, 0, 1, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleepSync(10);
        continue;
      }
      if (code === 'EOF') return s;
      throw e;
    }
    if (n === 0 || b[0] === 10) return s;
    s += String.fromCharCode(b[0]!);
  }
}

/** VG_SOURCE_DISK_LIST and SHRINK from a vgname.data (`-d` file or the image's). */
function stanzaValue(text: string, key: string): string | undefined {
  const m = new RegExp(`^\\s*${key}=[ ]?(.*)$`, 'm').exec(text);
  return m?.[1]!.trim();
}

interface Target {
  disks: string[];
  pp: number;
  shrink: boolean;
}

function checkDisks(ctx: Ctx, lpar: Lpar, h: ImageHeader, t: Target): number | undefined {
  for (const name of t.disks) {
    const d = lpar.disks.find((x) => x.name === name);
    if (!d) return cancel(ctx, `036 restvg: Target Disk ${name} is invalid.`);
    if (d.vg) return cancel(ctx, `037 restvg: Target Disk ${name} Already belongs to a Volume Group.`);
    // restvg looks its target disks up by PVID. Inferred: which number a disk without one gets
    // is not known; 036 is restvg's refusal of a target disk it cannot use.
    if (!d.pvid) return cancel(ctx, `036 restvg: Target Disk ${name} is invalid.`);
  }
  const need = h.lvs.reduce((n, lv) => n + lpsAt(lv.lps, lv.minLps, h.ppSizeMb, t) * (lv.pps / Math.max(1, lv.lps)), 0);
  const have = t.disks.reduce((n, name) => n + diskPps(lpar.disks.find((x) => x.name === name)!.sizeMb, t.pp), 0);
  if (need > have) return cancel(ctx, `029 restvg: There is not enough Room in the specified disks for the volume group.`);
  return undefined;
}

/** LPs of an LV in the new VG: minimum size with -s, and rescaled to a different PP size. */
const lpsAt = (lps: number, minLps: number, fromPp: number, t: Target): number =>
  Math.max(1, Math.ceil(((t.shrink ? minLps : lps) * fromPp) / t.pp));

export function restvg(ctx: Ctx): number {
  const g = getopt(ctx.argv, SPEC);
  const pp = g.ok ? value(g.parsed, 'P') : undefined;
  if (!g.ok || (pp !== undefined && !/^(1|2|4|8|16|32|64|128|256|512|1024)$/.test(pp))) {
    ctx.err.write(`${g.ok ? '' : `restvg: ${g.message}\n`}${USAGE}`);
    return 1;
  }
  const p = g.parsed;
  const operand = value(p, 'f') ?? '/dev/rmt0';
  const file = devicePath(ctx.root, operand);
  let h: ImageHeader;
  try {
    h = readHeader(file);
  } catch (e) {
    const rc = imageFailure(ctx, 'restvg', operand, e);
    return has(p, 'l') ? rc : 2;
  }
  if (has(p, 'l')) {
    ctx.out.write(describe(h));
    return 0;
  }
  if (h.vg === 'rootvg') return cancel(ctx, '026 restvg: The restvg command cannot restore the rootvg Volume Group.');
  let vgdata: string | undefined;
  const dfile = value(p, 'd');
  if (dfile !== undefined) {
    if (!existsSync(dfile)) return cancel(ctx, '025 restvg: The image data file does not exist.');
    vgdata = readFileSync(dfile, 'utf8');
  }
  const shrinkPolicy = vgdata ? stanzaValue(vgdata, 'SHRINK') === 'yes' : false;
  const sourceList = vgdata ? stanzaValue(vgdata, 'VG_SOURCE_DISK_LIST') : undefined;
  const t: Target = {
    disks: p.operands.length ? p.operands : (sourceList?.split(/\s+/).filter(Boolean) ?? h.sourceDisks.map((d) => d.name)),
    pp: pp ? Number(pp) : h.ppSizeMb,
    shrink: has(p, 's') || shrinkPolicy,
  };
  const bad = checkDisks(ctx, loadState(ctx.root), h, t);
  if (bad !== undefined) return bad;

  ctx.err.write(`\nWill create the Volume Group:\t${h.vg}\nTarget Disks:\t`);
  ctx.out.write(`${t.disks.join(' ')}\n`);
  ctx.err.write(
    `Allocation Policy:\n\tShrink Filesystems:\t${t.shrink ? 'yes' : 'no'}\n` +
      `\tPreserve Physical Partitions for each Logical Volume:\tno\n`,
  );
  if (!has(p, 'q')) {
    ctx.err.write('\nEnter y to continue: ');
    // Anything but y/Y (including end of input) cancels and exits 0 having done nothing [hist].
    if (!/^[yY]/.test(readAnswer())) return 0;
  }
  // The simulator reads the whole image before creating anything, so a damaged image leaves
  // no half-made VG (real restvg would fail midway through the restore).
  try {
    verifyImage(file);
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    ctx.err.write(`restore: ${e.message}\n`);
    ctx.out.write('\n0512-007 restvg: Abnormal program termination.\n\n');
    return 2;
  }
  const made = updateState(ctx.root, (lpar) => {
    if (findVg(lpar, h.vg)) return 'exists';
    // Another run may have taken a disk since the check above.
    if (t.disks.some((n) => lpar.disks.find((d) => d.name === n)?.vg)) return 'taken';
    const free = new Map(t.disks.map((n) => [n, diskPps(lpar.disks.find((d) => d.name === n)!.sizeMb, t.pp)]));
    const lvs: LogicalVolume[] = h.lvs.map((src) => {
      const lps = lpsAt(src.lps, src.minLps, h.ppSizeMb, t);
      const copies = Math.max(1, Math.round(src.pps / Math.max(1, src.lps)));
      const alloc: Record<string, number> = {};
      for (let left = lps * copies; left > 0; ) {
        const [disk, room] = [...free].find(([, r]) => r > 0)!;
        const take = Math.min(room, left);
        alloc[disk] = (alloc[disk] ?? 0) + take;
        free.set(disk, room - take);
        left -= take;
      }
      const fs = src.mount ? { files: has(p, 'r') ? 0 : src.files, usedMb: has(p, 'r') ? 0 : src.usedMb, unreadable: [] } : null;
      return { name: src.name, type: src.type, lps, copies, alloc, open: src.type !== 'boot', mount: src.mount, fs };
    });
    lpar.vgs.push({ name: h.vg, id: makeVgId(lpar.hostname, h.vg), state: 'active', ppSizeMb: t.pp, disks: [...t.disks], lvs });
    for (const d of lpar.disks) {
      if (!t.disks.includes(d.name)) continue;
      d.vg = h.vg;
      // mkvg writes the LVM record over whatever header the disk had (an ASM one included).
      delete d.asm;
    }
    return 'ok';
  });
  if (made === 'exists') return cancel(ctx, `031 restvg: Unable to create the Volume Group ${h.vg}.`);
  if (made === 'taken') return cancel(ctx, `037 restvg: Target Disk ${t.disks.join(' ')} Already belongs to a Volume Group.`);
  // mkvg prints the VG name, mklv each LV name.
  ctx.out.write(`${h.vg}\n${h.lvs.map((lv) => `${lv.name}\n`).join('')}`);

  ctx.err.write(volumeHeader(operand, h));
  let count = 0;
  let bytes = 0;
  for (const m of readMembers(file)) {
    // -r recreates the structure only; the VG data files are always extracted.
    if (has(p, 'r') && !m.content) continue;
    if (m.content && m.path.startsWith('./tmp/vgdata/')) {
      const target = lparPath(ctx.root, m.path.slice(1));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, m.content);
    }
    ctx.out.bulk(`x ${String(m.size).padStart(12)} ${m.path}\n`);
    count++;
    bytes += m.size;
  }
  ctx.out.flush();
  ctx.out.write(`total size: ${bytes}\n`);
  ctx.err.write(`files restored: ${count}\n`);
  return 0;
}
