// powerops.aix.mksysb: community.general.mksysb's options against a simulated LPAR, the module
// run as a process. The flags follow AIX's documentation (reference §7), not the original module.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { runModule, type ModuleRun } from '../helpers/module';

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lpar1' });
});
afterEach(() => b.cleanup());

const mksysb = (args: Record<string, unknown>): Promise<ModuleRun> =>
  runModule('mksysb', { name: 'lpar1.mksysb', storage_path: b.dir, ...args }, { env: { AIX_ROOT: b.lpar.root } });

/** The flags of the mksysb command line, in order, without the image operand. */
const flagsOf = (r: ModuleRun): string[] => String(r.result.cmd).split(' ').slice(1, -1);

describe('mksysb with community.general.mksysb options', () => {
  it('writes storage_path/name; as community.general.mksysb, every run makes a new image unless max_age is set', async () => {
    const first = await mksysb({});
    expect(first.result).toMatchObject({ changed: true, msg: `Created a mksysb image of rootvg at ${join(b.dir, 'lpar1.mksysb')}` });
    expect(first.result.backup).toMatchObject({ location: join(b.dir, 'lpar1.mksysb'), kind: 'mksysb', volume_group: 'rootvg', hostname: 'lpar1', complete: true });
    expect(String(first.result.cmd)).toMatch(/\/usr\/bin\/mksysb .* \S+\/\.lpar1\.mksysb\.partial-\S+$/);
    expect(b.files()).toEqual(['lpar1.mksysb']);
    const second = await mksysb({});
    expect(second.result).toMatchObject({ changed: true, msg: `Made a new mksysb image of rootvg at ${join(b.dir, 'lpar1.mksysb')} (force)` });
    expect(b.mutating()).toHaveLength(2);
    const third = await mksysb({ max_age: '20h' });
    expect(third.result.changed).toBe(false);
    expect(third.result.commands).toEqual([]);
    expect(b.mutating()).toHaveLength(2);
    expect(b.files()).toEqual(['lpar1.mksysb']);
  });

  it('defaults: -i (new_image_data), -X (always, as the original), -A (backup_dmapi_fs); no -a, no -p, no -Z', async () => {
    expect(flagsOf(await mksysb({}))).toEqual(['-i', '-X', '-A']);
  });

  // One row per option: the value set, and the flags the command line then has.
  const rows: [string, Record<string, unknown>, string[]][] = [
    ['extended_attrs false drops extended attributes (-a)', { extended_attrs: false }, ['-i', '-X', '-a', '-A']],
    ['extended_attrs true keeps them (no -a)', { extended_attrs: true }, ['-i', '-X', '-A']],
    ['software_packing true excludes /etc/exclude_packing.rootvg from packing (-P)', { software_packing: true }, ['-i', '-X', '-P', '-A']],
    ['backup_crypt_files false leaves out EFS information (-Z)', { backup_crypt_files: false }, ['-i', '-X', '-A', '-Z']],
    ['backup_dmapi_fs false: no -A', { backup_dmapi_fs: false }, ['-i', '-X']],
    ['create_map_files: -m, which includes what -i does', { create_map_files: true }, ['-m', '-X', '-A']],
    ['new_image_data false: no -i', { new_image_data: false }, ['-X', '-A']],
    ['exclude_files: -e', { exclude_files: true }, ['-i', '-e', '-X', '-A']],
    ['exclude_wpar_files: -G', { exclude_wpar_files: true }, ['-i', '-X', '-A', '-G']],
    ['use_snapshot: -T', { use_snapshot: true }, ['-i', '-X', '-A', '-T']],
  ];
  it.each(rows)('%s', async (_title, options, flags) => {
    const r = await mksysb(options);
    expect(r.result.changed).toBe(true);
    expect(flagsOf(r)).toEqual(flags);
  });

  it("the EXAMPLES task of community.general.mksysb: exclude_files and exclude_wpar_files", async () => {
    const r = await mksysb({ name: 'myserver', exclude_files: true, exclude_wpar_files: true });
    expect(r.result.changed).toBe(true);
    expect(flagsOf(r)).toEqual(['-i', '-e', '-X', '-A', '-G']);
    expect(b.files()).toEqual(['myserver']);
  });

  it('takes Ansible-style booleans as the original does', async () => {
    const r = await mksysb({ extended_attrs: 'no', use_snapshot: 'yes' });
    expect(flagsOf(r)).toEqual(['-i', '-X', '-a', '-A', '-T']);
  });

  it('check mode previews the command and writes nothing', async () => {
    const r = await mksysb({ _ansible_check_mode: true });
    expect(r.result.changed).toBe(true);
    expect(r.result.msg).toMatch(/^Check mode: Would create a mksysb image/);
    expect(b.files()).toEqual([]);
    expect(b.mutating()).toEqual([]);
  });

  it('max_age and force decide when a new image replaces the one there', async () => {
    await mksysb({});
    expect((await mksysb({ max_age: '1d' })).result.changed).toBe(false);
    const forced = await mksysb({ force: true });
    expect(forced.result).toMatchObject({ changed: true, msg: `Made a new mksysb image of rootvg at ${join(b.dir, 'lpar1.mksysb')} (force)` });
    expect(b.files()).toEqual(['lpar1.mksysb']);
  });

  it('a failed mksysb leaves the image there as it was', async () => {
    await mksysb({});
    const original = b.bytes('lpar1.mksysb');
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'kill', '--after-bytes', '4000']);
    const r = await mksysb({ force: true });
    expect(r.result.failed).toBe(true);
    expect(b.bytes('lpar1.mksysb').equals(original)).toBe(true);
    expect(b.files()).toEqual(['lpar1.mksysb']);
  });
});

describe('bad input is refused before any command runs, naming the option', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['a storage_path that does not exist', { storage_path: '/nonexistent/images' }, /^storage_path: \/nonexistent\/images is not an existing directory/],
    ['a relative storage_path', { storage_path: 'images' }, /^storage_path: images is not an existing directory/],
    ['a name with a slash', { name: 'sub/lpar1.mksysb' }, /^name: "sub\/lpar1\.mksysb" is not a file name/],
    ['no name', { name: undefined }, /name/],
    ['an option the original does not have', { location: '/tmp/x' }, /location/],
  ];
  it.each(cases)('%s', async (_title, args, msg) => {
    const r = await mksysb(args);
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(msg);
    expect(b.lpar.invocations()).toEqual([]);
  });

  it.each([
    ['hdisk1', /^storage_path: \/dev is the device directory, and \/dev\/hdisk1 is a disk, not a tape: mksysb writes over the device it is given/],
    ['lpar1.mksysb', /^storage_path: \/dev is the device directory, and \/dev\/lpar1\.mksysb is not a tape device: .*storage_path: \/mnt\/backups\.$/],
  ])('storage_path /dev with name %s: only tapes under /dev', async (name, msg) => {
    const r = await mksysb({ storage_path: '/dev', name });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(msg);
    expect(b.lpar.invocations()).toEqual([]);
  });

  it('a storage_path that normalises to /dev is /dev', async () => {
    const r = await mksysb({ storage_path: `${b.dir}/../../dev`, name: 'hd5' });
    expect(r.result.msg).toMatch(/^storage_path: \S+ is the device directory, and \/dev\/hd5 is not a tape device/);
    expect(b.lpar.invocations()).toEqual([]);
  });

  it('a name that is a directory inside storage_path', async () => {
    const r = await mksysb({ name: '.' });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^name: "\." is not a file name/);
  });
});
