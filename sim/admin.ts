// Simulator verbs (not AIX commands): init, status, faults, state changes for tests.
import { readFileSync } from 'node:fs';
import { DEFAULT_DIALECT, DIALECT_NAMES, dialectOf, namedDialect, setPoint } from './dialects';
import { faultUses, remaining } from './faults';
import { hex, makePvid } from './ids';
import { init } from './install';
import { readInvocations } from './invocations';
import { findVg, loadState, updateState } from './state';
import type { Fault, ImageFs, LogicalVolume, VgState } from './types';

export class AdminError extends Error {}

interface Args {
  opts: Map<string, string>;
  pos: string[];
}

/** `--key value` pairs (or bare `--flag`, value 'true') and positional words. */
function parse(args: string[], bare: string[] = []): Args {
  const opts = new Map<string, string>();
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) pos.push(a);
    else if (bare.includes(a.slice(2))) opts.set(a.slice(2), 'true');
    else if (i + 1 < args.length) opts.set(a.slice(2), args[++i]!);
    else throw new AdminError(`${a} needs a value`);
  }
  return { opts, pos };
}

const num = (a: Args, key: string, dflt?: number): number | undefined => {
  const v = a.opts.get(key);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new AdminError(`--${key} must be a non-negative number`);
  return n;
};

function lvForPath(lvs: LogicalVolume[], path: string): LogicalVolume | undefined {
  let best: LogicalVolume | undefined;
  for (const lv of lvs) {
    if (!lv.mount || !lv.fs) continue;
    const inside = lv.mount === '/' || path === lv.mount || path.startsWith(`${lv.mount}/`);
    if (inside && (!best || lv.mount.length > (best.mount?.length ?? 0))) best = lv;
  }
  return best;
}

export function admin(verb: string, root: string | undefined, args: string[]): string {
  const a = parse(args, ['concurrent', 'no-pvid', 'raw', 'asm', 'unlock']);
  // The named dialects, one per line: the only verb without an LPAR (CI loops over them).
  if (verb === 'dialects') return DIALECT_NAMES.map((n) => `${n}\n`).join('');
  root ??= a.opts.get('root');
  if (!root) throw new AdminError(`${verb}: --root DIR is required`);
  const need = (i: number, what: string): string => {
    const v = a.pos[i];
    if (v === undefined) throw new AdminError(`${verb}: missing ${what}`);
    return v;
  };
  switch (verb) {
    case 'init': {
      const dialect = namedDialect(a.opts.get('dialect') ?? DEFAULT_DIALECT);
      if (dialect === null) throw new AdminError(`init: unknown dialect ${a.opts.get('dialect')} (dialects: ${DIALECT_NAMES.join(', ')})`);
      init(root, {
        hostname: a.opts.get('hostname') ?? 'aixsim01',
        filesPerFs: num(a, 'files', 20)!,
        bytesPerMb: num(a, 'scale', 32)!,
        dialect,
      });
      return '';
    }
    case 'dialect':
      return dialectVerb(root, a);
    case 'lkdev': {
      // lkdev -l DISK -a [-c LABEL] / -d: the disk shows `locked` in lspv.
      const name = need(0, 'disk name');
      updateState(root, (lpar) => {
        const d = lpar.disks.find((x) => x.name === name);
        if (!d) throw new AdminError(`no disk ${name}`);
        if (a.opts.has('unlock')) delete d.lock;
        else d.lock = { label: a.opts.get('label') ?? null };
      });
      return '';
    }
    case 'status': {
      const lpar = loadState(root);
      const used = faultUses(root);
      const faults = lpar.faults.map((f) => ({ ...f, remaining: remaining(f, used) }));
      return `${JSON.stringify({ ...lpar, faults }, null, 2)}\n`;
    }
    case 'invocations':
      if (a.opts.has('raw')) {
        try {
          return readFileSync(`${root}/var/aix-sim/invocations.jsonl`, 'utf8');
        } catch {
          return '';
        }
      }
      return readInvocations(root).map((r) => `${JSON.stringify(r)}\n`).join('');
    case 'fault':
      return faultVerb(root, a);
    case 'varyoff':
    case 'varyon': {
      const name = need(0, 'VG name');
      const state: VgState = verb === 'varyoff' ? 'varied-off' : a.opts.has('concurrent') ? 'concurrent' : 'active';
      updateState(root, (lpar) => {
        const vg = findVg(lpar, name);
        if (!vg) throw new AdminError(`no volume group ${name}`);
        vg.state = state;
        for (const lv of vg.lvs) lv.open = state !== 'varied-off' && lv.type !== 'boot';
      });
      return '';
    }
    case 'exportvg': {
      // Removes a VG definition and frees its disks, so a restvg of the same VG can be tested.
      const name = need(0, 'VG name');
      updateState(root, (lpar) => {
        if (!findVg(lpar, name)) throw new AdminError(`no volume group ${name}`);
        lpar.vgs = lpar.vgs.filter((vg) => vg.name !== name);
        for (const d of lpar.disks) if (d.vg === name) d.vg = null;
        lpar.bootlist.normal = lpar.bootlist.normal.filter((d) => lpar.disks.find((x) => x.name === d)?.vg);
      });
      return '';
    }
    case 'unreadable': {
      const path = need(0, 'absolute path');
      if (!path.startsWith('/')) throw new AdminError('unreadable: the path must be absolute');
      updateState(root, (lpar) => {
        const lv = lvForPath(lpar.vgs.flatMap((vg) => vg.lvs), path);
        if (!lv?.fs) throw new AdminError(`no file system holds ${path}`);
        if (!lv.fs.unreadable.includes(path)) lv.fs.unreadable.push(path);
      });
      return '';
    }
    case 'files': {
      const count = Number(need(0, 'file count'));
      if (!Number.isSafeInteger(count) || count < 0) throw new AdminError('files: the count must be a non-negative integer');
      const mount = a.opts.get('mount');
      const vgName = a.opts.get('vg');
      if (!mount && !vgName) throw new AdminError('files: give --mount MOUNTPOINT or --vg VG');
      updateState(root, (lpar) => {
        const lvs = lpar.vgs.filter((vg) => !vgName || vg.name === vgName).flatMap((vg) => vg.lvs);
        const hit = lvs.filter((lv) => lv.fs && (!mount || lv.mount === mount));
        if (!hit.length) throw new AdminError(`files: no file system matches`);
        for (const lv of hit) lv.fs!.files = count;
      });
      return '';
    }
    case 'clock': {
      const offset = Number(a.opts.get('offset') ?? '0');
      if (!Number.isSafeInteger(offset)) throw new AdminError('clock: --offset must be a whole number of seconds');
      updateState(root, (lpar) => {
        lpar.settings.clockOffsetSec = offset;
      });
      return '';
    }
    case 'settings':
      updateState(root, (lpar) => {
        lpar.settings.bytesPerMb = num(a, 'scale', lpar.settings.bytesPerMb)!;
      });
      return '';
    case 'add-disk':
      return updateState(root, (lpar) => {
        let n = lpar.disks.length;
        while (lpar.disks.some((d) => d.name === `hdisk${n}`)) n++;
        const name = a.opts.get('name') ?? `hdisk${n}`;
        if (lpar.disks.some((d) => d.name === name)) throw new AdminError(`disk ${name} exists`);
        lpar.disks.push({
          name,
          // An ASM disk has no PVID: ASM's header overwrites the place LVM keeps it.
          pvid: a.opts.has('no-pvid') || a.opts.has('asm') ? null : makePvid(lpar.hostname, name),
          sizeMb: num(a, 'size', 30720)!,
          vg: null,
          location: `U9080.HEX.78${hex(lpar.hostname, 5).toUpperCase()}-V3-C${lpar.disks.length + 2}-T1-L8${lpar.disks.length + 2}00000000000000`,
          ...(a.opts.has('asm') ? { asm: { disk: `ASM_${name.toUpperCase()}`, group: 'DATA' } } : {}),
        });
        return `${name}\n`;
      });
    case 'fs':
      return fsVerb(root, a);
    case 'limit': {
      const given = a.opts.get('fsize');
      if (given === undefined) throw new AdminError('limit: give --fsize BLOCKS or --fsize unlimited');
      const fsizeBlocks = given === 'unlimited' ? null : num(a, 'fsize')!;
      updateState(root, (lpar) => {
        lpar.limits = { fsizeBlocks };
      });
      return '';
    }
    default:
      throw new AdminError(`unknown verb ${verb} (see --help)`);
  }
}

/** `dialect` shows the LPAR's dialect, `dialect use NAME` switches to a named one, `dialect set POINT VALUE` changes one point. */
function dialectVerb(root: string, a: Args): string {
  const [action, key, val] = a.pos;
  if (action === undefined || action === 'show') {
    const lpar = loadState(root);
    return `${JSON.stringify({ name: lpar.dialect?.name ?? DEFAULT_DIALECT, settings: dialectOf(lpar) }, null, 2)}\n`;
  }
  if (action === 'use') {
    const d = key === undefined ? null : namedDialect(key);
    if (d === null) throw new AdminError(`dialect use: give one of ${DIALECT_NAMES.join(', ')}`);
    updateState(root, (lpar) => {
      lpar.dialect = d;
    });
    return '';
  }
  if (action === 'set') {
    if (key === undefined || val === undefined) throw new AdminError('dialect set: give POINT VALUE');
    updateState(root, (lpar) => {
      const d = lpar.dialect ?? namedDialect(DEFAULT_DIALECT)!;
      const bad = setPoint(d, key, val);
      if (bad !== null) throw new AdminError(`dialect set: ${bad}`);
      lpar.dialect = d;
    });
    return '';
  }
  throw new AdminError('dialect: use show, use NAME or set POINT VALUE');
}

function faultVerb(root: string, a: Args): string {
  const action = a.pos[0];
  if (action === 'list') {
    const used = faultUses(root);
    return loadState(root).faults.map((f) => `${JSON.stringify({ ...f, remaining: remaining(f, used) })}\n`).join('');
  }
  if (action === 'clear') {
    const id = num(a, 'id');
    const cmd = a.opts.get('cmd');
    updateState(root, (lpar) => {
      lpar.faults = lpar.faults.filter((f) => (id !== undefined && f.id !== id) || (cmd !== undefined && f.cmd !== cmd));
    });
    return '';
  }
  if (action !== 'set') throw new AdminError('fault: use set, clear or list');
  const cmd = a.opts.get('cmd');
  const kind = a.opts.get('kind') as Fault['kind'] | undefined;
  if (!cmd) throw new AdminError('fault set: --cmd is required');
  if (!kind || !['fail', 'kill', 'fs-full', 'slow', 'early-stop', 'note'].includes(kind)) throw new AdminError('fault set: --kind fail|kill|fs-full|slow|early-stop|note');
  const stream = a.opts.get('stream') ?? 'stderr';
  if (stream !== 'stdout' && stream !== 'stderr') throw new AdminError('fault set: --stream stdout|stderr');
  if (kind === 'slow' && a.opts.get('ms') === undefined) throw new AdminError('fault set: slow needs --ms');
  return updateState(root, (lpar) => {
    const f: Fault = { id: lpar.nextFaultId++, cmd, kind, times: num(a, 'times') ?? null };
    if (kind === 'fail') Object.assign(f, { rc: num(a, 'rc', 1), message: a.opts.get('message') ?? '', stream });
    if (kind === 'kill' || kind === 'fs-full' || kind === 'early-stop') f.afterBytes = num(a, 'after-bytes', 0);
    if (kind === 'note') {
      const message = a.opts.get('message');
      if (!message) throw new AdminError('fault set: note needs --message');
      Object.assign(f, { message, stream });
    }
    if (kind === 'slow') f.ms = num(a, 'ms');
    lpar.faults.push(f);
    return `${f.id}\n`;
  });
}

/** File system sizes: an image file system by real path, or the used space of an LPAR mount point. */
function fsVerb(root: string, a: Args): string {
  const mount = a.opts.get('mount');
  const path = a.opts.get('path');
  if (mount !== undefined) {
    const used = num(a, 'used');
    if (used === undefined) throw new AdminError('fs --mount: give --used MB');
    updateState(root, (lpar) => {
      const lv = lpar.vgs.flatMap((vg) => vg.lvs).find((l) => l.mount === mount && l.fs);
      if (!lv?.fs) throw new AdminError(`fs: no file system is mounted on ${mount}`);
      lv.fs.usedMb = used;
    });
    return '';
  }
  if (path === undefined || !path.startsWith('/')) throw new AdminError('fs: give --path /ABS/DIR --size MB --free MB, or --mount MP --used MB');
  const sizeMb = num(a, 'size');
  const freeMb = num(a, 'free');
  if (sizeMb === undefined || freeMb === undefined || freeMb > sizeMb) throw new AdminError('fs --path: give --size MB and --free MB (free <= size)');
  const entry: ImageFs = { path: path.replace(/(.)\/+$/, '$1'), name: a.opts.get('name') ?? `nfs01:/export${path}`, sizeMb, freeMb };
  updateState(root, (lpar) => {
    lpar.imageFs = [...(lpar.imageFs ?? []).filter((f) => f.path !== entry.path), entry];
  });
  return '';
}
