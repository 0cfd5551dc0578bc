// mksysb and savevg: one engine with two names, as on AIX (savevg was a link to mksysb.sh and
// every message carries the program name). Output: reference §6.1, §7.1-7.4.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fault, sleep, type Ctx } from '../ctx';
import { countFiles, mountedFs, vgFiles, type Selection } from '../files';
import { aixDate } from '../fmt';
import { getopt, has, value, type Parsed } from '../getopt';
import { ImageWriter, WriteLimit, type ImageHeader, type ImageLv, type Limit } from '../image';
import { devicePath, lparPath } from '../paths';
import { bosinstData, filesystems, unameInfo, vgData } from '../stanza';
import { fsOf, freeMb, lparFs, TMP_NEED_MB } from '../space';
import { findVg, isVariedOn, loadState, updateState } from '../state';
import type { Lpar, VolumeGroup } from '../types';
import { lvStateText } from './lsvg';

type Prog = 'mksysb' | 'savevg';

const USAGE: Record<Prog, string> = {
  mksysb: `Usage: mksysb [-a] [-A] [-b number] [-e] [-F filename] [-i] [-m] [-p] [-P] [-t argument] [-v] [-V]
              [-x file] [-X] [-Z] [-G | -N] [-M] [-T] [-C] device | file
`,
  savevg: `Usage: savevg [-a] [-A] [-b Blocks] [-e] [-f Device] [-i | -m] [-p] [-r] [-T] [-v] [-V]
              [-x file] [-X] VGName [-Z]
`,
};

/** 4.1 exit codes: usage 1 (mksysb) or 2 (savevg), 3 any error before or during the backup. */
const USAGE_RC: Record<Prog, number> = { mksysb: 1, savevg: 2 };
const FAILED = 3;

/** Error messages come from the script's cleanup function: plain echo, so stdout, blank lines around. */
const cleanupMsg = (ctx: Ctx, text: string): void => ctx.out.write(`\n${text}\n\n`);

/** The VG's data file: /image.data for rootvg, /tmp/vgdata/VG/VG.data otherwise. */
export const dataFile = (vg: string): string => (vg === 'rootvg' ? '/image.data' : `/tmp/vgdata/${vg}/${vg}.data`);

function writeLparFile(root: string, aixPath: string, content: string): void {
  const p = lparPath(root, aixPath);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

/** grep patterns from /etc/exclude.VG; a pattern that is not a valid JS RegExp is matched literally. */
function excludePatterns(root: string, vg: string): RegExp[] {
  let text: string;
  try {
    text = readFileSync(lparPath(root, `/etc/exclude.${vg}`), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      try {
        return new RegExp(l);
      } catch {
        return new RegExp(l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
    });
}

interface Plan {
  prog: Prog;
  p: Parsed;
  target: string;
  file: string;
  vg: VolumeGroup;
  lpar: Lpar;
}

/** Argument and environment checks, in the order the script makes them. */
function plan(ctx: Ctx, prog: Prog): Plan | number {
  const spec = prog === 'mksysb' ? 'aAb:eF:imMpPt:vVx:XZGNTC' : 'aAb:ef:imprTvVx:XZ';
  const g = getopt(ctx.argv, spec, prog === 'savevg');
  if (!g.ok) {
    ctx.err.write(`${prog}: ${g.message}\n${USAGE[prog]}`);
    return USAGE_RC[prog];
  }
  const p = g.parsed;
  const lpar = loadState(ctx.root);
  let target: string;
  let vgName: string;
  if (prog === 'mksysb') {
    if (p.operands.length !== 1 || (has(p, 'G') && has(p, 'N'))) {
      ctx.err.write(USAGE[prog]);
      return USAGE_RC[prog];
    }
    if (has(p, 'F')) {
      ctx.err.write('aix-sim: mksysb -F (bootable tape from an existing image) is not simulated.\n');
      return USAGE_RC[prog];
    }
    target = p.operands[0]!;
    vgName = 'rootvg';
  } else {
    if (has(p, 'i') && has(p, 'm')) {
      ctx.err.write(USAGE[prog]);
      return USAGE_RC[prog];
    }
    target = value(p, 'f') ?? '/dev/rmt0';
    vgName = p.operands.length === 1 ? p.operands[0]! : '';
  }
  if (!target.startsWith('/')) {
    cleanupMsg(ctx, `0512-006 ${prog}: Backup device or file name must start with a '/'.`);
    return USAGE_RC[prog];
  }
  const vg = findVg(lpar, vgName);
  // savevg checks the name with `lsvg VG`, which fails for an unknown or varied-off VG.
  if (!vg || !isVariedOn(vg)) {
    cleanupMsg(ctx, `0512-009 savevg: Invalid or missing Volume Group Name.`);
    return USAGE_RC[prog];
  }
  const file = devicePath(ctx.root, target);
  if (target.startsWith('/dev/') && !existsSync(file)) {
    cleanupMsg(ctx, `0512-017 ${prog}: Cannot write to the device ${target}.\n\t\t Either write protected or in use.`);
    return FAILED;
  }
  if (!existsSync(dirname(file))) {
    ctx.err.write(`backup: Cannot create ${target}: A file or directory in the path name does not exist.\n`);
    cleanupMsg(ctx, `0512-005 ${prog}: Backup Completed.\n\tThe backup command completed with errors.\n\tThe messages displayed on Standard Error contained additional\n\tinformation.`);
    return FAILED;
  }
  return { prog, p, target, file, vg, lpar };
}

interface Meta {
  path: string;
  content: string;
}

function metadata(ctx: Ctx, pl: Plan, now: Date, header: Omit<ImageHeader, 'members' | 'payloadBytes'>): Meta[] | number {
  const { prog, p, vg, lpar } = pl;
  const root = ctx.root;
  const data = dataFile(vg.name);
  const regenerate = has(p, 'i') || has(p, 'm') || has(p, 'r');
  if (regenerate) {
    ctx.out.write(vg.name === 'rootvg' ? '\nCreating information file (/image.data) for rootvg.\n' : `\nCreating information file for volume group ${vg.name}.\n`);
    writeLparFile(root, data, vgData(lpar, vg, now));
  } else if (!existsSync(lparPath(root, data))) {
    cleanupMsg(ctx, `0512-004 ${prog}: The ${data} file does not exist.  Backup canceled.`);
    return FAILED;
  }
  const maps: Meta[] = has(p, 'm')
    ? vg.lvs.map((lv) => {
        const disk = Object.keys(lv.alloc)[0] ?? vg.disks[0];
        const content = Array.from({ length: lv.lps }, (_, i) => `${disk}:${i + 1}\n`).join('');
        writeLparFile(root, `/tmp/vgdata/${vg.name}/${lv.name}.map`, content);
        return { path: `./tmp/vgdata/${vg.name}/${lv.name}.map`, content };
      })
    : [];
  const vgdataText = readFileSync(lparPath(root, data), 'utf8');
  const dir = `./tmp/vgdata/${vg.name}`;
  // Contents of image.info and backup.data were not seen (reference gap): image.info holds the
  // oslevel, backup.data the values the -l display shows, as stanzas.
  const imageInfo = `${lpar.oslevel.vrmf}\n`;
  const backupData =
    `backup_data:\n\tVG_NAME= ${vg.name}\n\tDATE_TIME= ${header.date}\n\tUNAME_INFO= ${header.uname}\n` +
    `\tOSLEVEL= ${header.oslevel}\n\tOSLEVEL_R= ${header.ml}\n\tOSLEVEL_S= ${header.sp}\n` +
    `\tBACKUP_SIZE= ${header.backupSizeMb}\n\tSHRINK_SIZE= ${header.shrinkSizeMb}\n\tVG_DATA_ONLY= ${header.vgDataOnly ? 'yes' : 'no'}\n`;
  if (prog === 'mksysb') {
    // mksysb rewrites target_disk_data to the current rootvg disks unless told not to.
    const bosinst = lparPath(root, '/bosinst.data');
    if (!existsSync(bosinst)) {
      const saved = lparPath(root, '/var/adm/ras/bosinst.data');
      if (!existsSync(saved)) {
        cleanupMsg(ctx, `0512-004 mksysb: The /bosinst.data file does not exist.  Backup canceled.`);
        return FAILED;
      }
      copyFileSync(saved, bosinst);
    }
    if (!existsSync(lparPath(root, '/save_bosinst.data_file'))) writeFileSync(bosinst, bosinstData(lpar, vg.disks));
    return [
      { path: './bosinst.data', content: readFileSync(bosinst, 'utf8') },
      { path: './image.data', content: vgdataText },
      ...maps,
      { path: `${dir}/image.info`, content: imageInfo },
      { path: `${dir}/backup.data`, content: backupData },
    ];
  }
  const listed = [`${dir}/${vg.name}.data`, `${dir}/filesystems`, `${dir}/backup.data`, `${dir}/image.info`, ...maps.map((m) => m.path)];
  const vgdataFiles = listed.map((f) => `${f}\n`).join('');
  writeLparFile(root, `/tmp/vgdata/${vg.name}/filesystems`, filesystems(vg));
  return [
    { path: `${dir}/image.info`, content: imageInfo },
    // restvg's copy of the list carries the writer's pid (reference §12.2).
    { path: `./tmp/vgdata/vgdata.files${process.pid}`, content: vgdataFiles },
    { path: './tmp/vgdata/vgdata.files', content: vgdataFiles },
    { path: `${dir}/filesystems`, content: filesystems(vg) },
    { path: `${dir}/${vg.name}.data`, content: vgdataText },
    ...maps,
    { path: `${dir}/backup.data`, content: backupData },
  ];
}

function selection(ctx: Ctx, pl: Plan): Selection | number {
  const excludedMounts = new Set<string>();
  const list = value(pl.p, 'x');
  if (list !== undefined) {
    try {
      for (const l of readFileSync(list, 'utf8').split('\n')) if (l.trim()) excludedMounts.add(l.trim());
    } catch {
      ctx.err.write(`${pl.prog}: Cannot open ${list}.\n`);
      cleanupMsg(ctx, `0512-010 ${pl.prog}: Creation of backup list failed.`);
      return FAILED;
    }
  }
  // -r backs up the structure only: no file system is walked.
  if (has(pl.p, 'r')) for (const lv of pl.vg.lvs) if (lv.mount) excludedMounts.add(lv.mount);
  return { excludedMounts, patterns: has(pl.p, 'e') ? excludePatterns(ctx.root, pl.vg.name) : [] };
}

const COMPLETED_WITH_ERRORS = (prog: Prog): string =>
  `0512-005 ${prog}: Backup Completed.\n\tThe backup command completed with errors.\n\tThe messages displayed on Standard Error contained additional\n\tinformation.`;

/**
 * /tmp must hold the command's work files; -X expands it (chfs) by what is missing. Gap: the
 * real complaint is not in the reference.
 */
function workSpace(ctx: Ctx, pl: Plan): boolean {
  const tmp = lparFs(pl.lpar, '/tmp');
  const need = TMP_NEED_MB[pl.prog];
  if (!tmp?.lv || freeMb(tmp) >= need) return true;
  if (!has(pl.p, 'X')) {
    ctx.err.write(`${pl.prog}: There is not enough free space in /tmp (${freeMb(tmp) * 1024} KB free, ${need * 1024} KB needed); use -X to expand /tmp.\n`);
    return false;
  }
  const name = tmp.lv.name;
  updateState(ctx.root, (lpar) => {
    for (const vg of lpar.vgs) {
      const lv = vg.lvs.find((l) => l.name === name);
      if (lv) lv.lps += Math.ceil((need - freeMb(tmp)) / vg.ppSizeMb);
    }
  });
  ctx.out.write(`\nExpanding /tmp.\n`);
  return true;
}

/**
 * The free space of the file system that holds a file image, and the file size limit, stop
 * the write part of the way in, in proportion: images are scaled down (settings.bytesPerMb),
 * the limits are in the LPAR's MB.
 */
function roomLimit(pl: Plan, imageMb: number, payloadBytes: number): Limit | undefined {
  if (pl.target.startsWith('/dev/') || imageMb === 0) return undefined;
  const fs = fsOf(pl.lpar, dirname(pl.file));
  const free = fs ? freeMb(fs) : Infinity;
  const blocks = pl.lpar.limits?.fsizeBlocks ?? null;
  const fsizeMb = blocks === null ? Infinity : (blocks * 512) / (1024 * 1024);
  if (imageMb <= free && imageMb <= fsizeMb) return undefined;
  const kind = fsizeMb < free ? 'fsize' : 'fs-full';
  return { kind, afterBytes: Math.floor((payloadBytes * Math.min(free, fsizeMb)) / imageMb) };
}

const dots = (n: number): string => '.'.repeat(Math.min(30, Math.floor(n / 2000)));

async function run(ctx: Ctx, prog: Prog): Promise<number> {
  const pl = plan(ctx, prog);
  if (typeof pl === 'number') return pl;
  const { p, vg, lpar } = pl;
  const now = new Date(Date.now() + (lpar.settings.clockOffsetSec ?? 0) * 1000);
  const sel = selection(ctx, pl);
  if (typeof sel === 'number') return sel;
  const included = new Set(mountedFs(vg, sel).map((lv) => lv.name));
  const perLv = new Map<string, number>();
  for (const lv of vg.lvs) {
    if (!included.has(lv.name)) continue;
    const one: VolumeGroup = { ...vg, lvs: [lv] };
    perLv.set(lv.name, countFiles(one, { ...sel, excludedMounts: new Set() }) - (lv.fs?.unreadable.length ?? 0));
  }
  const pp = vg.ppSizeMb;
  const lvs: ImageLv[] = vg.lvs.map((lv) => ({
    name: lv.name,
    type: lv.type,
    lps: lv.lps,
    pps: lv.lps * lv.copies,
    pvs: Object.keys(lv.alloc).length,
    state: lvStateText(lv.open),
    mount: lv.mount,
    files: perLv.get(lv.name) ?? 0,
    usedMb: included.has(lv.name) ? (lv.fs?.usedMb ?? 0) : 0,
    minLps: lv.fs ? Math.max(1, Math.ceil(lv.fs.usedMb / pp)) : lv.lps,
  }));
  const dataMb = lvs.reduce((n, lv) => n + lv.usedMb, 0);
  const structMb = vg.lvs.filter((lv) => !lv.fs && lv.type !== 'paging').reduce((n, lv) => n + lv.lps * lv.copies * pp, 0);
  const vgDataOnly = has(p, 'r');
  const base = {
    format: 'AIXSIM-VGBACKUP' as const,
    version: 1 as const,
    command: prog,
    vg: vg.name,
    ppSizeMb: pp,
    date: aixDate(now),
    uname: unameInfo(lpar),
    oslevel: lpar.oslevel.vrmf,
    ml: lpar.oslevel.ml,
    sp: lpar.oslevel.sp,
    backupSizeMb: vg.lvs.reduce((n, lv) => n + lv.lps * lv.copies * pp, 0),
    shrinkSizeMb: dataMb + structMb,
    vgDataOnly,
    lvs,
    sourceDisks: vg.disks.map((name) => {
      const d = lpar.disks.find((x) => x.name === name);
      return { name, pvid: d?.pvid ?? null, sizeMb: d?.sizeMb ?? 0 };
    }),
  };
  const meta = metadata(ctx, pl, now, base);
  if (typeof meta === 'number') return meta;
  const dataFiles = vgDataOnly ? 0 : countFiles(vg, sel);
  const total = meta.length + dataFiles;
  const archived = meta.length + [...perLv.values()].reduce((a, b) => a + b, 0);
  const header: ImageHeader = { ...base, members: archived, payloadBytes: vgDataOnly ? 0 : Math.round(dataMb * lpar.settings.bytesPerMb) };

  if (vgDataOnly) ctx.out.write('\nBacking up user Volume Group information files only.\nCreating list of files to back up.\n');
  else if (prog === 'mksysb') ctx.out.write('\nCreating list of files to back up \n.\n');
  else ctx.out.write('\nCreating list of files to back up.\n.\n');
  const verbose = has(p, 'v');
  ctx.out.write(`Backing up ${total} files${verbose ? '\n' : ''}`);

  if (!workSpace(ctx, pl)) {
    ctx.out.flush();
    cleanupMsg(ctx, COMPLETED_WITH_ERRORS(prog));
    return FAILED;
  }
  const f = fault(ctx, 'kill') ?? fault(ctx, 'fs-full') ?? fault(ctx, 'early-stop');
  const limit: Limit | undefined = f ? { kind: f.kind as Limit['kind'], afterBytes: f.afterBytes ?? 0 } : roomLimit(pl, vgDataOnly ? 0 : dataMb, header.payloadBytes);
  const w = ImageWriter.open(pl.file, limit);
  let unreadable = 0;
  try {
    w.header(header);
    for (const m of meta) {
      w.meta(m.path, m.content);
      if (verbose) ctx.out.bulk(`a ${String(Buffer.byteLength(m.content)).padStart(12)} ${m.path}\n`);
    }
    if (!vgDataOnly) {
      for (const file of vgFiles(vg, sel)) {
        if (file.unreadable) {
          // The backup command's complaint; mksysb then reports 0512-003 and exits 0.
          ctx.err.write(`backup: Cannot open ${file.path}: The file access permissions do not allow the specified action.\n`);
          unreadable++;
          continue;
        }
        w.file(file.path, file.size);
        // Verbose lines mirror restore's `x size path` form with `a` for archived [inferred].
        if (verbose) ctx.out.bulk(`a ${String(file.size).padStart(12)} ${file.path}\n`);
      }
    }
    ctx.out.flush();
    const slow = fault(ctx, 'slow');
    if (slow?.ms) await sleep(slow.ms);
    w.writePayload(header.payloadBytes);
    w.close();
  } catch (e) {
    if (!(e instanceof WriteLimit)) throw e;
    w.abandon();
    ctx.out.flush();
    if (e.kind === 'kill') ctx.die();
    // A backup that ended early and still exited 0, with no result message: nothing but the
    // image read back can tell (issue seen as "stopped early with rc 0", no transcript known).
    if (e.kind === 'early-stop') {
      ctx.out.write('\n');
      return 0;
    }
    // Gap: the exact write error texts of backup are not in the reference; these are the AIX
    // strerror texts of ENOSPC and EFBIG.
    const why = e.kind === 'fsize' ? 'A file cannot be larger than the value set by ulimit.' : 'There is not enough space in the file system.';
    ctx.err.write(`backup: write error on ${pl.target}: ${why}\n`);
    cleanupMsg(ctx, COMPLETED_WITH_ERRORS(prog));
    return FAILED;
  }
  if (!verbose) ctx.out.write(dots(total));
  const done = total - unreadable;
  const words = prog === 'mksysb' ? 'files backed up' : 'files';
  ctx.out.write(`\n\n${done} of ${total} ${words} (${Math.floor((done * 100) / total)}%)\n`);
  // Backup log (lsmksysb -B): device;command;date;shrink MB;full MB;level. The real file is an
  // alog; plain lines are enough for -B.
  const log = lparPath(ctx.root, '/var/adm/ras/vgbackuplog');
  mkdirSync(dirname(log), { recursive: true });
  appendFileSync(log, `${pl.target};${prog} ${ctx.argv.join(' ')};${header.date};${header.shrinkSizeMb};${header.backupSizeMb};${header.ml}\n`);
  if (unreadable) {
    ctx.out.write(`0512-003 ${prog} may not have been able to archive some files.\nThe messages displayed on the Standard Error contained additional\ninformation.\n`);
  } else {
    ctx.out.write(`0512-038 ${prog}: Backup Completed Successfully.\n`);
  }
  return 0;
}

export const mksysb = (ctx: Ctx): Promise<number> => run(ctx, 'mksysb');
export const savevg = (ctx: Ctx): Promise<number> => run(ctx, 'savevg');
