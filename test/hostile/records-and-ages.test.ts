// Records that notice and ages that do not lie: an image changed in place with its mtime put
// back, damaged and older records, images dated in the future or in a time zone nobody knows.
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeSync, openSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { aixDate, forgeImage, sharedDir } from './setup';

let lpar: Lpar;
let dir: string;
beforeEach(() => {
  lpar = makeLpar({ hostname: 'lpar1' });
  dir = sharedDir('sticky');
});
afterEach(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ env: { AIX_ROOT: lpar.root } });
const create = (location: string, extra: Record<string, unknown> = {}) => runModule('backup', { action: 'create', type: 'mksysb', location, ...extra }, env());
const info = (path: string) => runModule('backup_info', { paths: [path] }, env());
const commandNames = (r: { result: Record<string, unknown> }) => (r.result.commands as string[]).map((c) => c.split(' ')[0]!.split('/').pop());
const recordFiles = () => readdirSync(join(lpar.root, 'var/powerops/images')).map((f) => join(lpar.root, 'var/powerops/images', f));

/** Changes bytes inside the file without changing its size, then puts its times back. */
function tamperKeepingTimes(path: string): void {
  const st = statSync(path);
  const times = `${path}.times`;
  // touch -r copies the times to the nanosecond, as an attacker's utimensat(2) would.
  expect(spawnSync('touch', ['-r', path, times]).status).toBe(0);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from('XXXX'), 0, 4, Math.floor(st.size / 2));
  closeSync(fd);
  expect(spawnSync('touch', ['-r', times, path]).status).toBe(0);
  rmSync(times);
  expect(statSync(path).mtimeMs).toBe(st.mtimeMs);
  expect(statSync(path).size).toBe(st.size);
}

describe('records keep ctime, nlink and owner', () => {
  it('an image changed in place with its mtime put back gets a full check, fails it, and is replaced', async () => {
    const path = join(dir, 'rootvg.mksysb');
    expect((await create(path)).result.changed).toBe(true);
    expect(commandNames(await create(path))).toEqual([]); // the record vouches for the unchanged file
    tamperKeepingTimes(path);
    const r = await create(path);
    expect(commandNames(r).slice(0, 1)).toEqual(['listvgbackup']);
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/^Replaced an incomplete image \(reading the whole image failed/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a restore reads the image in full now, even when its record vouches for it, before any disk is touched', async () => {
    const path = join(dir, 'datavg.savevg');
    expect((await runModule('backup', { action: 'create', type: 'savevg', name: 'datavg', location: path }, env())).result.changed).toBe(true);
    lpar.sim(['exportvg', 'datavg']);
    const before = lpar.invocations().length;
    const r = await runModule('backup', { action: 'restore', type: 'savevg', name: 'hdisk2', location: path }, env());
    expect(r.result.failed, r.result.msg).toBeUndefined();
    const seq = lpar.invocations().slice(before).map((i) => [i.cmd, ...i.argv].join(' '));
    const full = seq.findIndex((c) => c === `listvgbackup -f ${path}`);
    const restvg = seq.findIndex((c) => c.startsWith('restvg '));
    expect(full).toBeGreaterThanOrEqual(0);
    expect(restvg).toBeGreaterThan(full);
  });

  it('a restore of an image tampered with behind its record runs no restvg', async () => {
    const path = join(dir, 'datavg.savevg');
    expect((await runModule('backup', { action: 'create', type: 'savevg', name: 'datavg', location: path }, env())).result.changed).toBe(true);
    lpar.sim(['exportvg', 'datavg']);
    tamperKeepingTimes(path);
    const before = lpar.invocations().length;
    const r = await runModule('backup', { action: 'restore', type: 'savevg', name: 'hdisk2', location: path }, env());
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^The image at .* is not usable \(reading the whole image failed/);
    expect(lpar.invocations().slice(before).map((i) => i.cmd)).not.toContain('restvg');
  });

  for (const [what, damage] of [
    ['damaged', (f: string) => writeFileSync(f, '{"format": 2, "location": ')],
    ['of an older format', (f: string) => writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), format: 1 }))],
    ['of the wrong shape', (f: string) => writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), info: 'x' }))],
  ] as const) {
    it(`a record ${what} is no record: one full check, never an internal error`, async () => {
      const path = join(dir, 'rootvg.mksysb');
      expect((await create(path)).result.changed).toBe(true);
      for (const f of recordFiles()) damage(f);
      const r = await create(path);
      expect(r.result.failed, r.result.msg).toBeUndefined();
      expect(r.result.changed).toBe(false);
      expect(commandNames(r)).toEqual(['listvgbackup', 'listvgbackup']);
      expect(commandNames(await create(path))).toEqual([]);
    });
  }

  it('records are 0600 in a 0700 directory owned by root', async () => {
    expect((await create(join(dir, 'rootvg.mksysb'))).result.changed).toBe(true);
    const recDir = join(lpar.root, 'var/powerops/images');
    expect(statSync(recDir).mode & 0o777).toBe(0o700);
    expect(statSync(recDir).uid).toBe(0);
    for (const f of recordFiles()) expect(statSync(f).mode & 0o777).toBe(0o600);
  });
});

describe('honest ages', () => {
  /** A valid image of this LPAR whose header says another date, as a skewed clock would write it. */
  async function imageDated(date: string, name: string): Promise<string> {
    const real = join(dir, 'real.mksysb');
    expect((await create(real)).result.changed).toBe(true);
    const forged = join(dir, name);
    forgeImage(real, forged, (h) => (h.date = date));
    rmSync(real);
    return forged;
  }

  it('an image dated in the future is not fresh: the module makes a new one and warns of clock skew; backup_info calls it suspect', async () => {
    const path = await imageDated(aixDate(new Date(Date.now() + 30 * 86400_000)), 'rootvg.mksysb');
    const seen = await info(path);
    const image = (seen.result.images as Record<string, unknown>[])[0]!;
    expect(image.complete, JSON.stringify(image.problem)).toBe(true);
    expect(image.age_seconds).toBeNull();
    expect(image.age_suspect).toMatch(/dated in the future .*: clock skew\?/);
    expect(seen.result.stale).toHaveLength(1);

    const r = await create(path, { max_age: '1d' });
    expect(r.result.changed).toBe(true);
    expect((r.result.warnings as string[]).join('\n')).toMatch(/dated in the future .*: clock skew\?/);
  });

  it('a date in an unknown time zone falls back to the file mtime, not to when it was last checked', async () => {
    const path = await imageDated(aixDate(new Date(Date.now() - 3 * 86400_000), 'XYZ'), 'rootvg.mksysb');
    const threeDaysAgo = new Date(Date.now() - 3 * 86400_000);
    utimesSync(path, threeDaysAgo, threeDaysAgo);
    const seen = await info(path);
    const image = (seen.result.images as Record<string, unknown>[])[0]!;
    expect(image.complete, JSON.stringify(image.problem)).toBe(true);
    expect(Math.abs((image.age_seconds as number) - 3 * 86400)).toBeLessThan(120);
    expect(image.age_suspect).toMatch(/time zone of its date .* is unknown: age from the file's modification time/);

    const r = await create(path, { max_age: '1d' });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/^Replaced an image 3(\.0)? d old \(max_age 1d\)/);
  });
});
