// action: restore, type: savevg. The desired state: the volume group held by the image exists
// and is varied on. restvg runs only when it does not exist yet, on target disks that exist,
// belong to no volume group and are big enough, and never prompts (-q, stdin closed).
import { readFileSync } from 'node:fs';
import { listValue, parseStanzas, stanzasNamed } from '../aix/parse/stanza';
import type { Io } from '../engine/io';
import type { Decision, OpOf, Planner, Step } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { asmRefusal, bootDiskRefusal, describeLayout, disksOfVg, layoutAfter, parseDiskNames, pvidRefusal, readAsmDisks, readBootDisks, readDiskSizes, readLayout, totalMb, unusableDisks, type DiskLayout } from '../lpar/disks';
import { RESTVG_FIXED, restvgFlags } from '../backup/options/flag-tables';
import { readImage, type ImageState } from '../image/reader';
import { ImageStore } from '../image/records';
import { resolveLocation, type Location } from '../image/location';
import type { BackupParams } from '../backup/options/params';
import { imageReport } from '../image/report';
import { fullReadStep, managedFlags, restoreExecutors, restoreGuard, rootvgSavevgRefusal, unusableImage, type RestoreOps } from './common';
import { checkUserFlags } from '../backup/options/user-flags';

export interface RestvgJob {
  params: BackupParams;
  location: Location;
  /** The disks in `name`; null when `name` is unset and the disks come from data_file. */
  disks: string[] | null;
  userFlags: string[];
}

interface RestvgState {
  image: ImageState;
  layout: DiskLayout;
  /** The target disks: from `name`, or VG_SOURCE_DISK_LIST of data_file. */
  targets: Result<string[]>;
  /** Sizes of the target disks, read only when restvg would run. */
  sizes: Result<Map<string, number>> | null;
  /** Target disks with an Oracle ASM header, read only when restvg would run. */
  asm: Result<string[]> | null;
  /** The disks of the normal bootlist, read only when restvg would run. */
  boot: Result<string[]> | null;
}

/** Input checks made before any command runs. */
export function prepareRestvg(params: BackupParams, io: Io): Result<RestvgJob> {
  const loc = resolveLocation(params.location ?? '/dev/rmt0', io.aixRoot, io.stateDir);
  if (!loc.ok) return loc;
  let disks: string[] | null = null;
  if (params.name !== undefined && params.name.trim() !== '') {
    const parsed = parseDiskNames('name', [params.name]);
    if (!parsed.ok) {
      return {
        ok: false,
        msg: `${parsed.msg} With action: restore and type: savevg, name gives the target disks of restvg, not a volume group: the volume group restored is the one in the image.`,
      };
    }
    disks = parsed.value;
  } else if (params.data_file === undefined) {
    return {
      ok: false,
      msg:
        'name: action restore with type savevg needs the target disks in name, e.g. name: hdisk2 or name: "hdisk2 hdisk3". ' +
        'Without them restvg would use the disks recorded in the image, which may hold other data by now. ' +
        'To use the disks listed in a vgname.data of your own (VG_SOURCE_DISK_LIST), give it as data_file.',
    };
  }
  const managed = managedFlags(restvgFlags, { '-q': 'restvg never prompts here, -q is always set', '-l': 'action: view' });
  const flags = checkUserFlags('restvg', params.flags, managed);
  if (!flags.ok) return flags;
  return { ok: true, value: { params, location: loc.value, disks, userFlags: flags.value } };
}

interface RestvgKinds {
  ops: RestoreOps;
  undos: Record<never, never>;
  produced: Record<never, never>;
  /** The volume group restored, and the disks it must be on. */
  expect: { vg: string; disks: string[] };
}

export function restvgPlanner(job: RestvgJob, io: Io): Planner<RestvgState, RestvgKinds> {
  const store = new ImageStore(io.stateDir);
  const { params, location } = job;

  return {
    async read() {
      const image = await readImage(io, location, store);
      const layout = await readLayout(io);
      if (!layout.ok) return layout;
      const targets = job.disks !== null ? { ok: true as const, value: job.disks } : disksOfDataFile(params.data_file as string);
      const state: RestvgState = { image, layout: layout.value, targets, sizes: null, asm: null, boot: null };
      if (needsSizes(state)) {
        const disks = targets.ok ? targets.value : [];
        state.boot = await readBootDisks(io);
        state.asm = await readAsmDisks(io, disks);
        state.sizes = await readDiskSizes(io, disks);
      }
      return ok(state);
    },

    decide(state): Decision<RestvgKinds> {
      const { image, layout, targets } = state;
      if (!image.present || !image.complete) return { kind: 'refuse', msg: unusableImage(location, image) };
      const vg = image.info.volumeGroup;
      if (image.kind === 'savevg' && vg === 'rootvg') return { kind: 'refuse', msg: rootvgSavevgRefusal(location) };
      if (image.kind === 'mksysb' || vg === 'rootvg') {
        return {
          kind: 'refuse',
          msg: `${location.given} holds a ${image.kind} image of rootvg; restvg cannot restore rootvg (0512-026), so nothing was run. Install it on free disks with type: mksysb and disk: (alt_disk_mksysb).`,
        };
      }
      const onDisks = disksOfVg(layout, vg);
      if (layout.active.includes(vg)) {
        return { kind: 'met', msg: `Volume group ${vg} is already present and varied on, on ${onDisks.join(', ') || 'its disks'}; nothing to do.${elsewhere(onDisks, targets)}` };
      }
      if (!targets.ok) return { kind: 'refuse', msg: targets.msg };
      if (layout.defined.includes(vg)) {
        return {
          kind: 'refuse',
          msg: `Volume group ${vg} is defined but varied off${onDisks.length ? ` (on ${onDisks.join(', ')})` : ''}; restvg cannot create it again (0512-031) and nothing was run. Vary it on (varyonvg ${vg}), or remove its definition (exportvg ${vg}) to restore the image.`,
        };
      }
      const taken = unusableDisks(layout, targets.value);
      if (taken !== null) return { kind: 'refuse', msg: `${targetsOption()}: ${taken}.` };
      if (state.asm !== null && !state.asm.ok) return { kind: 'refuse', msg: state.asm.msg };
      const owned = asmRefusal(targetsOption(), state.asm?.value ?? []);
      if (owned !== null) return { kind: 'refuse', msg: owned };
      const noPvid = pvidRefusal(targetsOption(), layout, targets.value);
      if (noPvid !== null) return { kind: 'refuse', msg: noPvid };
      if (state.boot !== null && !state.boot.ok) return { kind: 'refuse', msg: state.boot.msg };
      const booting = bootDiskRefusal(targetsOption(), layout, state.boot?.value ?? [], targets.value, `restvg would put ${vg}`);
      if (booting !== null) return { kind: 'refuse', msg: booting };
      const small = tooSmall(state, vg);
      if (small !== null) return { kind: 'refuse', msg: small };
      return {
        kind: 'act',
        msg: `Restored volume group ${vg} from ${location.given} onto ${targets.value.join(', ')}${params.exclude_data ? ' (structure only, no files: exclude_data)' : ''}`,
        steps: [fullReadStep(location, { kind: image.kind, vg }), restvgStep(vg)],
        expect: { vg, disks: targets.value },
        diff: {
          before: describeLayout(layout.pvs),
          after: describeLayout(layoutAfter(layout, targets.value, vg, 'active')),
          before_header: 'disks before',
          after_header: 'disks after',
        },
      };
    },

    executors: restoreExecutors,
    undoers: {},

    verify({ image, layout }, { vg, disks }) {
      if (!image.present || image.info === undefined) return fail(`the image at ${location.given} can no longer be read`);
      if (!layout.active.includes(vg)) return fail(`volume group ${vg} is not varied on`);
      const onDisks = disksOfVg(layout, vg);
      const missing = disks.filter((d) => !onDisks.includes(d));
      if (missing.length > 0) return fail(`volume group ${vg} is on ${onDisks.join(', ') || 'no disk'}, not on ${missing.join(', ')}`);
      return ok(null);
    },

    guard: ({ image }) => {
      const vg = image.present ? image.info?.volumeGroup : undefined;
      return restoreGuard(io, params.lock_timeout, vg === undefined ? { kind: 'system' } : { kind: 'vg', vg });
    },

    report(state) {
      if (state === null) return { backup: null };
      const vg = state.image.present ? state.image.info?.volumeGroup ?? null : null;
      const onDisks = vg === null ? [] : disksOfVg(state.layout, vg);
      return {
        volume_group: vg,
        disks: onDisks.length > 0 ? onDisks : state.targets.ok ? state.targets.value : [],
        backup: imageReport(location.given, state.image),
      };
    },
  };

  function targetsOption(): string {
    return job.disks !== null ? 'name' : `data_file (VG_SOURCE_DISK_LIST of ${params.data_file})`;
  }

  /** restvg would run: the image is a data VG not defined here, on existing free disks. */
  function needsSizes({ image, layout, targets }: RestvgState): boolean {
    if (!image.present || !image.complete || image.kind !== 'savevg' || image.info.volumeGroup === 'rootvg') return false;
    if (layout.defined.includes(image.info.volumeGroup) || !targets.ok) return false;
    return unusableDisks(layout, targets.value) === null;
  }

  /**
   * The disks must hold the logical volumes as the image records them (BACKUP SIZE), or as
   * small as their data with minimize_lv_size (SHRINK SIZE). A data_file of the user's own sets
   * other sizes, which restvg checks itself.
   */
  function tooSmall({ image, sizes, targets }: RestvgState, vg: string): string | null {
    if (sizes === null || !targets.ok) return null;
    if (!sizes.ok) return sizes.msg;
    if (params.data_file !== undefined || !image.present || !image.complete) return null;
    const need = params.minimize_lv_size ? image.info.shrinkSizeMb : image.info.sizeMb;
    if (need === null) return null;
    const have = totalMb(sizes.value);
    if (have >= need) return null;
    const each = targets.value.map((d) => `${d} ${sizes.value.get(d)} MB`).join(', ');
    const shrink = !params.minimize_lv_size && image.info.shrinkSizeMb !== null && image.info.shrinkSizeMb <= have
      ? `, or set minimize_lv_size: true (the data needs ${image.info.shrinkSizeMb} MB)`
      : '';
    return `${targetsOption()}: the target disks are too small for ${vg}: ${each} (${have} MB in all), and the image needs ${need} MB (${params.minimize_lv_size ? 'SHRINK SIZE' : 'BACKUP SIZE'}); nothing was run. Add disks${shrink}.`;
  }

  function restvgStep(vg: string): Step<OpOf<RestoreOps>> {
    const operands = job.disks ?? [];
    const args = [...RESTVG_FIXED, ...restvgFlags.render({ ...params, location: location.given }), ...job.userFlags, ...operands];
    return {
      title: `restore volume group ${vg} from ${location.given}`,
      op: { kind: 'classified', runs: [{ command: 'restvg', args }], classify: 'restvg', failed: `restvg failed to restore ${vg}`, silent: 'messages' },
      main: true,
    };
  }
}

/** The disks a vgname.data names for its VG (what restvg uses when given no disks). */
function disksOfDataFile(path: string): Result<string[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, msg: `data_file: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of a vgname.data on the LPAR, or the target disks in name.` };
  }
  const list = listValue(stanzasNamed(parseStanzas(text), 'vg_data')[0]?.attrs['VG_SOURCE_DISK_LIST']);
  if (list.length === 0) {
    return { ok: false, msg: `data_file: ${path} names no disk (no VG_SOURCE_DISK_LIST in its vg_data stanza); give the target disks in name.` };
  }
  const disks = parseDiskNames(`data_file (VG_SOURCE_DISK_LIST of ${path})`, list);
  return disks;
}

/** Said when the VG exists on other disks than those asked for. */
function elsewhere(onDisks: readonly string[], targets: Result<string[]>): string {
  if (!targets.ok) return '';
  const other = targets.value.filter((d) => !onDisks.includes(d));
  return other.length > 0 ? ` The image was not restored on ${other.join(', ')}: the volume group exists already.` : '';
}
