// alt_disk_mksysb (reference §8) and alt_rootvg_op (§9).
import type { Ctx } from '../ctx';
import { getopt, has, value } from '../getopt';
import { ImageError, readHeader, readMembers, type ImageHeader } from '../image';
import { makePvid, makeVgId } from '../ids';
import { devicePath } from '../paths';
import { diskPps, findVg, isVariedOn, loadState, updateState } from '../state';
import type { LogicalVolume, Lpar } from '../types';

const ALT = 'altinst_rootvg';

const USAGE = `Usage: alt_disk_mksysb -m device -d target_disks... [-i image.data] [-s script] [-R resolv_conf]
        [-p platform] [-L mksysb_level] [-n] [-P phase_option] [-c console] [-K]
        [-D] [-B] [-O] [-V] [-g] [-k] [-r] [-y] [-z] [-T] [-S] [-C]
`;

/**
 * The alt_disk_install library prints its errors on stdout beside its progress lines, stderr
 * empty, rc 1 (a real alt_disk_copy run, samples/alt_disk_copy_iss278_0516-404_stdout.md).
 * Gap: only 0505-126 and 0516-404 are known verbatim; the other refusals use the same
 * `alt_disk_install-` form.
 */
const refuse = (ctx: Ctx, text: string): number => {
  ctx.out.write(`${text}\n`);
  return 1;
};

/** What allocp prints when the disks cannot hold the logical volumes (samples/chfs_...0516-404). */
const ALLOCP_404 =
  '0516-404 allocp: This system cannot fulfill the allocation request.\n' +
  '\tThere are not enough free partitions or not enough physical volumes \n' +
  '\tto keep strictness and satisfy allocation requests.  The command\n' +
  '\tshould be retried with different allocation characteristics.';

function checkDisks(ctx: Ctx, lpar: Lpar, disks: string[]): number | undefined {
  for (const name of disks) {
    const d = lpar.disks.find((x) => x.name === name);
    if (!d) return refuse(ctx, `alt_disk_install- target disk ${name} is not a valid physical volume.`);
    if (d.vg) return refuse(ctx, `0505-126 alt_disk_install- target disk ${name} has a volume group assigned to it.`);
  }
  if (findVg(lpar, ALT)) return refuse(ctx, `alt_disk_install- volume group ${ALT} already exists.`);
  return undefined;
}

/** File systems in the order alt_disk creates them: sorted by mount point, `/` first. */
const fsOrder = (h: ImageHeader): string[] => h.lvs.filter((lv) => lv.mount).map((lv) => lv.mount!).sort();

const altMount = (mp: string): string => (mp === '/' ? '/alt_inst/' : `/alt_inst${mp}`);

export function alt_disk_mksysb(ctx: Ctx): number {
  // Disks may follow -d as separate words, before other flags: scan the whole line.
  const g = getopt(ctx.argv, 'm:d:i:s:R:p:L:nP:c:KDBOVgkryzTSC', true);
  if (!g.ok) {
    ctx.err.write(`alt_disk_mksysb: ${g.message}\n${USAGE}`);
    return 1;
  }
  const p = g.parsed;
  const image = value(p, 'm');
  // -d takes one argument that may hold several disks ('hdisk1 hdisk2'), or disks follow it.
  const disks = [...(p.flags.get('d') ?? []), ...p.operands].flatMap((s) => s.split(/\s+/)).filter(Boolean);
  const phase = value(p, 'P') ?? 'all';
  if (!image || !disks.length || (has(p, 'B') && has(p, 'r')) || !/^(all|1|2|3|12|23|123)$/.test(phase)) {
    ctx.err.write(USAGE);
    return 1;
  }
  const phases = phase === 'all' ? '123' : phase;
  const lpar = loadState(ctx.root);
  const say = (s: string): void => ctx.out.write(`${s}\n`);
  if (!phases.includes('1')) return laterPhases(ctx, lpar, disks, phases, has(p, 'B'), value(p, 's'));

  const bad = checkDisks(ctx, lpar, disks);
  if (bad !== undefined) return bad;
  const file = devicePath(ctx.root, image);
  say('Restoring /image.data from mksysb image.');
  let h: ImageHeader;
  try {
    h = readHeader(file);
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    return refuse(ctx, `alt_disk_install- unable to restore /image.data from ${image}: ${e.kind === 'missing' ? 'the file does not exist or is empty' : e.message}.`);
  }
  if (h.vg !== 'rootvg') return refuse(ctx, `alt_disk_install- ${image} is not a mksysb image (volume group ${h.vg}).`);
  say('Checking disk sizes.');
  const have = disks.reduce((n, name) => n + diskPps(lpar.disks.find((d) => d.name === name)!.sizeMb, h.ppSizeMb), 0);
  say('Creating cloned rootvg volume group and associated logical volumes.');
  // Disks too small are found out by the LV allocation, as in the real transcript: the LVs
  // that fit are created, the first that does not gets 0516-404 (-S skips that check here).
  let used = 0;
  for (const lv of h.lvs) {
    used += lv.pps;
    if (used > have && !has(p, 'S')) return refuse(ctx, ALLOCP_404);
    say(`Creating logical volume alt_${lv.name}.`);
  }
  const mounts = fsOrder(h);
  for (const mp of mounts) say(`Creating ${altMount(mp)} file system`);
  say('Restoring mksysb image to alternate disk(s).');
  try {
    for (const m of readMembers(file)) {
      if (has(p, 'V')) ctx.out.bulk(`x ${String(m.size).padStart(12)} ${m.path}\n`);
    }
    ctx.out.flush();
  } catch (e) {
    if (!(e instanceof ImageError)) throw e;
    ctx.out.flush();
    // The simulator models the cleanup alt_disk does on failure: nothing is left behind.
    ctx.err.write(`restore: ${e.message}\n`);
    return refuse(ctx, `alt_disk_install- restore of the mksysb image failed; ${ALT} was removed.`);
  }
  const taken = updateState(ctx.root, (st) => {
    if (disks.some((n) => st.disks.find((d) => d.name === n)?.vg) || findVg(st, ALT)) return true;
    const free = new Map(disks.map((n) => [n, diskPps(st.disks.find((d) => d.name === n)!.sizeMb, h.ppSizeMb)]));
    const lvs: LogicalVolume[] = h.lvs.map((src) => {
      const alloc: Record<string, number> = {};
      for (let left = src.pps; left > 0; ) {
        const next = [...free].find(([, r]) => r > 0);
        if (!next) break; // -S skipped the size check: the last LVs get what is left.
        const take = Math.min(next[1], left);
        alloc[next[0]] = (alloc[next[0]] ?? 0) + take;
        free.set(next[0], next[1] - take);
        left -= take;
      }
      const fs = src.mount ? { files: src.files, usedMb: src.usedMb, unreadable: [] } : null;
      // Until phase 3, the file systems stay mounted under /alt_inst.
      const open = !phases.includes('3') && fs !== null;
      return { name: src.name, type: src.type, lps: src.lps, copies: Math.max(1, Math.round(src.pps / Math.max(1, src.lps))), alloc, open, mount: src.mount, fs };
    });
    // Phase 1 leaves altinst_rootvg varied on with /alt_inst mounted, for phases 2 and 3 to go
    // on from; phase 3 varies it off (below).
    const state = phases.includes('3') ? 'varied-off' : 'active';
    st.vgs.push({ name: ALT, id: makeVgId(st.hostname, ALT), state, ppSizeMb: h.ppSizeMb, disks: [...disks], lvs });
    for (const d of st.disks) {
      if (!disks.includes(d.name)) continue;
      d.vg = ALT;
      // mkvg gives a disk without PVID one, and the install overwrites whatever header it had.
      d.pvid ??= makePvid(st.hostname, d.name);
      delete d.asm;
    }
    return false;
  });
  if (taken) return refuse(ctx, `0505-126 alt_disk_install- target disk ${disks[0]} has a volume group assigned to it.`);
  if (phases.includes('2') && value(p, 's') !== undefined) say(`Running customization script ${value(p, 's')}.`);
  if (!phases.includes('3')) return 0;
  say('Linking to 64bit kernel.');
  say('Changing logical volume names in volume group descriptor area.');
  say('Fixing LV control blocks...');
  for (const mp of [...mounts].reverse()) {
    const where = mp === '/' ? '/alt_inst' : `/alt_inst${mp}`;
    say(`forced unmount of ${where}`);
    say(`forced unmount of ${where}`);
  }
  say('Fixing file system superblocks...');
  return finish(ctx, disks, has(p, 'B'), has(p, 'r'));
}

/** Phases 2 and 3 (-P 2 / 3 / 23) continue from the varied-on altinst_rootvg of an earlier -P 1. */
function laterPhases(ctx: Ctx, lpar: Lpar, disks: string[], phases: string, noBootlist: boolean, script: string | undefined): number {
  const vg = findVg(lpar, ALT);
  if (!vg || !disks.every((d) => vg.disks.includes(d))) {
    return refuse(ctx, `alt_disk_install- no ${ALT} on ${disks.join(' ')}: run phase 1 first.`);
  }
  if (!isVariedOn(vg)) {
    return refuse(ctx, `alt_disk_install- ${ALT} is not varied on: phase 3 has already run, or phase 1 did not finish.`);
  }
  if (phases.includes('2') && script !== undefined) ctx.out.write(`Running customization script ${script}.\n`);
  if (!phases.includes('3')) return 0;
  ctx.out.write('Fixing LV control blocks...\nFixing file system superblocks...\n');
  updateState(ctx.root, (st) => {
    const alt = findVg(st, ALT);
    if (!alt) return;
    alt.state = 'varied-off';
    for (const lv of alt.lvs) lv.open = false;
  });
  return finish(ctx, disks, noBootlist, false);
}

function finish(ctx: Ctx, disks: string[], noBootlist: boolean, reboot: boolean): number {
  if (!noBootlist) {
    updateState(ctx.root, (st) => {
      st.bootlist.normal = [disks[0]!];
    });
    ctx.out.write(`Bootlist is set to the boot disk: ${disks[0]} blv=hd5\n`);
  }
  if (reboot) {
    // -r reboots into the new disk: afterwards the old rootvg is old_rootvg and the clone is
    // rootvg (reference §8.2).
    updateState(ctx.root, (st) => {
      const old = findVg(st, 'rootvg');
      const alt = findVg(st, ALT);
      if (!old || !alt) return;
      old.name = 'old_rootvg';
      old.state = 'varied-off';
      for (const lv of old.lvs) lv.open = false;
      alt.name = 'rootvg';
      alt.state = 'active';
      for (const lv of alt.lvs) lv.open = lv.type !== 'boot';
      for (const d of st.disks) {
        if (d.vg === 'rootvg') d.vg = 'old_rootvg';
        else if (d.vg === ALT) d.vg = 'rootvg';
      }
    });
  }
  return 0;
}

export function alt_rootvg_op(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'qd:v:WStXCR:s:b:I:l:f:F:w:DV');
  if (!g.ok) {
    ctx.err.write(`alt_rootvg_op: ${g.message}\n`);
    return 1;
  }
  const p = g.parsed;
  if (!has(p, 'X')) {
    ctx.err.write('aix-sim: alt_rootvg_op is simulated for -X only.\n');
    return 1;
  }
  const name = p.operands[0] ?? ALT;
  // Gap: alt_rootvg_op's error texts are not known.
  const result = updateState(ctx.root, (st) => {
    const vg = findVg(st, name);
    if (!vg) return `alt_rootvg_op: volume group ${name} does not exist.`;
    // A varied-on altinst_rootvg is one whose install stopped after phase 1: -X unmounts
    // /alt_inst and removes it as well.
    if (name === 'rootvg' || (isVariedOn(vg) && name !== ALT)) return `alt_rootvg_op: ${name} is not an alternate disk volume group.`;
    st.vgs = st.vgs.filter((v) => v !== vg);
    // The ODM definition goes; the modules then run chpv -C on each disk to clear the VGDA,
    // which the simulator folds in here: the disks come back as free (VG None).
    for (const d of st.disks) if (d.vg === name) d.vg = null;
    return undefined;
  });
  if (result) return refuse(ctx, result);
  return 0;
}
