// powerops.aix.backup_info against simulated LPARs, the module run as a process: what it lists,
// what it costs (recorded images run no AIX command), that it writes nothing beside the images,
// and which volume groups it calls stale.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { makeLpar } from '../../harness/lpar';
import { runModule, type ModuleRun } from '../helpers/module';
import { anyNumber } from '../helpers/matchers';

interface Image {
  location: string;
  kind: string | null;
  complete: boolean;
  volume_group: string | null;
  hostname: string | null;
  age_seconds: number | null;
  problem?: string;
  logical_volumes: unknown[];
}
interface Stale {
  hostname: string | null;
  volume_group: string;
  location: string | null;
  age_seconds: number | null;
}

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lpar1' });
});
afterEach(() => b.cleanup());

const info = (args: Record<string, unknown>, root = b.lpar.root): Promise<ModuleRun> => runModule('backup_info', args, { env: { AIX_ROOT: root } });
const images = (r: ModuleRun): Image[] => r.result.images as Image[];
const stale = (r: ModuleRun): Stale[] => r.result.stale as Stale[];
/** Names, sizes and mtimes: what a read-only run must leave exactly as it was. */
const listing = (dir: string): string[] => readdirSync(dir).sort().map((f) => `${f} ${statSync(join(dir, f)).size} ${statSync(join(dir, f)).mtimeMs}`);

describe('backup_info', () => {
  it('lists each image with the fields of backup, skipping temporary and lock files', async () => {
    await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'lpar1.mksysb') });
    await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, 'datavg.savevg') });
    writeFileSync(join(b.dir, '.lpar1.rootvg.20240101T000000Z.mksysb.partial-lpar1-4242'), 'being written');
    writeFileSync(join(b.dir, 'lpar1.rootvg.lock'), '{"host":"lpar1","pid":1}');
    const view = await b.backup({ action: 'view', location: join(b.dir, 'lpar1.mksysb') });
    const r = await info({ paths: [b.dir] });
    expect(r.result.failed).toBeUndefined();
    expect(r.result.changed).toBe(false);
    expect(images(r).map((i) => i.location)).toEqual([join(b.dir, 'datavg.savevg'), join(b.dir, 'lpar1.mksysb')]);
    const [data, root] = images(r) as [Image, Image];
    expect(data).toMatchObject({ kind: 'savevg', volume_group: 'datavg', complete: true, hostname: 'lpar1' });
    expect(root).toEqual({ ...(view.result.backup as Image), age_seconds: root.age_seconds });
    expect(root.age_seconds).toBeGreaterThanOrEqual(0);
    expect(stale(r)).toEqual([]);
    expect(r.result.msg).toBe('2 images in 1 path, 2 complete; no stale volume group (warn_age 14d).');
  });

  it('images this LPAR made or checked cost no AIX command; an unknown one gets one full check, once', async () => {
    await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'lpar1.mksysb') });
    const other = makeLpar({ hostname: 'lpar2' });
    try {
      await runModule('backup', { action: 'create', type: 'mksysb', location: join(b.dir, 'lpar2.mksysb') }, { env: { AIX_ROOT: other.root } });
      const first = await info({ paths: [b.dir] });
      const checked = first.result.commands as string[];
      expect(checked).toHaveLength(2);
      expect(checked[0]).toMatch(/listvgbackup -l -f \S+\/lpar2\.mksysb$/);
      expect(checked[1]).toMatch(/listvgbackup -f \S+\/lpar2\.mksysb$/);
      const second = await info({ paths: [b.dir] });
      expect(second.result.commands).toEqual([]);
      expect(images(second).map((i) => i.hostname)).toEqual(['lpar1', 'lpar2']);
    } finally {
      other.cleanup();
    }
  });

  it('is read-only: the image directory is left exactly as it was, in check mode too', async () => {
    await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'lpar1.mksysb') });
    writeFileSync(join(b.dir, 'notes.txt'), 'not an image');
    const before = listing(b.dir);
    const runs = b.lpar.invocations().length;
    const normal = await info({ paths: [b.dir] });
    const check = await info({ paths: [b.dir], _ansible_check_mode: true });
    expect(listing(b.dir)).toEqual(before);
    expect(check.result.changed).toBe(false);
    const withoutAge = (r: ModuleRun) => images(r).map(({ age_seconds: _age, ...rest }) => rest);
    expect(withoutAge(check)).toEqual(withoutAge(normal));
    expect(b.lpar.invocations().slice(runs).every((i) => !i.mutates)).toBe(true);
  });

  it('lists a truncated image and a file that is not an image as incomplete, with the problem', async () => {
    const location = join(b.dir, 'lpar1.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    truncateSync(location, Math.floor(statSync(location).size / 2));
    writeFileSync(join(b.dir, 'notes.txt'), 'not an image');
    const r = await info({ paths: [b.dir] });
    const [broken, notes] = images(r) as [Image, Image];
    expect(broken).toMatchObject({ location, complete: false, kind: null, volume_group: 'rootvg' });
    expect(broken.problem).toMatch(/^reading the whole image failed/);
    expect(notes).toMatchObject({ location: join(b.dir, 'notes.txt'), complete: false, volume_group: null });
    expect(notes.problem).toBeTruthy();
    expect(stale(r)).toEqual([{ hostname: 'lpar1', volume_group: 'rootvg', location: null, age_seconds: null }]);
    expect(r.result.msg).toBe(`2 images in 1 path, 0 complete; 2 not usable (each one's problem is in images): ${join(b.dir, 'lpar1.mksysb')}, ${join(b.dir, 'notes.txt')}; older than warn_age 14d: lpar1 rootvg (no complete image).`);
  });

  it('stale: a volume group whose newest complete image is older than warn_age, per host', async () => {
    // The LPAR's clock two hours behind while the old image is made: it is dated two hours ago.
    b.lpar.sim(['clock', '--offset', '-7200']);
    await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'old.mksysb') });
    b.lpar.sim(['clock', '--offset', '0']);
    await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, 'datavg.savevg') });
    const r = await info({ paths: [b.dir], warn_age: '1h' });
    expect(stale(r)).toEqual([{ hostname: 'lpar1', volume_group: 'rootvg', location: join(b.dir, 'old.mksysb'), age_seconds: anyNumber() }]);
    expect(stale(r)[0]?.age_seconds).toBeGreaterThanOrEqual(7200);
    expect(r.result.msg).toMatch(/; older than warn_age 1h: lpar1 rootvg \(2\.0 h\)\.$/);
    // A newer complete image of the same volume group makes it current again.
    await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'new.mksysb') });
    const after = await info({ paths: [b.dir], warn_age: '1h' });
    expect(stale(after).filter((s) => s.volume_group === 'rootvg')).toEqual([]);
  });

  it('takes files and directories together, each image once', async () => {
    const location = join(b.dir, 'lpar1.mksysb');
    await b.backup({ action: 'create', type: 'mksysb', location });
    const r = await info({ paths: [location, b.dir] });
    expect(images(r).map((i) => i.location)).toEqual([location]);
    expect(r.result.msg).toMatch(/^1 image in 2 paths, 1 complete;/);
  });

  it('lists the dated images of a directory location', async () => {
    await b.backup({ action: 'create', type: 'mksysb', location: b.dir, max_age: '1d' });
    const r = await info({ paths: [b.dir] });
    expect(images(r)).toHaveLength(1);
    expect(images(r)[0]?.location).toMatch(/\/lpar1\.rootvg\.\d{8}T\d{6}Z\.mksysb$/);
    expect(r.result.commands).toEqual([]);
  });

  it('does not follow a symlink found in a directory: it is named in a warning and nothing is read through it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'backup-info-link-'));
    try {
      const image = join(b.dir, 'lpar1.mksysb');
      await b.backup({ action: 'create', type: 'mksysb', location: image });
      writeFileSync(join(elsewhere, 'secret'), 'not for the image directory');
      symlinkSync(image, join(b.dir, 'alias.mksysb'));
      symlinkSync(join(elsewhere, 'secret'), join(b.dir, 'planted.mksysb'));
      const r = await info({ paths: [b.dir] });
      expect(r.result.failed).toBeUndefined();
      expect(images(r).map((i) => i.location)).toEqual([image]);
      expect(r.result.commands).toEqual([]);
      const warnings = (r.result.warnings as string[] | undefined) ?? [];
      expect(warnings).toContainEqual(expect.stringContaining(`2 symbolic link(s) in the directories were not followed (${join(b.dir, 'alias.mksysb')}, ${join(b.dir, 'planted.mksysb')})`));
      expect(r.result.msg).toBe('1 image in 1 path, 1 complete; no stale volume group (warn_age 14d).');
      // A link the admin names is a location like any other: followed.
      const named = await info({ paths: [join(b.dir, 'alias.mksysb')] });
      expect(images(named)).toMatchObject([{ location: join(b.dir, 'alias.mksysb'), complete: true, volume_group: 'rootvg' }]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('an empty directory: no image, nothing stale', async () => {
    const r = await info({ paths: [b.dir] });
    expect(r.result).toMatchObject({ changed: false, images: [], stale: [], msg: '0 images in 1 path, 0 complete; no stale volume group (warn_age 14d).' });
  });
});

describe('bad input is refused before any command runs, naming the option', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a path that does not exist', { paths: ['/nonexistent/images'] }, /^paths: \/nonexistent\/images does not exist/],
    ['a relative path', { paths: ['images'] }, /^paths: "images" is not an absolute path/],
    ['no paths', { paths: [] }, /paths/],
    ['a warn_age that is not a duration', { paths: ['/tmp'], warn_age: 'soon' }, /warn_age/],
  ];
  it.each(cases)('%s', async (_title, args, msg) => {
    const r = await info(args);
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(msg);
    expect(b.lpar.invocations()).toEqual([]);
  });
});
