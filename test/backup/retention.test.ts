// action: create with a directory as location: dated names per LPAR and volume group, max_age on
// the newest image, keep: N pruning only after a verified image, and the per-LPAR lock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { until } from '../safety/invariants';

const NAME = /^lparA\.rootvg\.\d{8}T\d{6}Z(?:-\d+)?\.mksysb$/;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lparA' });
});
afterEach(() => b.cleanup());

/** A directory location needs max_age (or force): a day, as for a nightly job, unless a test says otherwise. */
const mksysbTo = (dir: string, extra: Record<string, unknown> = {}) => b.backup({ action: 'create', type: 'mksysb', location: dir, max_age: '1d', ...extra });
/**
 * Dated names have one-second resolution; a second image within the same second is named -1, -2
 * after the stamp and counts as the newer. Only the test of the names' order across seconds waits.
 */
const nextSecond = () => sleep(1100);

describe('create into a directory', () => {
  it('names the image <host>.<vg>.<UTC timestamp>.<kind> after the LPAR; a rerun changes nothing and runs no command', async () => {
    const before = Date.now();
    const first = await mksysbTo(b.dir);
    expect(first.result.changed).toBe(true);
    expect(b.files()).toHaveLength(1);
    const [name = ''] = b.files();
    expect(name).toMatch(NAME);
    const stamp = /\.(\d{8}T\d{6}Z)\./.exec(name)?.[1] ?? '';
    const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
    expect(Math.abs(Date.parse(iso) - before)).toBeLessThan(60_000);
    expect(first.result.msg).toBe(`Created a mksysb image of rootvg at ${join(b.dir, name)}`);
    expect(first.result.backup).toMatchObject({ location: join(b.dir, name), volume_group: 'rootvg', kind: 'mksysb', hostname: 'lparA', complete: true });
    expect(first.result).not.toHaveProperty('pruned');

    const again = await mksysbTo(`${b.dir}/`);
    expect(again.result.changed).toBe(false);
    expect(again.result.msg).toMatch(new RegExp(`^The newest complete mksysb image of rootvg in ${b.dir} is ${name} \\(\\d+ s old\\); nothing to do\\.$`));
    expect(again.result.commands).toEqual([]);
    expect(b.files()).toEqual([name]);
  });

  it('savevg images are named for their volume group', async () => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: b.dir, max_age: '1d' });
    expect(r.result.changed).toBe(true);
    expect(b.files()).toEqual([expect.stringMatching(/^lparA\.datavg\.\d{8}T\d{6}Z\.savevg$/)]);
  });

  it('check mode shows the dated name it would write and writes nothing', async () => {
    const r = await mksysbTo(b.dir, { _ansible_check_mode: true });
    expect(r.result.changed).toBe(true);
    const plan = r.result.plan as { title: string; cmd?: string }[];
    expect(plan.find((s) => s.cmd?.startsWith('mksysb '))?.cmd).toMatch(/\/\.lparA\.rootvg\.\d{8}T\d{6}Z\.mksysb\.partial-/);
    expect(b.files()).toEqual([]);
    expect(b.mutating()).toEqual([]);
  });

  it('max_age applies to the newest image: younger keeps, older makes a new one beside it', async () => {
    // The LPAR's clock five seconds behind: the image is dated five seconds ago, with no waiting.
    b.lpar.sim(['clock', '--offset', '-5']);
    await mksysbTo(b.dir);
    b.lpar.sim(['clock', '--offset', '0']);
    expect((await mksysbTo(b.dir, { max_age: '1h' })).result.changed).toBe(false);
    const r = await mksysbTo(b.dir, { max_age: '1s' });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/; the newest one, lparA\.rootvg\.\S+\.mksysb, was \d+ s old \(max_age 1s\)$/);
    expect(b.files()).toHaveLength(2);
  });

  it('removes the temporary files of killed runs of this LPAR and volume group, and nothing else', async () => {
    const mine = '.lparA.rootvg.20240101T000000Z.mksysb.partial-lparA-999999';
    const other = '.lparB.rootvg.20240101T000000Z.mksysb.partial-lparB-999999';
    writeFileSync(join(b.dir, mine), 'half an image');
    writeFileSync(join(b.dir, other), 'lparB is writing this');
    await mksysbTo(b.dir);
    expect(existsSync(join(b.dir, mine))).toBe(false);
    expect(existsSync(join(b.dir, other))).toBe(true);
  });
});

describe('keep', () => {
  it('keeps the newest N images and reports what it removed', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await mksysbTo(b.dir, { force: true, keep: 2 });
      expect(r.result.changed).toBe(true);
      made.push((r.result.backup as { location: string }).location);
      expect(r.result.pruned).toEqual(i < 2 ? [] : [made[0]]);
      if (i < 2) await nextSecond();
    }
    expect(b.files().map((f) => join(b.dir, f))).toEqual(made.slice(1));
    // The removed image's record went with it: a later listing does not trust a stale record.
    const info = await runModule('backup_info', { paths: [b.dir] }, { env: { AIX_ROOT: b.lpar.root } });
    expect((info.result.images as { location: string }[]).map((i) => i.location)).toEqual(made.slice(1));
  });

  it('removes nothing when no new image is made', async () => {
    await mksysbTo(b.dir, { force: true });
    await mksysbTo(b.dir, { force: true });
    const r = await mksysbTo(b.dir, { keep: 1 });
    expect(r.result.changed).toBe(false);
    expect(r.result).not.toHaveProperty('pruned');
    expect(b.files()).toHaveLength(2);
  });

  it('removes nothing when mksysb fails', async () => {
    await mksysbTo(b.dir, { force: true });
    const before = b.files();
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fail', '--rc', '3', '--message', '0512-005 mksysb: Backup Completed.', '--stream', 'stdout']);
    const r = await mksysbTo(b.dir, { force: true, keep: 1 });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^mksysb failed, .* was left as it was/);
    expect(b.files()).toEqual(before);
  });

  it('removes nothing when the new image does not verify (file system full mid-write)', async () => {
    await mksysbTo(b.dir, { force: true });
    const before = b.files();
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fs-full', '--after-bytes', '5000']);
    const r = await mksysbTo(b.dir, { force: true, keep: 1 });
    expect(r.result.failed).toBe(true);
    expect(r.result).not.toHaveProperty('pruned');
    expect(b.files()).toEqual(before);
  });

  it('never counts or removes the images of other LPARs or other volume groups in the directory', async () => {
    const lparB: Lpar = makeLpar({ hostname: 'lparB' });
    try {
      const asB = (args: Record<string, unknown>) => runModule('backup', args, { env: { AIX_ROOT: lparB.root } });
      expect((await asB({ action: 'create', type: 'mksysb', location: b.dir, max_age: '1d' })).result.changed).toBe(true);
      await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: b.dir, max_age: '1d' });
      for (let i = 0; i < 2; i++) {
        await mksysbTo(b.dir, { force: true, keep: 1 });
      }
      const files = b.files();
      expect(files.filter((f) => f.startsWith('lparB.rootvg.'))).toHaveLength(1);
      expect(files.filter((f) => f.startsWith('lparA.datavg.'))).toHaveLength(1);
      expect(files.filter((f) => NAME.test(f))).toHaveLength(1);
    } finally {
      lparB.cleanup();
    }
  });

  it('is refused for a file location, naming the option', async () => {
    const r = await mksysbTo(join(b.dir, 'rootvg.mksysb'), { keep: 2 });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^keep: applies only when location is a directory/);
    expect(b.mutating()).toEqual([]);
  });

  it('must be at least 1', async () => {
    const r = await mksysbTo(b.dir, { keep: 0 });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/keep/);
    expect(b.mutating()).toEqual([]);
  });
});

describe('the lock of a directory location', () => {
  it('is per LPAR and volume group: a second run of the same LPAR waits, then finds the new image', async () => {
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '1500', '--times', '1']);
    const first = mksysbTo(b.dir);
    await until('the first run to take the lock', () => b.files().includes('lparA.rootvg.lock'));
    const second = await mksysbTo(b.dir);
    expect((await first).result.changed).toBe(true);
    expect(second.result.changed).toBe(false);
    expect(b.files().filter((f) => NAME.test(f))).toHaveLength(1);
    expect(b.files()).not.toContain('lparA.rootvg.lock');
  });

  it('does not make another LPAR wait', async () => {
    const lparB = makeLpar({ hostname: 'lparB' });
    try {
      // lparA's mksysb holds its lock for 10 s; lparB's whole run (a few commands) must not wait for it.
      b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '10000', '--times', '1']);
      const slow = mksysbTo(b.dir, { lock_timeout: 0 });
      await until("lparA's run to take its lock", () => b.files().includes('lparA.rootvg.lock'));
      const started = Date.now();
      const other = await runModule('backup', { action: 'create', type: 'mksysb', location: b.dir, max_age: '1d', lock_timeout: 0 }, { env: { AIX_ROOT: lparB.root } });
      expect(other.result.changed).toBe(true);
      expect(Date.now() - started).toBeLessThan(9000);
      expect((await slow).result.changed).toBe(true);
      expect(b.files().filter((f) => f.endsWith('.mksysb')).map((f) => f.split('.')[0]).sort()).toEqual(['lparA', 'lparB']);
    } finally {
      lparB.cleanup();
    }
  });
});

describe('view keeps needing one image', () => {
  it('refuses a directory with a clear message', async () => {
    const r = await b.backup({ action: 'view', location: b.dir });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toBe(`location: ${b.dir} is a directory; give the image file inside it, e.g. ${join(b.dir, 'rootvg.mksysb')}.`);
    expect(statSync(b.dir).isDirectory()).toBe(true);
  });
});
