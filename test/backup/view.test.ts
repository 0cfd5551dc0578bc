// action: view. The kind comes from the image itself, whatever `type` says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';

let b: Bench;
beforeAll(async () => {
  b = makeBench();
  await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'rootvg.mksysb') });
  await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, 'datavg.savevg') });
});
afterAll(() => b.cleanup());

describe('view', () => {
  it('describes a mksysb image even with the default type savevg', async () => {
    const r = await b.backup({ action: 'view', location: join(b.dir, 'rootvg.mksysb') });
    expect(r.result.changed).toBe(false);
    expect(r.result.backup).toMatchObject({ kind: 'mksysb', volume_group: 'rootvg', complete: true, vg_data_only: false });
    expect(r.result.msg).toMatch(/: complete mksysb image of rootvg, made /);
  });

  it('describes a savevg image with its logical volumes', async () => {
    const r = await b.backup({ action: 'view', type: 'mksysb', location: join(b.dir, 'datavg.savevg') });
    const backup = r.result.backup as { kind: string; volume_group: string; logical_volumes: { name: string; mount_point: string | null }[] };
    expect(backup.kind).toBe('savevg');
    expect(backup.volume_group).toBe('datavg');
    expect(backup.logical_volumes.map((l) => l.mount_point)).toContain('/data1');
  });

  it('an image it does not know gets one full check, then only its header for the listing', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const again = await b.backup({ action: 'view', location });
    // The header only, for the listing in stdout as ibm.power_aix.backup returns it; never the whole image again.
    expect(again.result.commands).toEqual([`${b.lpar.cmdPath('listvgbackup')} -l -f ${location}`]);
    expect(again.result).toMatchObject({ rc: 0, cmd: `${b.lpar.cmdPath('listvgbackup')} -l -f ${location}` });
    expect(String(again.result.stdout)).toMatch(/VOLUME GROUP:\s+rootvg/);
  });

  it('fails clearly on a missing image, an empty file and a file that is not an image', async () => {
    const missing = await b.backup({ action: 'view', location: join(b.dir, 'nothing') });
    expect(missing.result).toMatchObject({ failed: true, msg: `No image at ${join(b.dir, 'nothing')}: it does not exist or is empty (0512-054).` });
    writeFileSync(join(b.dir, 'empty'), '');
    const empty = await b.backup({ action: 'view', location: join(b.dir, 'empty') });
    expect(empty.result.failed).toBe(true);
    writeFileSync(join(b.dir, 'notes.txt'), 'just some text\n');
    const text = await b.backup({ action: 'view', location: join(b.dir, 'notes.txt') });
    expect(text.result.failed).toBe(true);
    expect(text.result.msg).toMatch(/^The image at .*notes\.txt is not usable: this is not a readable backup image: the listing has no "VOLUME GROUP:" line/);
  });

  it('view from the IBM documentation: a disk is not an image, and a tape that does not exist is a clear failure', async () => {
    const before = b.lpar.invocations().length;
    const r = await b.backup({ action: 'view', type: 'savevg', location: '/dev/hdisk1' });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^location: \/dev\/hdisk1 is a disk, not a tape: .*only tape devices \(\/dev\/rmtN, \/dev\/rmtN\.M\) are accepted/);
    const tape = await b.backup({ action: 'view', type: 'savevg', location: '/dev/rmt3' });
    expect(tape.result.msg).toMatch(/^location: device \/dev\/rmt3 does not exist on this LPAR/);
    expect(b.lpar.invocations()).toHaveLength(before);
  });
});
