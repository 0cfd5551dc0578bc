// Retention and max_age by provenance in a shared sticky directory: names planted by an
// unprivileged user, links, a clone LPAR with the same host name (another machine ID) writing the
// same export, names dated in the future, host names with dots, thousands of look-alikes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, linkSync, lstatSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datedPath, encodePart } from '../../lib/image/dated-images';
import { seriesLockPath } from '../../lib/image/lock';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { attackerSync, makeShared, NOBODY, sharedDir } from './setup';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Dated names have one-second resolution. */
const nextSecond = () => sleep(1100);

let lpar: Lpar;
let dir: string;
const others: Lpar[] = [];
beforeEach(() => {
  lpar = makeLpar({ hostname: 'lpar1' });
  dir = sharedDir('sticky');
});
afterEach(() => {
  lpar.cleanup();
  for (const o of others.splice(0)) o.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A directory location needs max_age: a day, as for a nightly job, unless a test says otherwise. */
const mksysb = (on: Lpar, extra: Record<string, unknown> = {}) =>
  runModule('backup', { action: 'create', type: 'mksysb', location: dir, max_age: '1d', ...extra }, { env: { AIX_ROOT: on.root } });

/** Another LPAR with the same host name: a clone, told apart only by its machine ID. */
function clone(hostname: string, machineId: string): Lpar {
  const c = makeLpar({ hostname });
  others.push(c);
  const state = join(c.root, 'var/aix-sim/state.json');
  const old = (JSON.parse(readFileSync(state, 'utf8')) as { machineId: string }).machineId;
  writeFileSync(state, readFileSync(state, 'utf8').replaceAll(old, machineId));
  const imageData = join(c.root, 'image.data');
  writeFileSync(imageData, readFileSync(imageData, 'utf8').replaceAll(old, machineId));
  return c;
}

const ours = () => readdirSync(dir).filter((n) => /^lpar1\.rootvg\.\d{8}T\d{6}Z(-\d+)?\.mksysb$/.test(n)).sort();

describe('keep counts and removes only the images whose header names this LPAR', () => {
  it('planted names, links, a clone with the same host name and future dates are neither counted nor touched', async () => {
    const first = await mksysb(lpar);
    expect(first.result.changed).toBe(true);
    await nextSecond();
    expect((await mksysb(lpar, { force: true })).result.changed).toBe(true);
    const mine = ours();
    expect(mine).toHaveLength(2);

    // An unprivileged user plants look-alikes: a junk file with an old date, a symlink to one
    // of the real images, and a name dated in the future.
    const planted = attackerSync(
      `const fs = require('fs'); const [dir, target] = process.argv.slice(1);
       fs.writeFileSync(dir + '/lpar1.rootvg.20200101T000000Z.mksysb', 'not an image');
       fs.symlinkSync(target, dir + '/lpar1.rootvg.20210101T000000Z.mksysb');
       fs.writeFileSync(dir + '/lpar1.rootvg.20991231T235959Z.mksysb', 'from the future');`,
      [dir, join(dir, mine[0]!)],
    );
    expect(planted.rc, planted.stderr).toBe(0);
    // The root user of another LPAR hard-links one of our images under an older name.
    linkSync(join(dir, mine[1]!), join(dir, 'lpar1.rootvg.20220101T000000Z.mksysb'));
    // A clone (same host name, another machine ID) writes its own image to the same export.
    await nextSecond();
    const twin = clone('lpar1', '00AAAAAA4C00');
    const beforeTwin = new Set(readdirSync(dir));
    expect((await mksysb(twin, { force: true })).result.changed).toBe(true);
    const all = readdirSync(dir).sort();
    const twinImage = all.find((n) => !beforeTwin.has(n) && n.endsWith('.mksysb'))!;
    expect(twinImage).toMatch(/^lpar1\.rootvg\.\d{8}T\d{6}Z\.mksysb$/);
    const twinBytes = readFileSync(join(dir, twinImage));

    await nextSecond();
    const r = await mksysb(lpar, { force: true, keep: 1 });
    expect(r.result.changed).toBe(true);
    const made = (r.result.backup as { location: string }).location;
    // Only this LPAR's own older image was removed. The other one has a second hard link, planted
    // by someone else: it is not provably this LPAR's alone any more, so it is neither counted
    // nor removed.
    expect(r.result.pruned).toEqual([join(dir, mine[0]!)]);
    const left = readdirSync(dir).sort();
    expect(left).toEqual([...all.filter((n) => n !== mine[0]), made.slice(dir.length + 1)].sort());
    expect(readFileSync(join(dir, twinImage)).equals(twinBytes)).toBe(true);
    expect(lstatSync(join(dir, 'lpar1.rootvg.20200101T000000Z.mksysb')).uid).toBe(NOBODY);
    const warnings = (r.result.warnings as string[]).join('\n');
    expect(warnings).toContain('dated in the future');
    expect(warnings).toContain('clock skew?');
    expect(warnings).toContain('lpar1.rootvg.20991231T235959Z.mksysb');
  });

  it("an image the clone made never satisfies this LPAR's max_age: this LPAR makes its own and says why", async () => {
    const twin = clone('lpar1', '00BBBBBB4C00');
    expect((await mksysb(twin)).result.changed).toBe(true);
    const r = await mksysb(lpar, { max_age: '1d' });
    expect(r.result.changed).toBe(true);
    expect(ours()).toHaveLength(2);
    const warnings = (r.result.warnings as string[]).join('\n');
    expect(warnings).toMatch(/made on lpar1 \(machine ID 00BBBBBB4C00\), not on this LPAR/);
    // And the clone, in turn, does not count this LPAR's image as its own: it reads that unknown
    // image once (its header), then knows it from its record.
    const back = await mksysb(twin, { max_age: '1d' });
    expect(back.result.changed).toBe(false);
    expect((back.result.commands as string[]).map((c) => c.split(' ')[0]!.split('/').pop())).toEqual(['listvgbackup', 'listvgbackup']);
    const again = await mksysb(twin, { max_age: '1d' });
    expect(again.result.changed).toBe(false);
    expect(again.result.commands).toEqual([]);
  });

  it('a future-dated planted name does not stop backups: max_age still finds the real newest image', async () => {
    expect((await mksysb(lpar)).result.changed).toBe(true);
    attackerSync(`require('fs').writeFileSync(process.argv[1] + '/lpar1.rootvg.20991231T235959Z.mksysb', 'x')`, [dir]);
    const r = await mksysb(lpar, { max_age: '1d' });
    expect(r.result.changed).toBe(false);
    expect(r.result.msg).toMatch(/^The newest complete mksysb image of rootvg in .* is lpar1\.rootvg\.\d{8}T\d{6}Z\.mksysb \(\d+ s old\); nothing to do\.$/);
    expect((r.result.warnings as string[]).join('\n')).toContain('dated in the future');
  });
});

describe('a directory location others could change', () => {
  for (const kind of ['open', 'group', 'nobody-owned'] as const) {
    it(`${kind}: refused before any command, and keep removes nothing`, async () => {
      expect((await mksysb(lpar)).result.changed).toBe(true);
      const before = readdirSync(dir).sort();
      const invocations = lpar.invocations().length;
      makeShared(dir, kind);
      const r = await mksysb(lpar, { force: true, keep: 1 });
      expect(r.result.failed).toBe(true);
      expect(r.result.msg).toContain(`location: directory ${dir} `);
      expect(r.result.msg).toContain('Fix: ');
      expect(lpar.invocations().length).toBe(invocations);
      expect(readdirSync(dir).sort()).toEqual(before);
    });
  }
});

describe('names that cannot collide', () => {
  it('a dot in a host or volume group name is encoded, so the parts can always be told apart', () => {
    const a = datedPath({ dir: '/d', host: 'a.b', vg: 'c', kind: 'savevg' }, new Date(0));
    const b = datedPath({ dir: '/d', host: 'a', vg: 'b.c', kind: 'savevg' }, new Date(0));
    expect(a).toBe('/d/a%2Eb.c.19700101T000000Z.savevg');
    expect(b).toBe('/d/a.b%2Ec.19700101T000000Z.savevg');
    expect(seriesLockPath({ dir: '/d', host: 'a.b', vg: 'c', kind: 'savevg' })).not.toBe(seriesLockPath({ dir: '/d', host: 'a', vg: 'b.c', kind: 'savevg' }));
    expect(encodePart('50%.x')).toBe('50%25%2Ex');
  });

  it('LPARs named lpar1 and lpar1.rootvg share a directory without touching each other', async () => {
    const dotted = makeLpar({ hostname: 'lpar1.rootvg' });
    others.push(dotted);
    expect((await mksysb(dotted)).result.changed).toBe(true);
    const [theirs] = readdirSync(dir);
    expect(theirs).toMatch(/^lpar1%2Erootvg\.rootvg\.\d{8}T\d{6}Z\.mksysb$/);
    await nextSecond();
    expect((await mksysb(lpar)).result.changed).toBe(true);
    await nextSecond();
    const r = await mksysb(lpar, { force: true, keep: 1 });
    expect(r.result.pruned).toHaveLength(1);
    expect(existsSync(join(dir, theirs!))).toBe(true);
  });

  it('a new image never replaces a file already at its dated name', async () => {
    // Plant a file at every name the next few seconds could give (as another LPAR's root could).
    const now = Date.now();
    const series = { dir, host: 'lpar1', vg: 'rootvg', kind: 'mksysb' } as const;
    const planted: string[] = [];
    for (let s = 0; s < 8; s++) {
      const p = datedPath(series, new Date(now + s * 1000));
      writeFileSync(p, `planted ${s}`);
      planted.push(p);
    }
    // On a loaded machine the run may name its image later than that: the following three minutes
    // get hard links to one more planted file. Their link count marks them as not this LPAR's
    // images, so the run reads none of them, and no wait depends on how fast the machine is.
    const spare = join(dir, 'planted-spare');
    writeFileSync(spare, 'planted spare');
    const linked: string[] = [];
    for (let s = 8; s < 180; s++) {
      const p = datedPath(series, new Date(now + s * 1000));
      linkSync(spare, p);
      linked.push(p);
    }
    const r = await mksysb(lpar);
    expect(r.result.changed).toBe(true);
    const made = (r.result.backup as { location: string }).location;
    expect(made).toMatch(/\.\d{8}T\d{6}Z-1\.mksysb$/);
    planted.forEach((p, s) => expect(readFileSync(p, 'utf8')).toBe(`planted ${s}`));
    for (const p of linked) expect(lstatSync(p).ino).toBe(lstatSync(spare).ino);
    expect(readFileSync(spare, 'utf8')).toBe('planted spare');
  });
});

describe('planted look-alikes cost nothing', () => {
  it('with thousands of unknown files and look-alike names, a no-op runs no AIX command', async () => {
    expect((await mksysb(lpar)).result.changed).toBe(true);
    const planted = attackerSync(
      `const fs = require('fs'); const dir = process.argv[1];
       for (let i = 0; i < 3000; i++) fs.writeFileSync(dir + '/junk-' + i, '');
       for (let i = 0; i < 2000; i++) {
         const d = new Date(Date.now() - i * 1000).toISOString().replace(/\\.\\d{3}Z$/, 'Z').replace(/[-:]/g, '');
         fs.writeFileSync(dir + '/lpar1.rootvg.' + d + '-' + (1 + (i % 900)) + '.mksysb', 'looks like an image');
       }`,
      [dir],
    );
    expect(planted.rc, planted.stderr).toBe(0);
    const before = lpar.invocations().length;
    const started = Date.now();
    const r = await mksysb(lpar, { max_age: '1d' });
    expect(r.result.changed).toBe(false);
    expect(r.result.commands).toEqual([]);
    expect(lpar.invocations().length).toBe(before);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect((r.result.warnings as string[]).join('\n')).toMatch(/\d+ file\(s\) in .* named like this LPAR's images are not counted/);
  });
});
