// Create, rerun, view and restore of both image kinds, under every dialect of the simulator: the
// archive listing with sizes, bare paths or restore's `x` form, its volume header on stderr or
// stdout, both wordings, 0512-054 on either stream (sim/dialects.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { DIALECT_NAMES } from '../../sim/dialects';
import { makeBench, type Bench } from '../helpers/backup';

describe.each(DIALECT_NAMES)('dialect %s', (dialect) => {
  let b: Bench;
  let mksysb: string;
  let savevg: string;
  beforeAll(() => {
    b = makeBench({ dialect, files: 3 });
    mksysb = join(b.dir, 'rootvg.mksysb');
    savevg = join(b.dir, 'datavg.savevg');
  });
  afterAll(() => b.cleanup());

  it('the simulator speaks the dialect', () => {
    expect((JSON.parse(b.lpar.sim(['dialect'])) as { name: string }).name).toBe(dialect);
  });

  // The new image is verified by reading its listing back in full: its kind comes from there.
  it('creates a mksysb image and a savevg image, each verified as its own kind', async () => {
    const m = await b.backup({ action: 'create', type: 'mksysb', location: mksysb });
    expect(m.result.failed, m.result.msg).toBeUndefined();
    expect(m.result).toMatchObject({ changed: true, backup: { kind: 'mksysb', volume_group: 'rootvg', complete: true } });
    const s = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: savevg });
    expect(s.result.failed, s.result.msg).toBeUndefined();
    expect(s.result).toMatchObject({ changed: true, backup: { kind: 'savevg', volume_group: 'datavg', complete: true } });
  });

  it('an image the module did not make is read in full and found present (rerun on a new controller)', async () => {
    const other = join(b.dir, 'made-by-hand.mksysb');
    expect(b.lpar.run('mksysb', ['-i', other]).rc).toBe(0);
    const run = await b.backup({ action: 'create', type: 'mksysb', location: other });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(false);
    expect((run.result.commands as string[]).some((c) => / -f /.test(c) && c.includes('listvgbackup'))).toBe(true);
    const otherSavevg = join(b.dir, 'made-by-hand.savevg');
    expect(b.lpar.run('savevg', ['-f', otherSavevg, 'datavg']).rc).toBe(0);
    const sv = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: otherSavevg });
    expect(sv.result.failed, sv.result.msg).toBeUndefined();
    expect(sv.result.changed).toBe(false);
  });

  it('view tells the kinds apart, and a missing image is "no image"', async () => {
    const m = await b.backup({ action: 'view', location: join(b.dir, 'made-by-hand.mksysb') });
    expect(m.result).toMatchObject({ changed: false, backup: { kind: 'mksysb', volume_group: 'rootvg', complete: true } });
    const s = await b.backup({ action: 'view', location: join(b.dir, 'made-by-hand.savevg') });
    expect(s.result).toMatchObject({ changed: false, backup: { kind: 'savevg', volume_group: 'datavg', complete: true } });
    const none = await b.backup({ action: 'view', location: join(b.dir, 'nothing') });
    expect(none.result.msg).toMatch(/^No image at .*: it does not exist or is empty \(0512-054\)\.$/);
  });

  it('restores the mksysb on a free disk (alt_disk_mksysb)', async () => {
    const run = await b.backup({ action: 'restore', type: 'mksysb', location: join(b.dir, 'made-by-hand.mksysb'), disk: ['hdisk2'] });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(b.lpar.state().disks.find((d: { name: string }) => d.name === 'hdisk2')?.vg).toBe('altinst_rootvg');
  });

  it('restores the savevg image on a free disk (restvg)', async () => {
    b.lpar.sim(['exportvg', 'datavg']);
    const run = await b.backup({ action: 'restore', type: 'savevg', name: 'hdisk3', location: join(b.dir, 'made-by-hand.savevg') });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(b.lpar.state().disks.find((d: { name: string }) => d.name === 'hdisk3')?.vg).toBe('datavg');
  });
});
