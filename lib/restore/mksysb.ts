// action: restore, type: mksysb. The desired state: altinst_rootvg holds the system backup on
// exactly the target disks. alt_disk_mksysb runs only when it does not, on disks that exist,
// belong to no volume group and are big enough. An altinst_rootvg elsewhere is removed only
// with force, and so is one made from another image than the one asked for (the module records
// which image it installed). The bootlist never names a disk left without a bootable rootvg.
// `phase` splits the install: phases 2 and 3 continue one begun with phase 1, whose
// altinst_rootvg stays varied on until phase 3 varies it off.
import { parsePvList, type PhysicalVolume } from '../aix/parse/lspv';
import type { Io } from '../engine/io';
import type { CommandLine, Decision, Executors, OpOf, Planner, Step } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { AltDiskRecords, describeIdentity, identityOf, originOf, type AltDiskRecord, type ImageIdentity, type Origin } from './alt-disk-record';
import { asmRefusal, describeLayout, disksOfVg, layoutAfter, parseDiskNames, readAsmDisks, readBootDisks, readDiskSizes, readLayout, totalMb, unusableDisks, type DiskLayout } from '../lpar/disks';
import { altDiskMksysbFlags } from '../backup/options/flag-tables';
import { readImage, type ImageState } from '../image/reader';
import { ImageStore } from '../image/records';
import { resolveLocation, type Location } from '../image/location';
import type { BackupParams } from '../backup/options/params';
import { imageReport } from '../image/report';
import { fullReadStep, hasUserFlag, managedFlags, restoreExecutors, restoreGuard, rootvgSavevgRefusal, unusableImage, type RestoreOps } from './common';
import { checkUserFlags } from '../backup/options/user-flags';
import { isoTime } from '../iso-time';

const ALT_VG = 'altinst_rootvg';

export interface AltDiskJob {
  params: BackupParams;
  location: Location;
  disks: string[];
  userFlags: string[];
}

interface AltDiskState {
  image: ImageState;
  layout: DiskLayout;
  /** Disks of `bootlist -m normal -o`, in boot order. */
  boot: string[];
  /** Sizes of the target disks, read only when a new install would run. */
  sizes: Result<Map<string, number>> | null;
  /** Target disks with an Oracle ASM header, read only when a new install would run. */
  asm: Result<string[]> | null;
  /** Which image the module last installed as altinst_rootvg, and on which disks. */
  record: AltDiskRecord | null;
}

/** The operations of an install besides those of every restore: the record of which image it was. */
type AltDiskOps = RestoreOps & {
  /** Removes the record of the altinst_rootvg that alt_rootvg_op -X removed. */
  'forget-alt-record': { runs: readonly [] };
  /** Records which image the new altinst_rootvg holds, with the PVIDs lspv shows its disks have now. */
  'record-alt-disk': { runs: readonly [CommandLine]; disks: string[]; image: ImageIdentity };
};

interface AltDiskKinds {
  ops: AltDiskOps;
  undos: Record<never, never>;
  produced: Record<never, never>;
  /** The bootlist read with the lock held, before the install: with bootlist: false it must stay so. */
  expect: { bootBefore: string[] };
}

type AltStep = Step<OpOf<AltDiskOps>>;

/** What the disks hold of an altinst_rootvg. */
type Alt =
  | { kind: 'none' }
  | { kind: 'here'; finished: boolean }
  | { kind: 'elsewhere'; disks: string[] };

/** Input checks made before any command runs. */
export function prepareAltDisk(params: BackupParams, io: Io): Result<AltDiskJob> {
  const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
  if (!loc.ok) return loc;
  const disks = parseDiskNames('disk', params.disk ?? []);
  if (!disks.ok) return disks;
  if (disks.value.length === 0) {
    return { ok: false, msg: 'disk: action restore with type mksysb needs the target disks of alt_disk_mksysb, e.g. disk: hdisk2 (or a list); they must belong to no volume group.' };
  }
  const flags = checkUserFlags('alt_disk_mksysb', params.flags, managedFlags(altDiskMksysbFlags));
  if (!flags.ok) return flags;
  if (hasUserFlag('alt_disk_mksysb', flags.value, '-r')) {
    const why = params.bootlist
      ? '-r cannot be combined with bootlist: true'
      : 'alt_disk_mksysb rejects -r together with -B, which bootlist: false sets';
    return {
      ok: false,
      msg: `flags: ${why}. -r also reboots the LPAR from the new disks the moment the install ends, before this task can check and report it. Remove -r, keep bootlist: true (the default) so the new disks boot first, and reboot in a later task (ansible.builtin.reboot).`,
    };
  }
  return { ok: true, value: { params, location: loc.value, disks: disks.value, userFlags: flags.value } };
}

export function altDiskPlanner(job: AltDiskJob, io: Io): Planner<AltDiskState, AltDiskKinds> {
  const store = new ImageStore(io.stateDir);
  const records = new AltDiskRecords(io.stateDir);
  const { params, location, disks } = job;
  const phase = params.phase ?? 'all';
  /** Phases 2 and 3 work on the altinst_rootvg that phase 1 made. */
  const continues = phase === '2' || phase === '23' || phase === '3';
  /** Phase 3 ends the install: altinst_rootvg varied off, the bootlist set. */
  const finishes = phase === 'all' || phase === '3' || phase === '23';
  /** Phase 1 makes a new altinst_rootvg from the image. */
  const creates = !continues;
  const list = disks.join(', ');

  const altOf = (layout: DiskLayout): Alt => {
    if (!layout.defined.includes(ALT_VG) && disksOfVg(layout, ALT_VG).length === 0) return { kind: 'none' };
    const on = disksOfVg(layout, ALT_VG);
    if (sameSet(on, disks)) return { kind: 'here', finished: !layout.active.includes(ALT_VG) };
    return { kind: 'elsewhere', disks: on };
  };

  return {
    async read() {
      const image = await readImage(io, location, store);
      const layout = await readLayout(io);
      if (!layout.ok) return layout;
      const read = await readBootDisks(io);
      if (!read.ok) return read;
      const boot = read.value;
      const state: AltDiskState = { image, layout: layout.value, boot, sizes: null, asm: null, record: records.read() };
      if (needsDiskChecks(state)) {
        state.asm = await readAsmDisks(io, disks);
        state.sizes = await readDiskSizes(io, disks);
      }
      return ok(state);
    },

    decide(state): Decision<AltDiskKinds> {
      const { image, layout } = state;
      if (!image.present || !image.complete) return { kind: 'refuse', msg: unusableImage(location, image) };
      if (image.kind !== 'mksysb') {
        if (image.info.volumeGroup === 'rootvg') return { kind: 'refuse', msg: rootvgSavevgRefusal(location) };
        return {
          kind: 'refuse',
          msg: `${location.given} holds a savevg image of ${image.info.volumeGroup}, not a mksysb (system backup of rootvg); alt_disk_mksysb installs only mksysb images, so nothing was run. Restore it with type: savevg and name: (restvg).`,
        };
      }
      const alt = altOf(layout);
      const asked = identityOf(location.given, image.info);
      const origin = alt.kind === 'here' ? originOf(state.record, disks, layout.pvs, asked) : ({ kind: 'unknown' } as const);
      if (continues) {
        const refusal = continueRefusal(alt, origin, asked);
        if (refusal !== null) return { kind: 'refuse', msg: refusal };
        // Varied off, altinst_rootvg shows that phase 3 has run: nothing is left to continue.
        if (alt.kind === 'here' && alt.finished) return { kind: 'met', msg: `${ALT_VG} is already on ${list} (installed and varied off); nothing to do.` };
      }
      const existing = creates ? existingAlt(alt, origin, asked) : { remove: false };
      if ('kind' in existing) return existing;
      const remove = existing.remove;
      const removed = alt.kind === 'elsewhere' ? alt.disks : disks;
      // Phases 2 and 3 finish the disks phase 1 wrote; a new install writes over its targets,
      // and a removal empties the disks of the altinst_rootvg removed.
      const overwritten = continues ? [] : [...new Set([...(remove ? removed : []), ...disks])];
      const repoint = bootGuard(state, overwritten, remove);
      if (!repoint.ok) return { kind: 'refuse', msg: repoint.msg };
      const taken = unusableDisks(layout, disks, remove || continues ? [ALT_VG] : []);
      if (taken !== null) return { kind: 'refuse', msg: `disk: ${taken}.` };
      if (state.asm !== null && !state.asm.ok) return { kind: 'refuse', msg: state.asm.msg };
      const owned = asmRefusal('disk', state.asm?.value ?? []);
      if (owned !== null) return { kind: 'refuse', msg: owned };
      const small = continues ? null : tooSmall(state);
      if (small !== null) return { kind: 'refuse', msg: small };

      const steps: AltStep[] = [fullReadStep(location, { kind: 'mksysb', vg: image.info.volumeGroup })];
      if (repoint.disks !== null) steps.push(repointStep(repoint.disks, repoint.named));
      if (remove) steps.push(...removeSteps(removed));
      steps.push(installStep());
      if (creates) steps.push(recordStep(asked));
      const why = remove ? removalReason(alt, origin) : '';
      const bootAfter = finishes && params.bootlist ? disks : repoint.disks ?? state.boot;
      return {
        kind: 'act',
        msg: `Installed the mksysb ${location.given} on ${list} as ${ALT_VG}${phase === 'all' ? '' : ` (phase ${phase})`}${why}; ${bootNote(repoint.disks)}`,
        steps,
        expect: { bootBefore: state.boot },
        diff: {
          before: `${describeLayout(layout.pvs)}bootlist: ${state.boot.join(' ')}\n`,
          after: `${describeLayout(planned(layout, remove))}bootlist: ${bootAfter.join(' ')}\n`,
          before_header: 'disks and bootlist before',
          after_header: 'disks and bootlist after',
        },
      };
    },

    executors: { ...restoreExecutors, 'forget-alt-record': forgetAltRecord, 'record-alt-disk': recordAltDisk },
    undoers: {},

    verify({ layout, boot }, { bootBefore }) {
      const alt = altOf(layout);
      if (alt.kind !== 'here') return fail(alt.kind === 'none' ? `no ${ALT_VG} is defined` : `${ALT_VG} is on ${alt.disks.join(', ')}, not on ${list}`);
      const unbootable = boot.filter((d) => !bootable(layout, d));
      if (unbootable.length > 0) {
        return fail(`the bootlist (${boot.join(' ')}) names ${unbootable.join(', ')}, which ${unbootable.length === 1 ? 'holds' : 'hold'} no bootable rootvg; point it at rootvg's disks: bootlist -m normal ${disksOfVg(layout, 'rootvg').join(' ')}`);
      }
      if (!finishes) return ok(null);
      if (!alt.finished) return fail(`${ALT_VG} is still varied on: the install did not finish`);
      if (params.bootlist && !boot.some((d) => disks.includes(d))) return fail(`the bootlist (${boot.join(' ') || 'empty'}) does not name the new disks ${list}`);
      if (!params.bootlist && !sameList(boot, bootBefore)) return fail(`the bootlist changed from ${bootBefore.join(' ')} to ${boot.join(' ')} although bootlist: false`);
      // The install step ran and the state read back is final: the one place that knows the
      // disks the next boot will use.
      if (params.bootlist) io.warnings.push(nextBootWarning(boot, layout));
      return ok(null);
    },

    guard: () => restoreGuard(io, params.lock_timeout, { kind: 'system' }),

    report(state) {
      if (state === null) return { backup: null };
      const on = disksOfVg(state.layout, ALT_VG);
      return {
        volume_group: ALT_VG,
        disks: sameSet(on, disks) ? on : disks,
        bootlist: state.boot,
        backup: imageReport(location.given, state.image),
      };
    },
  };

  function bootNote(repointed: string[] | null): string {
    const first = repointed === null ? '' : `the bootlist was first pointed at rootvg's disks ${repointed.join(', ')}, then `;
    if (!finishes) return `${first}the bootlist is set by phase 3${repointed === null ? '' : ` (until then the next boot uses ${repointed.join(', ')})`}`;
    return params.bootlist ? `${first}alt_disk_mksysb set the bootlist to ${list}: the next boot uses the new ${ALT_VG}` : 'the bootlist was left as it was (bootlist: false)';
  }

  /**
   * What to do with an altinst_rootvg already there before a new install: nothing more (met),
   * refuse, or remove it first (force). One on the target disks made from the image asked for is
   * the desired state; one made from another image is out of date.
   */
  function existingAlt(alt: Alt, origin: Origin, asked: ImageIdentity): Decision | { remove: boolean } {
    const again = `alt_disk_mksysb cannot make a second one, so nothing was run. Remove it first with alt_rootvg_op -X ${ALT_VG} (it destroys that alternate rootvg), or set force: true to have this task remove it.`;
    if (alt.kind === 'none') return { remove: false };
    if (alt.kind === 'elsewhere') {
      return params.force ? { remove: true } : { kind: 'refuse', msg: `${ALT_VG} already exists on ${alt.disks.join(', ') || 'no disk'}; ${again}` };
    }
    // Varied on, altinst_rootvg shows that phase 1 ran; whether phase 2 did cannot be told from
    // the disks, so phase 12 counts as done and phase 2 runs again (it only rewrites the
    // alternate disks).
    const done = alt.finished || phase === '1' || phase === '12';
    if (!done) {
      return params.force
        ? { remove: true }
        : { kind: 'refuse', msg: `${ALT_VG} on ${list} is varied on: an install begun with phase: 1 has not finished (phase: 23 finishes it); ${again}` };
    }
    const how = alt.finished ? 'installed and varied off' : 'varied on: phase 1 has run; phase: 23 finishes the install';
    if (origin.kind === 'same') {
      return { kind: 'met', msg: `${ALT_VG} is already on ${list} (${how}), installed from ${describeIdentity(origin.recorded)}; nothing to do.` };
    }
    if (params.force) return { remove: true };
    if (origin.kind === 'other') return { kind: 'refuse', msg: outOfDate(origin, asked) };
    return {
      kind: 'met',
      msg: `${ALT_VG} is already on ${list} (${how}); which image it was made from is not known (this module did not install it, or installed it before it kept records), so nothing was done. To reinstall it from ${location.given}, set force: true.`,
    };
  }

  /** Why phases 2 and 3 cannot go on, or null when they can. */
  function continueRefusal(alt: Alt, origin: Origin, asked: ImageIdentity): string | null {
    if (alt.kind !== 'here') {
      const where = alt.kind === 'none' ? `no ${ALT_VG} is defined` : `${ALT_VG} is on ${alt.disks.join(', ') || 'no disk'}, not on ${list}`;
      return `phase: ${phase} continues an install begun with phase: 1 on the same disks, but ${where}; nothing was run. Run phase: 1 (or all) on disk: ${list} first.`;
    }
    if (origin.kind !== 'other' || alt.finished) return null;
    return `phase: ${phase} continues the install that phase: 1 began from ${describeIdentity(origin.recorded)}, but location asks for ${describeIdentity(asked)}; nothing was run. Continue with the location phase 1 used, or install the new image afresh with phase: all and force: true.`;
  }

  function outOfDate(origin: Extract<Origin, { kind: 'other' }>, asked: ImageIdentity): string {
    const what = origin.newer ? 'a newer image' : 'a different image';
    const boot = params.bootlist ? '' : ' (with bootlist: false, first point the bootlist away from these disks if it names them: bootlist -m normal <rootvg disks>)';
    return `${ALT_VG} on ${list} was installed from ${describeIdentity(origin.recorded)}, and location asks for ${describeIdentity(asked)}, ${what}: the alternate disk is out of date, and nothing was run. To refresh it, set force: true: the module then removes that ${ALT_VG} (alt_rootvg_op -X ${ALT_VG}) and installs the image asked for${boot}.`;
  }

  function removalReason(alt: Alt, origin: Origin): string {
    if (alt.kind === 'elsewhere') return `, after removing the ${ALT_VG} that was on ${alt.disks.join(', ')} (force)`;
    if (origin.kind === 'other') return `, after removing the out-of-date ${ALT_VG} made from ${describeIdentity(origin.recorded)} (force)`;
    if (alt.kind === 'here' && !alt.finished) return `, after removing the unfinished ${ALT_VG} that was on ${list} (force)`;
    return `, after removing the ${ALT_VG} of unknown origin that was on ${list} (force)`;
  }

  /**
   * Removing an altinst_rootvg the bootlist names, or installing over a disk it names (a free
   * disk can still hold the boot image of an exported alternate rootvg), leaves the LPAR unable
   * to boot from it until the install has finished, and for good if the install fails. With
   * bootlist: true the module manages the bootlist, so it first points it at the running
   * rootvg's disks; with bootlist: false it may not touch it, and refuses.
   */
  function bootGuard(
    state: AltDiskState,
    overwritten: readonly string[],
    remove: boolean,
  ): { ok: true; disks: string[]; named: string[] } | { ok: true; disks: null } | { ok: false; msg: string } {
    const named = state.boot.filter((d) => overwritten.includes(d));
    if (named.length === 0) return { ok: true, disks: null };
    const them = named.join(', ');
    const what = `${them}, which this task would ${remove ? `empty (alt_rootvg_op -X ${ALT_VG}) and ` : ''}install over`;
    const rootDisks = disksOfVg(state.layout, 'rootvg');
    if (rootDisks.length === 0) {
      return { ok: false, msg: `The bootlist names ${what}, and lspv shows no disk of rootvg to point it at instead; nothing was run.` };
    }
    if (params.bootlist) return { ok: true, disks: rootDisks, named };
    return {
      ok: false,
      msg: `The bootlist (bootlist -m normal -o: ${state.boot.join(' ')}) names ${what}: until the install finished, and for good if it failed, the next boot would find no boot image there, so nothing was run. Either set bootlist: true (the module then points the bootlist at rootvg's disks ${rootDisks.join(', ')} before it writes over ${them}, and alt_disk_mksysb points it at ${list} once the install is done), or point it at rootvg yourself first: bootlist -m normal ${rootDisks.join(' ')}.`,
    };
  }

  function nextBootWarning(boot: readonly string[], layout: DiskLayout): string {
    const root = disksOfVg(layout, 'rootvg');
    return `bootlist: true: alt_disk_mksysb pointed the bootlist at ${boot.join(', ')}, so the next boot uses the new ${ALT_VG} on ${boot.join(', ')}, not the running rootvg on ${root.join(', ')}. ibm.power_aix.backup left the bootlist alone by default; set bootlist: false to keep booting rootvg.`;
  }

  /** A fresh install would run: the image is a mksysb and the target disks exist and are free. */
  function needsDiskChecks({ image, layout }: AltDiskState): boolean {
    if (continues || !image.present || !image.complete || image.kind !== 'mksysb') return false;
    return unusableDisks(layout, disks, params.force ? [ALT_VG] : []) === null;
  }

  /**
   * The disks must hold rootvg's logical volumes as the image records them (BACKUP SIZE). An
   * image.data of the user's own (data_file) sets other sizes, and -S tells alt_disk_mksysb to
   * skip its own size check: both leave the decision to the command.
   */
  function tooSmall({ image, sizes }: AltDiskState): string | null {
    if (sizes === null) return null;
    if (!sizes.ok) return sizes.msg;
    if (params.data_file !== undefined || hasUserFlag('alt_disk_mksysb', job.userFlags, '-S')) return null;
    const need = image.present ? image.info?.sizeMb ?? null : null;
    const have = totalMb(sizes.value);
    if (need === null || have >= need) return null;
    const each = disks.map((d) => `${d} ${sizes.value.get(d)} MB`).join(', ');
    return `disk: the target disks are too small for this mksysb: ${each} (${have} MB in all), and the image needs ${need} MB (BACKUP SIZE); nothing was run. Add disks, or choose bigger ones.`;
  }

  function planned(layout: DiskLayout, remove: boolean): PhysicalVolume[] {
    return layoutAfter(layout, disks, ALT_VG, finishes ? null : 'active', remove ? ALT_VG : null);
  }

  function repointStep(rootDisks: string[], named: readonly string[]): AltStep {
    const until = finishes && params.bootlist ? ` until alt_disk_mksysb points it at ${list}` : '';
    return {
      title: `point the bootlist at rootvg's disks ${rootDisks.join(', ')} before writing over ${named.join(', ')}, which it names`,
      op: {
        kind: 'command',
        runs: [{ command: 'bootlist', args: ['-m', 'normal', ...rootDisks] }],
        failed: `bootlist -m normal ${rootDisks.join(' ')} failed`,
        after: '; nothing was removed.',
        said: `bootlist: pointed the bootlist at rootvg's disks ${rootDisks.join(', ')} before writing over ${named.join(', ')}, which it named: the next boot uses ${rootDisks.join(', ')}${until}.`,
      },
    };
  }

  function removeSteps(on: readonly string[]): AltStep[] {
    return [
      {
        title: `remove the ${ALT_VG} on ${on.join(', ') || 'no disk'} (force)`,
        op: {
          kind: 'command',
          runs: [{ command: 'alt_rootvg_op', args: ['-X', ALT_VG] }],
          failed: `alt_rootvg_op -X ${ALT_VG} failed`,
          said: `force: removed the ${ALT_VG} that was on ${on.join(', ')} before installing on ${list}.`,
        },
      },
      { title: `remove the record of the ${ALT_VG} removed`, op: { kind: 'forget-alt-record', runs: [] } },
    ];
  }

  function installStep(): AltStep {
    const args = [...altDiskMksysbFlags.render({ ...params, location: location.given, disk: disks }), ...job.userFlags];
    return {
      title: `install the mksysb on ${list} as ${ALT_VG}`,
      op: { kind: 'classified', runs: [{ command: 'alt_disk_mksysb', args }], classify: 'alt_disk', failed: `alt_disk_mksysb failed on ${list}`, silent: 'last-lines' },
      main: true,
    };
  }

  function recordStep(image: ImageIdentity): AltStep {
    return { title: `record which image ${list} was installed from, with the PVIDs of the disks`, op: { kind: 'record-alt-disk', runs: [{ command: 'lspv', args: [] }], disks: [...disks], image } };
  }
}

const forgetAltRecord: Executors<AltDiskOps, Record<never, never>>['forget-alt-record'] = (_op, { io }) => {
  new AltDiskRecords(io.stateDir).forget();
  return Promise.resolve(ok({}));
};

/** Never fails the run: the install is done; a record that cannot be written is a warning. */
const recordAltDisk: Executors<AltDiskOps, Record<never, never>>['record-alt-disk'] = async (op, { io }) => {
  const [line] = op.runs;
  const list = op.disks.join(', ');
  const lspv = await io.run(line.command, line.args);
  const pvs = lspv.rc === 0 ? parsePvList(lspv.stdout) : null;
  if (pvs === null || !pvs.ok) return ok({ warnings: [`Could not record which image ${list} was installed from: lspv ${pvs === null ? `exited with ${lspv.rc}` : pvs.msg}.`] });
  const pvids = Object.fromEntries(op.disks.map((d) => [d, pvs.value.find((pv) => pv.disk === d)?.pvid ?? null]));
  const warning = new AltDiskRecords(io.stateDir).save({ disks: [...op.disks], pvids, image: op.image, installedAt: isoTime() });
  return ok(warning === null ? {} : { warnings: [warning] });
};

/** rootvg's disks boot, and so do a finished alternate (altinst_rootvg varied off) and old_rootvg. */
function bootable(layout: DiskLayout, disk: string): boolean {
  const pv = layout.pvs.find((p) => p.disk === disk);
  if (pv === undefined || pv.vg === null) return false;
  if (pv.vg === 'rootvg' || pv.vg === 'old_rootvg') return true;
  return pv.vg === ALT_VG && !layout.active.includes(ALT_VG);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
