// action: create writes only where the admin meant: under /dev only on tapes (a disk or a logical
// volume is refused, naming what it is on this LPAR), paths normalised first, and a root-owned
// symlink followed once. The module runs as a process against a simulated LPAR.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lchownSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lpar1' });
});
afterEach(() => b.cleanup());

type Backup = { location: string; volume_group: string; kind: string; vg_data_only: boolean };
const backupOf = (r: { result: Record<string, unknown> }): Backup => r.result.backup as Backup;

describe('only tapes are devices', () => {
  it.each([
    ['/dev/hdisk1', /^location: \/dev\/hdisk1 is disk hdisk1, a disk of volume group datavg, not a tape: savevg writes over the device it is given/],
    ['/dev/rhdisk2', /^location: \/dev\/rhdisk2 is the raw device of disk hdisk2, in no volume group \(its data is still there\), not a tape/],
    ['/dev/datalv01', /^location: \/dev\/datalv01 is logical volume datalv01 of volume group datavg \(jfs2, mounted at \/data1\), not a tape/],
    ['/dev/rhd4', /^location: \/dev\/rhd4 is the raw device of logical volume hd4 of volume group rootvg \(jfs2, mounted at \/\), not a tape/],
    ['/dev/null', /^location: \/dev\/null is not a tape device, a disk or a logical volume of a varied-on volume group, not a tape: .*only tape devices \(\/dev\/rmtN, \/dev\/rmtN\.M\) are accepted; give an image file such as \/backup\/null\.savevg\./],
  ])('savevg to %s is refused naming what it is; nothing is written', async (location, msg) => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(msg);
    expect(b.mutating()).toEqual([]);
    const check = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location, _ansible_check_mode: true });
    expect(check.result).toMatchObject({ failed: true, msg: r.result.msg });
  });

  it('mksysb to a disk of rootvg is refused too', async () => {
    const r = await b.backup({ action: 'create', type: 'mksysb', location: '/dev/hdisk0' });
    expect(r.result.msg).toMatch(/^location: \/dev\/hdisk0 is disk hdisk0, a disk of volume group rootvg, not a tape: mksysb writes over/);
    expect(b.mutating()).toEqual([]);
  });

  it('a tape name rmtN.M is a tape: accepted as one (this LPAR has no rmt1)', async () => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: '/dev/rmt1.1' });
    expect(r.result.msg).toMatch(/^location: device \/dev\/rmt1\.1 does not exist on this LPAR/);
  });

  it('the path is normalised first: /dev/../DIR/x is the file DIR/x', async () => {
    const given = `/dev/..${b.dir}/./rootvg.mksysb`;
    const r = await b.backup({ action: 'create', type: 'mksysb', location: given });
    expect(r.result).toMatchObject({ changed: true, msg: `Created a mksysb image of rootvg at ${join(b.dir, 'rootvg.mksysb')}` });
    expect(b.files()).toEqual(['rootvg.mksysb']);
    const again = await b.backup({ action: 'create', type: 'mksysb', location: given });
    expect(again.result.changed).toBe(false);
    expect(again.result.commands).toEqual([]);
  });

  it('a disk in a normalised path is still a disk: /backup/../dev/hdisk1', async () => {
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: '/backup/../dev//hdisk1' });
    expect(r.result.msg).toMatch(/^location: \/dev\/hdisk1 is disk hdisk1, a disk of volume group datavg/);
    expect(b.mutating()).toEqual([]);
  });
});

describe('symlinked locations', () => {
  it('a root-owned symlink is followed once: the image is written at its target and the link kept', async () => {
    mkdirSync(join(b.dir, 'real'));
    const link = join(b.dir, 'current.mksysb');
    const target = join(b.dir, 'real', 'lpar1.mksysb');
    symlinkSync('real/lpar1.mksysb', link);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: link });
    expect(r.result).toMatchObject({ changed: true, link, msg: `Created a mksysb image of rootvg at ${target} (through the symlink ${link}, which is kept)` });
    expect(backupOf(r).location).toBe(target);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('real/lpar1.mksysb');
    expect(lstatSync(target).isFile()).toBe(true);
    const again = await b.backup({ action: 'create', type: 'mksysb', location: link });
    expect(again.result).toMatchObject({ changed: false, link, commands: [] });
    expect(again.result.msg).toMatch(/^A complete mksysb image of rootvg is at .*real\/lpar1\.mksysb \(through the symlink .*current\.mksysb, which is kept\)/);
    const view = await b.backup({ action: 'view', location: link });
    expect(view.result.failed).toBeUndefined();
  });

  it('a symlink to a directory makes the dated series in the target directory', async () => {
    mkdirSync(join(b.dir, 'series'));
    const link = join(b.dir, 'latest');
    symlinkSync(join(b.dir, 'series'), link);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: link, max_age: '1d' });
    expect(r.result).toMatchObject({ changed: true, link });
    expect(backupOf(r).location).toMatch(new RegExp(`^${b.dir}/series/lpar1\\.rootvg\\.\\d{8}T\\d{6}Z\\.mksysb$`));
  });

  it('a symlink owned by another user is refused, and nothing is written', async () => {
    const elsewhere = join(b.dir, 'elsewhere');
    mkdirSync(elsewhere);
    const link = join(b.dir, 'rootvg.mksysb');
    symlinkSync(join(elsewhere, 'x'), link);
    lchownSync(link, 65534, 65534);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: link });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toBe(`location: ${link} is a symlink owned by uid 65534, not by root: a backup is never written where another user's link points. Remove the link, or point location at the image file itself.`);
    expect(b.lpar.invocations()).toEqual([]);
    expect(b.files()).toEqual(['elsewhere', 'rootvg.mksysb']);
  });

  it('only one link is followed, and a link to a disk is a disk', async () => {
    symlinkSync(join(b.dir, 'b'), join(b.dir, 'a'));
    symlinkSync(join(b.dir, 'c'), join(b.dir, 'b'));
    const chain = await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'a') });
    expect(chain.result.msg).toMatch(/is a symlink to .*\/b, which is a symlink too; only one link is followed/);
    symlinkSync('/dev/hdisk1', join(b.dir, 'disk'));
    const disk = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'disk') });
    expect(disk.result.msg).toMatch(/^location: \/dev\/hdisk1 is disk hdisk1, a disk of volume group datavg, not a tape/);
    expect(b.mutating()).toEqual([]);
  });
});
