// action: create against a simulated LPAR, the module run as a process the way Ansible runs it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';

let b: Bench;
beforeEach(() => {
  b = makeBench();
});
afterEach(() => b.cleanup());

type Backup = { volume_group: string; kind: string; complete: boolean; logical_volumes: unknown[]; date: string; age_seconds: number };
const info = (r: { result: Record<string, unknown> }): Backup => r.result.backup as Backup;

describe('create mksysb', () => {
  it('makes a verified image, then a rerun changes nothing and runs no AIX command', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const first = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(first.result).toMatchObject({ changed: true, msg: `Created a mksysb image of rootvg at ${location}` });
    expect(info(first)).toMatchObject({ volume_group: 'rootvg', kind: 'mksysb', complete: true });
    expect(info(first).logical_volumes.length).toBeGreaterThan(5);
    expect(first.result.cmd).toMatch(/\/usr\/bin\/mksysb .*\.rootvg\.mksysb\.partial-/);
    expect(first.result.stdout).toContain('0512-038 mksysb: Backup Completed Successfully.');
    expect(b.files()).toEqual(['rootvg.mksysb']);
    expect(existsSync(String(first.result.log_file))).toBe(true);

    const before = b.lpar.invocations().length;
    const second = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(second.result.changed).toBe(false);
    expect(second.result.msg).toMatch(/^A complete mksysb image of rootvg is at .*; nothing to do\.$/);
    expect(second.result.commands).toEqual([]);
    expect(b.lpar.invocations().length).toBe(before);
    expect(b.files()).toEqual(['rootvg.mksysb']);
  });

  it('check mode reports the plan and writes nothing', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const r = await b.backup({ action: 'create', type: 'mksysb', location, _ansible_check_mode: true });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/^Check mode: Would create a mksysb image .*; nothing was changed\.$/);
    const plan = r.result.plan as { title: string; cmd?: string }[];
    expect(plan.some((s) => s.cmd?.startsWith('mksysb '))).toBe(true);
    expect(b.files()).toEqual([]);
    expect(b.mutating()).toEqual([]);
  });

  it('diff mode shows the image before and after', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const r = await b.backup({ action: 'create', type: 'mksysb', location, _ansible_diff: true });
    const diff = r.result.diff as { before: string; after: string };
    expect(diff.before).toBe(`${location}: no image\n`);
    expect(diff.after).toContain('volume_group: rootvg');
    const none = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(none.result).not.toHaveProperty('diff');
  });

  it('a truncated image never counts as present: the rerun makes a new one', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    truncateSync(location, Math.floor(statSync(location).size / 2));
    const r = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/^Replaced an incomplete image \(reading the whole image failed/);
    const view = await b.backup({ action: 'view', location });
    expect(view.result.failed).toBeUndefined();
  });

  it('force makes a new image even when a good one is there', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    const r = await b.backup({ action: 'create', type: 'mksysb', location, force: true });
    expect(r.result).toMatchObject({ changed: true, msg: `Made a new mksysb image of rootvg at ${location} (force)` });
  });

  it('max_age: an image older than max_age is replaced, a younger one kept', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    // The LPAR's clock two hours behind: the image is dated two hours ago, with no waiting.
    b.lpar.sim(['clock', '--offset', '-7200']);
    await b.backup({ action: 'create', type: 'mksysb', location });
    b.lpar.sim(['clock', '--offset', '0']);
    const kept = await b.backup({ action: 'create', type: 'mksysb', location, max_age: '3h' });
    expect(kept.result.changed).toBe(false);
    const replaced = await b.backup({ action: 'create', type: 'mksysb', location, max_age: '1h' });
    expect(replaced.result.changed).toBe(true);
    expect(replaced.result.msg).toMatch(/^Replaced an image 2\.0 h old \(max_age 1h\)/);
  });

  it('passes the options as the flags of the table, and checked user flags', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const r = await b.backup({
      action: 'create', type: 'mksysb', location, create_data_file: 'mapfile', exclude_files: true, extend_fs: 'yes',
      exclude_packing_files: true, flags: '-a -A -b 128',
    });
    expect(r.result.changed).toBe(true);
    expect(r.result.cmd).toMatch(/\/usr\/bin\/mksysb -m -e -X -P -a -A -b 128 \S+$/);
  });
});

describe('create savevg', () => {
  it('backs up datavg; a rerun changes nothing', async () => {
    const location = join(b.dir, 'datavg.savevg');
    const first = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    expect(first.result.changed).toBe(true);
    expect(info(first)).toMatchObject({ volume_group: 'datavg', kind: 'savevg', complete: true });
    expect(first.result.cmd).toMatch(/\/usr\/bin\/savevg -f \S+\.partial-\S+ datavg$/);
    const second = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    expect(second.result.changed).toBe(false);
    expect(second.result.commands).toEqual([]);
  });

  it('refuses a varied-off volume group and runs nothing that writes', async () => {
    b.lpar.sim(['varyoff', 'datavg']);
    const r = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'd.img') });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^Volume group datavg is not varied on \(active: rootvg\).*varyonvg datavg/);
    expect(b.mutating()).toEqual([]);
    expect(b.files()).toEqual([]);
  });

  it('refuses to replace an image of another volume group unless forced', async () => {
    const location = join(b.dir, 'image');
    await b.backup({ action: 'create', type: 'mksysb', location });
    const original = b.bytes('image');
    const r = await b.backup({ action: 'create', name: 'datavg', location });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toBe(`${location} holds a mksysb image of rootvg, not a savevg image of datavg; nothing was touched. Choose another location, or set force: true to replace it.`);
    expect(b.bytes('image').equals(original)).toBe(true);
    const forced = await b.backup({ action: 'create', name: 'datavg', location, force: true });
    expect(forced.result.changed).toBe(true);
    expect(info(forced).volume_group).toBe('datavg');
  });

  it('structure only (exclude_data) gives a VG-data-only image', async () => {
    const location = join(b.dir, 'backup_datavg');
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location, exclude_data: true, exclude_files: true, create_data_file: 'yes' });
    expect(r.result.changed).toBe(true);
    expect(r.result.cmd).toMatch(/savevg -f \S+ -i -e -r datavg$/);
    expect((r.result.backup as { vg_data_only: boolean }).vg_data_only).toBe(true);
  });

  it('without location writes to AIX default tape /dev/rmt0, in place, and says so', async () => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg' });
    expect(r.result.changed).toBe(true);
    expect(r.result.cmd).toMatch(/savevg -f \/dev\/rmt0 datavg$/);
    expect(r.result.device_note).toMatch(/\/dev\/rmt0 is a device: the image was written in place/);
  });

  it('a missing tape is a clear failure before anything runs', async () => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: '/dev/rmt7' });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^location: device \/dev\/rmt7 does not exist on this LPAR/);
    expect(b.lpar.invocations()).toEqual([]);
  });

  it('0512-003 (some files not archived) is a success with a warning', async () => {
    b.lpar.sim(['unreadable', '/data1/payroll.db']);
    const r = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'd.img') });
    expect(r.result.changed).toBe(true);
    expect(r.result.failed).toBeUndefined();
    expect((r.result.warnings as string[]).some((w) => /0512-003/.test(w))).toBe(true);
  });
});

describe('bad input fails before any command runs', () => {
  it.each([
    [{ action: 'create', type: 'savevg', location: '/tmp/x' }, /^name: action create with type savevg needs the volume group/],
    [{ action: 'create', type: 'savevg', name: 'rootvg', exclude_data: true, location: '/tmp/x' }, /^exclude_data: cannot be used on rootvg/],
    [{ action: 'create', type: 'mksysb', location: 'relative/img' }, /^location: "relative\/img" is not an absolute path/],
    [{ action: 'create', type: 'mksysb', location: '/dav/rmt1' }, /^location: directory \/dav does not exist/],
    [{ action: 'create', type: 'mksysb', location: '/tmp/x', flags: '-Q' }, /^flags: -Q is not a flag of mksysb; mksysb accepts /],
    [{ action: 'create', type: 'mksysb', location: '/tmp/x', create_data_file: 'mapfile', flags: '-i' }, /^flags: -i means create_data_file: yes, which contradicts create_data_file: mapfile set in this task; keep one of them$/],
    [{ action: 'create', type: 'savevg', name: 'datavg', location: '/tmp/x', flags: '-f /tmp/y' }, /^flags: -f \/tmp\/y means location: \/tmp\/y, which contradicts location: \/tmp\/x/],
    [{ action: 'create', type: 'mksysb', location: '/tmp/x', flags: "-x 'unclosed" }, /^flags: unbalanced single quote at character 4/],
    [{ action: 'create', type: 'mksysb', location: '/tmp/x', flags: "-x 'unclosed" }, /^flags: /],
    [{ action: 'create', type: 'mksysb', location: '/tmp/x', flags: '; rm -rf /' }, /^flags: ";" is not a flag/],
  ])('%j', async (args, msg) => {
    const r = await b.backup(args);
    expect(r.result.failed).toBe(true);
    expect(String(r.result.msg)).toMatch(msg);
    expect(b.lpar.invocations()).toEqual([]);
  });
});

describe('locks and leftovers', () => {
  it('a lock held by a live process makes the run wait, then fail with who holds it', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    writeFileSync(`${location}.lock`, JSON.stringify({ host: 'other-lpar', pid: 4242, since: '2026-01-01T00:00:00Z', token: 'x' }));
    const started = Date.now();
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^location is locked by process 4242 on other-lpar since 2026-01-01T00:00:00Z .*waited 1 s \(lock_timeout\)/);
    expect(b.mutating()).toEqual([]);
  });

  it('a lock left by a dead process on this host is taken over at once', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const { hostname } = await import('node:os');
    writeFileSync(`${location}.lock`, JSON.stringify({ host: hostname(), pid: 2 ** 22 + 7, since: '2026-01-01T00:00:00Z', token: 'x' }));
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 0 });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/took over the lock left by process \d+, which is gone/);
    expect(b.files()).toEqual(['rootvg.mksysb']);
  });

  it('a run with nothing to write still removes what a killed run left, outside check mode only', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    const { hostname } = await import('node:os');
    const leftovers = () => {
      writeFileSync(`${location}.lock`, JSON.stringify({ host: hostname(), pid: 2 ** 22 + 9, since: '2026-01-01T00:00:00Z', token: 'y' }));
      writeFileSync(join(b.dir, `.rootvg.mksysb.partial-${hostname()}-${2 ** 22 + 9}`), 'half an image');
    };
    leftovers();
    const check = await b.backup({ action: 'create', type: 'mksysb', location, _ansible_check_mode: true });
    expect(check.result.changed).toBe(false);
    expect(b.files()).toHaveLength(3);
    const r = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(r.result.changed).toBe(false);
    expect(b.files()).toEqual(['rootvg.mksysb']);
    expect((r.result.warnings as string[]).join('\n')).toMatch(/Removed the lock and 1 partial file\(s\) .* left by process \d+ on .*, which was killed while writing; the image was not touched\./);
  });

  it('a run with nothing to write leaves a live run\'s lock alone', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    writeFileSync(`${location}.lock`, JSON.stringify({ host: 'other-lpar', pid: 4242, since: '2026-01-01T00:00:00Z', token: 'x' }));
    const r = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(r.result.changed).toBe(false);
    expect(b.files()).toEqual(['rootvg.mksysb', 'rootvg.mksysb.lock']);
  });

  it('a partial file left by a killed run is removed by the next run that writes', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    writeFileSync(join(b.dir, '.rootvg.mksysb.partial-oldhost-99999'), 'half an image');
    const r = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(r.result.changed).toBe(true);
    expect(b.files()).toEqual(['rootvg.mksysb']);
  });
});

describe('faults keep the old image', () => {
  async function withGoodImage(): Promise<{ location: string; original: Buffer }> {
    const location = join(b.dir, 'rootvg.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    return { location, original: readFileSync(location) };
  }

  it.each([
    ['fail', ['--kind', 'fail', '--rc', '3', '--message', '0512-005 mksysb: Backup Completed.']],
    ['kill', ['--kind', 'kill', '--after-bytes', '5000']],
    ['fs-full', ['--kind', 'fs-full', '--after-bytes', '5000']],
  ])('%s', async (_name, fault) => {
    const { location, original } = await withGoodImage();
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', ...fault]);
    const r = await b.backup({ action: 'create', type: 'mksysb', location, force: true });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(new RegExp(`^mksysb failed, ${location} was left as it was: .+`));
    expect(readFileSync(location).equals(original)).toBe(true);
    expect(b.files()).toEqual(['rootvg.mksysb']);
    const view = await b.backup({ action: 'view', location });
    expect(view.result.failed).toBeUndefined();
  });
});
