// Check mode shows what apply runs, in-process against recorded AIX output: every action that
// writes is run once in check mode and once for real from the same state, and the check-mode
// plan deep-equals the steps the apply run executed (`applied`), the per-run random token of the
// temporary name aside. The reads are marked as the engine makes them, so the commands outside
// them must be exactly the commands the steps list, in order.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup as spec, mksysb as mksysbSpec } from '../../generated/specs';
import { backup as schemaCheck, mksysb as mksysbCheck } from '../../generated/validators';
import { validateOptions } from '../../lib/ansible/validate';
import type { ModuleResult } from '../../lib/ansible/result';
import { createPlanner } from '../../lib/create/create';
import { datedCreatePlanner } from '../../lib/create/dated';
import { prepareCreate } from '../../lib/create/prepare';
import { datedPath } from '../../lib/image/dated-images';
import { resolveLocation, type Location } from '../../lib/image/location';
import type { BackupParams } from '../../lib/backup/options/params';
import { altDiskPlanner } from '../../lib/restore/mksysb';
import { restvgPlanner } from '../../lib/restore/savevg';
import { temporaryToken } from '../../lib/image/temporary-name';
import type { Planner, StepKinds } from '../../lib/engine/plan';
import { runPipeline } from '../../lib/engine/pipeline';
import { toBackupParams } from '../../lib/mksysb/translate';
import { outputOf } from '../aix/fixture';
import { expectPlanApplied, withoutToken } from '../helpers/plan-equals-apply';
import { recordedIo, type Recorded, type RecordedIo } from './recorded-io';

const UNAME_INFO = 'AIX sapaix 2 7 00C97B604B00';
const HEADER = outputOf('lsmksysb-l.4.1.S-SKYTAP.txt');
/** A structure-only savevg image of the volume group app, made on this LPAR. */
const APP_HEADER = outputOf('lssavevg-l.4.1.S-SKYTAP.txt').replace(/^UNAME INFO:( +).*$/m, `UNAME INFO:$1${UNAME_INFO}`);
const MKSYSB_MEMBERS = './bosinst.data\n./image.data\n./usr/bin/ls\n';
const SAVEVG_MEMBERS = './tmp/vgdata/app/app.data\n./app/file\n';

const roots: RecordedIo[] = [];
afterEach(() => roots.splice(0).forEach((io) => io.cleanup()));

/** The simulated LPAR of a test: what its commands print, given what the steps did so far. */
interface Lpar {
  root: string;
  dir: string;
  /** Set by the commands that change the LPAR. */
  done: Set<string>;
  answer(line: string): Recorded | undefined;
}

/** `app`: the volume group app is there and varied on (savevg backs it up); else restvg makes it. */
function newLpar(app = false): Lpar {
  const base = recordedIo({});
  roots.push(base);
  const dir = join(base.aixRoot, 'backup');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(base.aixRoot, 'image.data'), `image_data:\n\tUNAME_INFO= ${UNAME_INFO}\n`);
  const done = new Set<string>(app ? ['restvg'] : []);
  const df = (line: string): Recorded => {
    const rows = line.slice('df -P -k '.length).split(' ').map((p) => `/dev/fs 104857600 1048576 103809024 1% ${p}`);
    return { stdout: ['Filesystem 1024-blocks Used Available Capacity Mounted on', ...rows, ''].join('\n') };
  };
  const writes = (path: string): Recorded => ({ stdout: '0512-038 mksysb: Backup Completed Successfully.\n', effect: () => writeFileSync(path, 'new image') });
  const lspv = (): string => [
    'hdisk0 00c97b604b00aaaa rootvg active',
    `hdisk1 00c97b604b00bbbb ${done.has('restvg') ? 'app active' : 'None'}`,
    `hdisk2 00c97b604b00cccc ${done.has('alt') ? 'altinst_rootvg' : done.has('restvg') ? 'app active' : 'None'}`,
    '',
  ].join('\n');
  const answer = (line: string): Recorded | undefined => {
    const [command, ...args] = line.split(' ');
    const last = args.at(-1) ?? '';
    if (command === 'listvgbackup') {
      const app = last.includes('app') || last.includes('savevg');
      if (args[0] === '-l') return { stdout: app ? APP_HEADER : HEADER };
      return { stdout: app ? SAVEVG_MEMBERS : MKSYSB_MEMBERS };
    }
    if (command === 'mksysb') return writes(last);
    if (command === 'savevg') return writes(args[args.indexOf('-f') + 1] ?? '');
    if (line === 'lsvg -o') return { stdout: `rootvg\n${done.has('restvg') ? 'app\n' : ''}` };
    if (line === 'lsvg') return { stdout: `rootvg\n${done.has('restvg') ? 'app\n' : ''}${done.has('alt') ? 'altinst_rootvg\n' : ''}` };
    if (line.startsWith('lsvg -l ')) return { stdout: outputOf('lsvg-l.1.3.S-OSVC.txt') };
    if (line.startsWith('df -P -k ')) return df(line);
    if (line === 'ulimit -f') return { stdout: 'unlimited\n' };
    if (line === 'lspv') return { stdout: lspv() };
    if (line === 'bootlist -m normal -o') return { stdout: `${done.has('alt') ? 'hdisk2' : 'hdisk0'} blv=hd5 pathid=0\n` };
    if (command === 'lquerypv') return { stdout: '00000000   00000000 00000000 00000000 00000000  |................|\n' };
    if (command === 'bootinfo') return { stdout: '1048576\n' };
    if (command === 'restvg') return { stdout: '', effect: () => done.add('restvg') };
    if (command === 'alt_disk_mksysb') return { stdout: '', effect: () => done.add('alt') };
    return undefined;
  };
  return { root: base.aixRoot, dir, done, answer };
}

const ioOf = (lpar: Lpar): RecordedIo => recordedIo((line) => lpar.answer(line), lpar.root);

function params(given: Record<string, unknown>): BackupParams {
  const v = validateOptions(spec, schemaCheck, given, 'backup');
  if (!v.ok) throw new Error(v.msg);
  return v.value;
}

function location(lpar: Lpar, name: string): Location {
  const r = resolveLocation(join(lpar.dir, name), lpar.root, join(lpar.root, 'var', 'powerops'));
  if (!r.ok) throw new Error(r.msg);
  return r.value;
}

/** The planner with its reads marked in the Io's commands: the engine's reads, nothing else, run between the marks. */
function marked<S, K extends StepKinds>(planner: Planner<S, K>, io: RecordedIo, reads: string[][]): Planner<S, K> {
  return {
    ...planner,
    async read(at) {
      const from = io.ran.length;
      const r = await planner.read(at);
      reads.push(io.ran.slice(from));
      return r;
    },
  };
}

/**
 * Runs `make(checkMode, io)` in check mode, then for real, on the same LPAR; the plan of the first
 * is the record of the second, and outside its reads the second ran the steps' commands only.
 */
async function checkThenApply<S, K extends StepKinds>(lpar: Lpar, make: (checkMode: boolean, io: RecordedIo) => Planner<S, K>): Promise<ModuleResult> {
  const checkIo = ioOf(lpar);
  const check = await runPipeline(make(true, checkIo), checkIo, { checkMode: true });
  const io = ioOf(lpar);
  const reads: string[][] = [];
  const apply = await runPipeline(marked(make(false, io), io, reads), io, { checkMode: false });
  expectPlanApplied(check, apply);
  const stepLines = (apply.applied as { op: { runs: { command: string; args: string[] }[] } }[]).flatMap((s) => s.op.runs.map((r) => [r.command, ...r.args].join(' ')));
  // The reads: check mode's one, then before the lock, with it held, and after the steps.
  expect(reads).toHaveLength(3);
  const [first = [], locked = [], after = []] = reads;
  expect(io.ran).toEqual([...first, ...locked, ...stepLines, ...after]);
  return apply;
}

const createJob = (lpar: Lpar, name: string, given: Record<string, unknown>, vg: string, checkMode: boolean) => {
  const p = params({ action: 'create', location: join(lpar.dir, name), ...given });
  return { params: p, location: location(lpar, name), kind: p.type, vg, userFlags: [], maxAgeSec: null, checkMode, token: temporaryToken(), startedAt: new Date().toISOString() };
};

describe('the check-mode plan is what apply runs (in-process)', () => {
  it('create, type mksysb', async () => {
    const lpar = newLpar();
    const r = await checkThenApply(lpar, (checkMode, io) => createPlanner(createJob(lpar, 'rootvg.mksysb', { type: 'mksysb' }, 'rootvg', checkMode), io));
    expect(r).toMatchObject({ changed: true, backup: { kind: 'mksysb', complete: true } });
    expect(readdirSync(lpar.dir)).toEqual(['rootvg.mksysb']);
  });

  it('create, type savevg (structure only)', async () => {
    const lpar = newLpar(true);
    const r = await checkThenApply(lpar, (checkMode, io) => createPlanner(createJob(lpar, 'app.savevg', { type: 'savevg', name: 'app', exclude_data: true }, 'app', checkMode), io));
    expect(r).toMatchObject({ changed: true, backup: { kind: 'savevg', volume_group: 'app', vg_data_only: true } });
  });

  it('create in a directory: a dated name, then keep removes the oldest image', async () => {
    const lpar = newLpar();
    const series = { dir: lpar.dir, host: 'sapaix', vg: 'rootvg', kind: 'mksysb' as const };
    const older = datedPath(series, new Date('2025-01-01T00:00:00Z'));
    const old = datedPath(series, new Date('2025-06-01T00:00:00Z'));
    writeFileSync(older, 'an old image');
    writeFileSync(old, 'a newer old image');
    const clock = (): Date => new Date('2026-01-01T00:00:00Z');
    const r = await checkThenApply(lpar, (checkMode, io) => {
      const p = params({ action: 'create', type: 'mksysb', location: lpar.dir, max_age: '1d', keep: 2 });
      return datedCreatePlanner({ params: p, series, userFlags: [], maxAgeSec: 86400, keep: 2, checkMode, token: temporaryToken(), startedAt: new Date().toISOString(), clock }, io);
    });
    const made = datedPath(series, clock());
    expect(r).toMatchObject({ changed: true, pruned: [older], backup: { location: made } });
    expect(readdirSync(lpar.dir).sort()).toEqual([old, made].map((p) => p.slice(lpar.dir.length + 1)).sort());
  });

  it('restore, type savevg (restvg)', async () => {
    const lpar = newLpar();
    const loc = location(lpar, 'app.savevg');
    writeFileSync(loc.path, 'a savevg image');
    const p = params({ action: 'restore', type: 'savevg', location: loc.given, name: 'hdisk2' });
    const r = await checkThenApply(lpar, (_checkMode, io) => restvgPlanner({ params: p, location: loc, disks: ['hdisk2'], userFlags: [] }, io));
    expect(r).toMatchObject({ changed: true, volume_group: 'app', cmd: `restvg -q -f ${loc.given} hdisk2` });
  });

  it('restore, type mksysb (alt_disk_mksysb), with the record of the image installed', async () => {
    const lpar = newLpar();
    const loc = location(lpar, 'rootvg.mksysb');
    writeFileSync(loc.path, 'a mksysb image');
    const p = params({ action: 'restore', type: 'mksysb', location: loc.given, disk: ['hdisk2'] });
    const r = await checkThenApply(lpar, (_checkMode, io) => altDiskPlanner({ params: p, location: loc, disks: ['hdisk2'], userFlags: [] }, io));
    expect((r.applied as { op: { kind: string } }[]).map((s) => s.op.kind)).toEqual(['full-read', 'classified', 'record-alt-disk']);
    expect(r).toMatchObject({ changed: true, volume_group: 'altinst_rootvg', disks: ['hdisk2'] });
  });

  it('the mksysb module\'s options, through the backup module\'s create', async () => {
    const lpar = newLpar();
    const given = validateOptions(mksysbSpec, mksysbCheck, { name: 'lpar1.mksysb', storage_path: lpar.dir }, 'mksysb');
    if (!given.ok) throw new Error(given.msg);
    const translated = toBackupParams(given.value);
    if (!translated.ok) throw new Error(translated.msg);
    const runOnce = async (checkMode: boolean): Promise<ModuleResult> => {
      const prepared = await prepareCreate(translated.value, ioOf(lpar), checkMode);
      if (!prepared.ok) throw new Error(prepared.msg);
      return prepared.run({ checkMode });
    };
    const check = await runOnce(true);
    const apply = await runOnce(false);
    expectPlanApplied(check, apply);
    // Two runs draw two tokens: the only difference the comparison leaves out.
    expect(JSON.stringify(check.plan)).not.toBe(JSON.stringify(apply.applied));
    expect(withoutToken(check.plan)).toEqual(withoutToken(apply.applied));
  });
});
