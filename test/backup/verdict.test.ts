// The verdict of a run comes from its return code, the message numbers it printed and the
// result read back, together: informational numbers pass, unknown numbers with rc 0 are
// warnings when the result verifies and failures when it does not, a backup that stopped early
// with rc 0 and no 0512-038 fails on its image.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 3 });
});
afterEach(() => b.cleanup());

const fault = (...args: string[]): string => b.lpar.sim(['fault', 'set', ...args]);
const vgOf = (disk: string): string | null => b.lpar.state().disks.find((d: { name: string }) => d.name === disk)?.vg ?? null;
const warnings = (r: { result: Record<string, unknown> }): string[] => (r.result.warnings as string[] | undefined) ?? [];

/** An image of datavg made by the simulator, and datavg gone so that it can be restored. */
function datavgImage(): string {
  const image = join(b.dir, 'datavg.savevg');
  expect(b.lpar.run('savevg', ['-i', '-f', image, 'datavg']).rc).toBe(0);
  b.lpar.sim(['exportvg', 'datavg']);
  return image;
}

describe('a mksysb that stopped early with rc 0 and no 0512-038', () => {
  it('fails on its image read back, leaves no file and keeps the good image', async () => {
    const good = join(b.dir, 'good.mksysb');
    expect((await b.backup({ action: 'create', type: 'mksysb', location: good })).result.changed).toBe(true);
    const before = b.bytes('good.mksysb');
    fault('--cmd', 'mksysb', '--kind', 'early-stop', '--after-bytes', '30000');
    const r = await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'next.mksysb') });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^The new image failed verification, .*next\.mksysb was left as it was: reading the whole image failed .*truncated/);
    expect(r.result.msg).toContain('never printed 0512-038');
    expect(b.lpar.invocations().filter((i) => i.cmd === 'mksysb').at(-1)!.rc).toBe(0);
    expect(b.files()).toEqual(['good.mksysb']);
    expect(b.bytes('good.mksysb').equals(before)).toBe(true);
  });
});

describe('messages on success', () => {
  it('0516-1254 from mkvg inside a restvg that worked: restored, no failure, no warning', async () => {
    const image = datavgImage();
    fault('--cmd', 'restvg', '--kind', 'note', '--message', '0516-1254 mkvg: Changing the PVID in the ODM.');
    const r = await b.backup({ action: 'restore', type: 'savevg', name: 'hdisk2', location: image });
    expect(r.result.failed, r.result.msg).toBeUndefined();
    expect(r.result.changed).toBe(true);
    expect(r.result.stderr).toContain('0516-1254 mkvg: Changing the PVID in the ODM.');
    expect(warnings(r).filter((w) => w.includes('0516'))).toEqual([]);
    expect(vgOf('hdisk2')).toBe('datavg');
  });

  it('an unknown number with rc 0 and a restore that verifies is a warning naming it', async () => {
    const image = datavgImage();
    fault('--cmd', 'restvg', '--kind', 'note', '--message', '0516-9876 mkvg: A note this module has never seen.\n        It goes on here.');
    const r = await b.backup({ action: 'restore', type: 'savevg', name: 'hdisk2', location: image });
    expect(r.result.failed, r.result.msg).toBeUndefined();
    expect(r.result.changed).toBe(true);
    expect(warnings(r).some((w) => w.includes('0516-9876 mkvg: A note this module has never seen.') && w.includes('It goes on here.'))).toBe(true);
  });

  it('an unknown number with rc 0 and a restore that did not happen is a failure', async () => {
    const image = datavgImage();
    fault('--cmd', 'restvg', '--kind', 'fail', '--rc', '0', '--message', '0516-9876 mkvg: A note this module has never seen.');
    const r = await b.backup({ action: 'restore', type: 'savevg', name: 'hdisk2', location: image });
    expect(r.result.failed).toBe(true);
    expect(vgOf('hdisk2')).toBeNull();
  });

  it('an unknown number with rc 0 beside 0512-038 in a savevg: created, with the warning', async () => {
    fault('--cmd', 'savevg', '--kind', 'note', '--message', '0511-777 backup: A remark this module has never seen.', '--stream', 'stdout');
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, 'd.savevg') });
    expect(r.result.failed, r.result.msg).toBeUndefined();
    expect(r.result.changed).toBe(true);
    expect(warnings(r).some((w) => w.includes('0511-777 backup: A remark'))).toBe(true);
  });

  it('an unknown number with rc 0 from alt_disk_mksysb that installed: a warning', async () => {
    const image = join(b.dir, 'rootvg.mksysb');
    expect(b.lpar.run('mksysb', ['-i', image]).rc).toBe(0);
    fault('--cmd', 'alt_disk_mksysb', '--kind', 'note', '--message', '0505-999 alt_disk_install- a remark.', '--stream', 'stdout');
    const r = await b.backup({ action: 'restore', type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(r.result.failed, r.result.msg).toBeUndefined();
    expect(warnings(r).some((w) => w.includes('0505-999 alt_disk_install- a remark.'))).toBe(true);
  });
});

describe('disk states', () => {
  it('a target disk locked with lkdev is refused before anything runs, with the command that unlocks it', async () => {
    const image = datavgImage();
    b.lpar.sim(['lkdev', 'hdisk2', '--label', 'asm_disk']);
    const r = await b.backup({ action: 'restore', type: 'savevg', name: 'hdisk2', location: image });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toContain('hdisk2 is locked with lkdev (lspv shows locked)');
    expect(r.result.msg).toContain('lkdev -l hdisk2 -d');
    expect(b.mutating().filter((c) => c.startsWith('restvg'))).toEqual([]);
  });
});
