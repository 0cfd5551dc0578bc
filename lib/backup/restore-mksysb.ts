// action: restore, type: mksysb. The desired state: altinst_rootvg holds the system backup on
// exactly the target disks. alt_disk_mksysb runs only when it does not, on disks that exist,
// belong to no volume group and are big enough. An altinst_rootvg elsewhere is removed only
// with force. `phase` splits the install: phases 2 and 3 continue one begun with phase 1, whose
// altinst_rootvg stays varied on until phase 3 varies it off.
import { bootDisks, parseBootlist } from '../aix/bootlist';
import type { PhysicalVolume } from '../aix/lspv';
import { runClassified } from './classified-run';
import type { Io } from '../engine/io';
import type { Decision, Planner, Read, Step } from '../engine/plan';
import { describeLayout, disksOfVg, layoutAfter, parseDiskNames, readDiskSizes, readLayout, totalMb, unusableDisks, type DiskLayout, type Parsed } from './disks';
import { altDiskMksysbFlags } from './flag-tables';
import { readImage, type ImageState } from './image-reader';
import { ImageStore } from './image-store';
import { resolveLocation, type Location } from './location';
import type { BackupParams } from './params';
import { imageReport } from './report';
import { fullReadStep, hasUserFlag, managedFlags, restoreGuard, unusableImage } from './restore-common';
import { checkUserFlags } from './user-flags';

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
  sizes: Read<Map<string, number>> | null;
}

/** What the disks hold of an altinst_rootvg. */
type Alt =
  | { kind: 'none' }
  | { kind: 'here'; finished: boolean }
  | { kind: 'elsewhere'; disks: string[] };

/** Input checks made before any command runs. */
export function prepareAltDisk(params: BackupParams, io: Io): Parsed<AltDiskJob> {
  const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
  if (!loc.ok) return { ok: false, error: loc.error };
  const disks = parseDiskNames('disk', params.disk ?? []);
  if (!disks.ok) return disks;
  if (disks.value.length === 0) {
    return { ok: false, error: 'disk: action restore with type mksysb needs the target disks of alt_disk_mksysb, e.g. disk: hdisk2 (or a list); they must belong to no volume group.' };
  }
  const flags = checkUserFlags('alt_disk_mksysb', params.flags, managedFlags(altDiskMksysbFlags));
  if (!flags.ok) return { ok: false, error: flags.error };
  if (hasUserFlag('alt_disk_mksysb', flags.value, '-r')) {
    const why = params.bootlist
      ? '-r cannot be combined with bootlist: true'
      : 'alt_disk_mksysb rejects -r together with -B, which bootlist: false sets';
    return {
      ok: false,
      error: `flags: ${why}. -r also reboots the LPAR from the new disks the moment the install ends, before this task can check and report it. Remove -r, keep bootlist: true (the default) so the new disks boot first, and reboot in a later task (ansible.builtin.reboot).`,
    };
  }
  return { ok: true, value: { params, location: loc.location, disks: disks.value, userFlags: flags.value } };
}

export function altDiskPlanner(job: AltDiskJob, io: Io): Planner<AltDiskState> {
  const store = new ImageStore(io.stateDir);
  const { params, location, disks } = job;
  const phase = params.phase ?? 'all';
  /** Phases 2 and 3 work on the altinst_rootvg that phase 1 made. */
  const continues = phase === '2' || phase === '23' || phase === '3';
  /** Phase 3 ends the install: altinst_rootvg varied off, the bootlist set. */
  const finishes = phase === 'all' || phase === '3' || phase === '23';
  /** The bootlist as first read: with bootlist: false it must stay so. */
  let bootBefore: string[] | null = null;

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
      const run = await io.run('bootlist', ['-m', 'normal', '-o']);
      const parsed = parseBootlist(run.stdout);
      if (run.rc !== 0 || !parsed.ok) {
        return { ok: false, msg: `Cannot read the bootlist: bootlist -m normal -o exited with ${run.rc}: ${parsed.ok ? run.stderr.trim() : parsed.error}` };
      }
      const boot = bootDisks(parsed.value);
      bootBefore ??= boot;
      const state: AltDiskState = { image, layout: layout.state, boot, sizes: null };
      if (needsSizes(state)) state.sizes = await readDiskSizes(io, disks);
      return { ok: true, state };
    },

    decide(state): Decision {
      const { image, layout } = state;
      if (!image.present || !image.complete) return { kind: 'refuse', msg: unusableImage(location, image) };
      if (image.kind !== 'mksysb') {
        return {
          kind: 'refuse',
          msg: `${location.given} holds a savevg image of ${image.info.volumeGroup}, not a mksysb (system backup of rootvg); alt_disk_mksysb installs only mksysb images, so nothing was run. Restore it with type: savevg and name: (restvg).`,
        };
      }
      const alt = altOf(layout);
      const list = disks.join(', ');
      // Varied on, altinst_rootvg shows that phase 1 ran; whether phase 2 did cannot be told
      // from the disks, so phase 12 counts as done and phase 2 runs again (it only rewrites
      // the alternate disks).
      if (alt.kind === 'here' && (alt.finished || phase === '1' || phase === '12')) {
        const how = alt.finished ? 'installed and varied off' : 'varied on: phase 1 has run; phase: 23 finishes the install';
        return { kind: 'met', msg: `${ALT_VG} is already on ${list} (${how}); nothing to do.` };
      }
      if (continues && alt.kind !== 'here') {
        const where = alt.kind === 'none' ? `no ${ALT_VG} is defined` : `${ALT_VG} is on ${alt.disks.join(', ') || 'no disk'}, not on ${list}`;
        return { kind: 'refuse', msg: `phase: ${phase} continues an install begun with phase: 1 on the same disks, but ${where}; nothing was run. Run phase: 1 (or all) on disk: ${list} first.` };
      }
      let remove = false;
      if (alt.kind === 'elsewhere' || (alt.kind === 'here' && !continues)) {
        const what = alt.kind === 'elsewhere'
          ? `${ALT_VG} already exists on ${alt.disks.join(', ') || 'no disk'}`
          : `${ALT_VG} on ${list} is varied on: an install begun with phase: 1 has not finished (phase: 23 finishes it)`;
        if (!params.force) {
          return {
            kind: 'refuse',
            msg: `${what}; alt_disk_mksysb cannot make a second one, so nothing was run. Remove it first with alt_rootvg_op -X ${ALT_VG} (it destroys that alternate rootvg), or set force: true to have this task remove it.`,
          };
        }
        remove = true;
      }
      const taken = unusableDisks(layout, disks, remove || continues ? [ALT_VG] : []);
      if (taken !== null) return { kind: 'refuse', msg: `disk: ${taken}.` };
      const small = continues ? null : tooSmall(state);
      if (small !== null) return { kind: 'refuse', msg: small };

      const steps = [fullReadStep(io, location, { kind: 'mksysb', vg: image.info.volumeGroup }), ...(remove ? [removeStep(alt.kind === 'elsewhere' ? alt.disks : disks), installStep()] : [installStep()])];
      const removed = remove ? `, after removing the ${ALT_VG} that was on ${alt.kind === 'elsewhere' ? alt.disks.join(', ') : list} (force)` : '';
      const bootAfter = finishes && params.bootlist ? disks : state.boot;
      return {
        kind: 'act',
        msg: `Installed the mksysb ${location.given} on ${list} as ${ALT_VG}${phase === 'all' ? '' : ` (phase ${phase})`}${removed}; ${bootNote()}`,
        steps,
        diff: {
          before: `${describeLayout(layout.pvs)}bootlist: ${state.boot.join(' ')}\n`,
          after: `${describeLayout(planned(layout, remove))}bootlist: ${bootAfter.join(' ')}\n`,
          before_header: 'disks and bootlist before',
          after_header: 'disks and bootlist after',
        },
      };
    },

    verify({ layout, boot }) {
      const alt = altOf(layout);
      if (alt.kind !== 'here') {
        return { ok: false, msg: alt.kind === 'none' ? `no ${ALT_VG} is defined` : `${ALT_VG} is on ${alt.disks.join(', ')}, not on ${disks.join(', ')}` };
      }
      if (!finishes) return { ok: true };
      if (!alt.finished) return { ok: false, msg: `${ALT_VG} is still varied on: the install did not finish` };
      if (params.bootlist && !boot.some((d) => disks.includes(d))) {
        return { ok: false, msg: `the bootlist (${boot.join(' ') || 'empty'}) does not name the new disks ${disks.join(', ')}` };
      }
      if (!params.bootlist && bootBefore !== null && !sameList(boot, bootBefore)) {
        return { ok: false, msg: `the bootlist changed from ${bootBefore.join(' ')} to ${boot.join(' ')} although bootlist: false` };
      }
      return { ok: true };
    },

    guard: () => restoreGuard(io, params.lock_timeout),

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

  function bootNote(): string {
    if (!finishes) return 'the bootlist is set by phase 3';
    return params.bootlist ? `alt_disk_mksysb set the bootlist to ${disks.join(', ')}` : 'the bootlist was left as it was (bootlist: false)';
  }

  /** A fresh install would run: the image is a mksysb and the target disks exist and are free. */
  function needsSizes({ image, layout }: AltDiskState): boolean {
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
    const have = totalMb(sizes.state);
    if (need === null || have >= need) return null;
    const each = disks.map((d) => `${d} ${sizes.state.get(d)} MB`).join(', ');
    return `disk: the target disks are too small for this mksysb: ${each} (${have} MB in all), and the image needs ${need} MB (BACKUP SIZE); nothing was run. Add disks, or choose bigger ones.`;
  }

  function planned(layout: DiskLayout, remove: boolean): PhysicalVolume[] {
    return layoutAfter(layout, disks, ALT_VG, finishes ? null : 'active', remove ? ALT_VG : null);
  }

  function removeStep(on: string[]): Step {
    const args = ['-X', ALT_VG];
    return {
      title: `remove the ${ALT_VG} on ${on.join(', ') || 'no disk'} (force)`,
      argv: ['alt_rootvg_op', ...args],
      run: async () => {
        const run = await io.run('alt_rootvg_op', args);
        if (run.rc !== 0) {
          return { ok: false, msg: `alt_rootvg_op -X ${ALT_VG} failed (rc ${run.rc}): ${run.spawnError ?? (run.stderr.trim() || run.stdout.trim())}`, run };
        }
        return { ok: true, run, warnings: [`force: removed the ${ALT_VG} that was on ${on.join(', ')} before installing on ${disks.join(', ')}.`] };
      },
    };
  }

  function installStep(): Step {
    const args = [...altDiskMksysbFlags.render({ ...params, location: location.given, disk: disks }), ...job.userFlags];
    return {
      title: `install the mksysb on ${disks.join(', ')} as ${ALT_VG}`,
      argv: ['alt_disk_mksysb', ...args],
      main: true,
      run: async () => {
        const { run, summary } = await runClassified(io, 'alt_disk_mksysb', args, 'alt_disk');
        if (summary.status === 'failed') {
          return { ok: false, msg: `alt_disk_mksysb failed on ${disks.join(', ')}: ${run.spawnError ?? summary.messages.join(' ')}`, run };
        }
        return { ok: true, run };
      },
    };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
