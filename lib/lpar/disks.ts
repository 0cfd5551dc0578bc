// The disks and volume groups a restore reads and aims at, as typed values: which VG each disk
// belongs to (lspv), which VGs are defined and which are varied on (lsvg, lsvg -o), how big the
// target disks are (bootinfo -s), whose header says Oracle ASM owns them (lquerypv), and the
// target-disk options turned into disk names.
import { parseDiskSizeMb } from '../aix/parse/bootinfo';
import { bootDisks, parseBootlist } from '../aix/parse/bootlist';
import { hasAsmLabel, parseHexDump } from '../aix/parse/lquerypv';
import { parsePvList, type PhysicalVolume } from '../aix/parse/lspv';
import { parseVgList } from '../aix/parse/lsvg';
import type { Io } from '../engine/io';
import { fail, ok, type Result } from '../result';

export interface DiskLayout {
  pvs: PhysicalVolume[];
  /** Every defined volume group, varied on or not. */
  defined: string[];
  /** The varied-on volume groups. */
  active: string[];
}

const DISK_NAME = /^hdisk\d+$/;

/**
 * Target disks as users write them: a list, or one string with commas or spaces between the
 * disks, each with or without `/dev/` (IBM's examples use `/dev/hdisk1`). Returns `hdiskN`
 * names, each once, in the order given.
 */
export function parseDiskNames(option: string, given: readonly string[]): Result<string[]> {
  const words = given.flatMap((g) => g.split(/[\s,]+/)).filter((w) => w !== '');
  const disks: string[] = [];
  const bad: string[] = [];
  for (const word of words) {
    const name = word.startsWith('/dev/') ? word.slice('/dev/'.length) : word;
    if (!DISK_NAME.test(name)) bad.push(word);
    else if (!disks.includes(name)) disks.push(name);
  }
  if (bad.length > 0) {
    return fail(`${option}: ${bad.map((b) => JSON.stringify(b)).join(', ')} ${bad.length === 1 ? 'is not a disk name' : 'are not disk names'}; give physical volumes as hdiskN or /dev/hdiskN (several as a list, or separated by commas or spaces), e.g. ${option}: hdisk2.`);
  }
  return ok(disks);
}

export async function readLayout(io: Io): Promise<Result<DiskLayout>> {
  const lspv = await io.run('lspv', []);
  if (lspv.rc !== 0) return fail(`Cannot list the disks: lspv exited with ${lspv.rc}: ${lspv.stderr.trim()}`);
  const pvs = parsePvList(lspv.stdout);
  if (!pvs.ok) return fail(`Cannot read the disks: ${pvs.msg}`);
  const defined = await readVgList(io, 'defined');
  if (!defined.ok) return defined;
  const active = await readVgList(io, 'active');
  if (!active.ok) return active;
  return ok({ pvs: pvs.value, defined: defined.value, active: active.value });
}

/** The volume groups defined on the LPAR (`lsvg`), or only the varied-on ones (`lsvg -o`). */
export async function readVgList(io: Io, which: 'defined' | 'active'): Promise<Result<string[]>> {
  const args = which === 'active' ? ['-o'] : [];
  const run = await io.run('lsvg', args);
  if (run.rc !== 0) {
    const what = which === 'active' ? 'active volume groups' : 'volume groups';
    return fail(`Cannot list the ${what}: ${['lsvg', ...args].join(' ')} exited with ${run.rc}: ${run.stderr.trim()}`);
  }
  return ok(parseVgList(run.stdout));
}

/** The disks of the normal bootlist (`bootlist -m normal -o`), in boot order. */
export async function readBootDisks(io: Io): Promise<Result<string[]>> {
  const run = await io.run('bootlist', ['-m', 'normal', '-o']);
  const parsed = parseBootlist(run.stdout);
  if (run.rc !== 0 || !parsed.ok) {
    return fail(`Cannot read the bootlist: bootlist -m normal -o exited with ${run.rc}: ${parsed.ok ? run.stderr.trim() : parsed.msg}`);
  }
  return ok(bootDisks(parsed.value));
}

/**
 * The refusal of a restore that would write a data volume group over a disk the bootlist names,
 * or null. A disk lspv shows free can still hold the boot image of an exported alternate rootvg.
 */
export function bootDiskRefusal(option: string, layout: DiskLayout, boot: readonly string[], targets: readonly string[], what: string): string | null {
  const named = targets.filter((d) => boot.includes(d));
  if (named.length === 0) return null;
  const root = disksOfVg(layout, 'rootvg');
  return `${option}: the bootlist (bootlist -m normal -o: ${boot.join(' ')}) names ${named.join(', ')}: ${what} there, and the next boot would find no boot image on ${named.length === 1 ? 'it' : 'them'}, so nothing was run. Choose other disks, or point the bootlist at rootvg's disks first: bootlist -m normal ${root.join(' ') || 'hdiskN'}.`;
}

/** Sizes in MB of the given disks, in their order. */
export async function readDiskSizes(io: Io, disks: readonly string[]): Promise<Result<Map<string, number>>> {
  const sizes = new Map<string, number>();
  for (const disk of disks) {
    const run = await io.run('bootinfo', ['-s', disk]);
    const size = parseDiskSizeMb(run.stdout);
    if (run.rc !== 0 || !size.ok) {
      return fail(`Cannot read the size of ${disk}: bootinfo -s exited with ${run.rc}${size.ok ? '' : `: ${size.msg}`}`);
    }
    sizes.set(disk, size.value);
  }
  return ok(sizes);
}

/**
 * The target disks whose header carries an Oracle ASM label. lspv shows an ASM disk as free
 * (`none None`): only its first bytes tell that a database owns it. The first 256 bytes hold
 * ASM's provider string (ORCLDISK, at 0x20) and the place LVM keeps the PVID (0x80).
 */
export async function readAsmDisks(io: Io, disks: readonly string[]): Promise<Result<string[]>> {
  const asm: string[] = [];
  for (const disk of disks) {
    const run = await io.run('lquerypv', ['-h', `/dev/${disk}`, '0', '100']);
    const dump = run.rc === 0 ? parseHexDump(run.stdout) : null;
    if (dump === null || !dump.ok) {
      const why = dump === null ? `exited with ${run.rc}: ${run.stderr.trim() || run.stdout.trim()}` : dump.msg;
      return fail(`Cannot read the header of ${disk} (lquerypv -h /dev/${disk} 0 100 ${why}); nothing was run: a restore must not write over a disk whose header it cannot check.`);
    }
    if (hasAsmLabel(dump.value)) asm.push(disk);
  }
  return ok(asm);
}

/** The refusal of target disks that Oracle ASM owns, or null. */
export function asmRefusal(option: string, asm: readonly string[]): string | null {
  if (asm.length === 0) return null;
  const them = asm.length === 1 ? `${asm[0]} carries` : `${asm.join(', ')} carry`;
  return `${option}: ${them} an Oracle ASM disk header (lquerypv -h /dev/${asm[0]} shows ORCLDISK): a database's ASM disk group most likely uses ${asm.length === 1 ? 'it' : 'them'}, although lspv shows no volume group (none None). A restore would destroy that data, so nothing was run. Choose other disks; reuse ${asm.length === 1 ? 'this one' : 'these'} only once the DBA has dropped ${asm.length === 1 ? 'it' : 'them'} from ASM and cleared the header.`;
}

/** The refusal of restvg target disks without a PVID (lspv shows none), or null. */
export function pvidRefusal(option: string, layout: DiskLayout, disks: readonly string[]): string | null {
  const none = disks.filter((d) => pvOf(layout, d)?.pvid === null);
  if (none.length === 0) return null;
  const fix = none.map((d) => `chdev -l ${d} -a pv=yes`).join('; ');
  return `${option}: ${none.join(', ')} ${none.length === 1 ? 'has' : 'have'} no PVID (lspv shows none), and restvg needs one on every target disk; nothing was run. Give ${none.length === 1 ? 'it one' : 'each one'} (${fix}), then run the task again.`;
}

function pvOf(layout: DiskLayout, disk: string): PhysicalVolume | undefined {
  return layout.pvs.find((pv) => pv.disk === disk);
}

export function disksOfVg(layout: DiskLayout, vg: string): string[] {
  return layout.pvs.filter((pv) => pv.vg === vg).map((pv) => pv.disk);
}

/** Target disks that do not exist, or that belong to a VG (other than those in `ignoring`). */
export function unusableDisks(layout: DiskLayout, disks: readonly string[], ignoring: readonly string[] = []): string | null {
  const missing = disks.filter((d) => pvOf(layout, d) === undefined);
  if (missing.length > 0) {
    return `${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist on this LPAR (lspv lists ${layout.pvs.map((p) => p.disk).join(', ') || 'no disks'}); check the disk names, or run cfgmgr if the disk was just added`;
  }
  const locked = disks.filter((d) => pvOf(layout, d)?.locked === true);
  if (locked.length > 0) {
    return `${locked.join(', ')} ${locked.length === 1 ? 'is' : 'are'} locked with lkdev (lspv shows locked), so nothing was run; unlock a disk that may be overwritten with lkdev -l ${locked[0]} -d, or choose another`;
  }
  const taken = disks
    .map((d) => pvOf(layout, d) as PhysicalVolume)
    .filter((pv) => pv.vg !== null && !ignoring.includes(pv.vg));
  if (taken.length === 0) return null;
  const each = taken.map((pv) => `${pv.disk} belongs to volume group ${pv.vg} (${pv.state ?? 'varied off'})`);
  return `${each.join('; ')}: a restore destroys what is on its target disks, so nothing was run. Choose disks that belong to no volume group (lspv shows None)`;
}

/** One line per disk, for before/after diffs. */
export function describeLayout(pvs: readonly PhysicalVolume[]): string {
  return pvs.map((pv) => `${pv.disk}: ${pv.vg === null ? 'free' : `${pv.vg} (${pv.state ?? 'varied off'})`}\n`).join('');
}

/** The layout once `disks` belong to `vg` in `state` (and the disks of `freed` are free). */
export function layoutAfter(
  layout: DiskLayout,
  disks: readonly string[],
  vg: string,
  state: PhysicalVolume['state'],
  freed: string | null = null,
): PhysicalVolume[] {
  return layout.pvs.map((pv) => {
    if (disks.includes(pv.disk)) return { ...pv, vg, state };
    if (freed !== null && pv.vg === freed) return { ...pv, vg: null, state: null };
    return pv;
  });
}

export function totalMb(sizes: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const mb of sizes.values()) sum += mb;
  return sum;
}
