// Refreshing an alternate disk: the module knows which image it installed as altinst_rootvg, so a
// newer or different image is reported out of date (force: true reinstalls it); phase 1 then
// phase 23 runs end to end.
import { copyFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bench, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

const bootlist = (): string[] => b.lpar.state().bootlist.normal;
const vgState = (vg: string): string | undefined => (b.lpar.state().vgs as Array<{ name: string; state: string }>).find((v) => v.name === vg)?.state;
const mutating = (): string[] => b.lpar.invocations().filter((i) => i.mutates).map((i) => `${i.cmd} ${i.argv.join(' ')}`);
const warnings = (run: { result: Record<string, unknown> }): string[] => (run.result.warnings as string[] | undefined) ?? [];

/**
 * A mksysb whose header date is later than any made before (the header has whole seconds): the
 * LPAR's clock is put a minute further ahead for it, instead of waiting for the next second.
 */
let clockAhead = 0;
function newerMksysb(path: string): void {
  clockAhead += 60;
  b.lpar.sim(['clock', '--offset', String(clockAhead)]);
  const r = b.lpar.run('mksysb', ['-i', path]);
  if (r.rc !== 0) throw new Error(r.stderr);
}

describe('refreshing an alternate disk', () => {
  it('a rerun with the same image is met, naming the image; a newer image is out of date until force: true reinstalls it', async () => {
    b = bench();
    const image = b.mksysbImage();
    const first = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(first.result.failed, first.result.msg).toBeUndefined();
    // The record lives in the module's state dir, never beside the image.
    expect(readdirSync(b.dir)).toEqual(['rootvg.mksysb']);
    const record: unknown = JSON.parse(readFileSync(join(b.lpar.root, 'var/powerops/altdisk/altinst_rootvg.json'), 'utf8'));
    expect(record).toMatchObject({ disks: ['hdisk2'], image: { location: image } });
    expect(statSync(join(b.lpar.root, 'var/powerops/altdisk/altinst_rootvg.json')).mode & 0o077).toBe(0);

    const again = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] }));
    expect(again.result).toMatchObject({ changed: false });
    expect(again.result.msg).toMatch(/^altinst_rootvg is already on hdisk2 \(installed and varied off\), installed from .*rootvg\.mksysb \(backup of .+\); nothing to do\.$/);

    newerMksysb(image);
    for (const extra of [{}, { bootlist: true }]) {
      const stale = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], ...extra }));
      refused(stale, 'altinst_rootvg on hdisk2 was installed from', 'a newer image: the alternate disk is out of date', 'set force: true');
      expect(stale.result.msg).not.toContain('nothing to do');
    }

    const seen = mutating().length;
    const refreshed = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true });
    expect(refreshed.result.failed, refreshed.result.msg).toBeUndefined();
    expect(refreshed.result.msg).toContain('after removing the out-of-date altinst_rootvg made from');
    // The bootlist named hdisk2 (the first install set it): it goes to rootvg before the removal.
    expect(mutating().slice(seen)).toEqual(['bootlist -m normal hdisk0', 'alt_rootvg_op -X altinst_rootvg', `alt_disk_mksysb -m ${image} -d hdisk2`]);
    expect(bootlist()).toEqual(['hdisk2']);
    const settled = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true }));
    expect(settled.result.changed).toBe(false);
  });

  it('another location is a different image, even with the same contents', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect((await b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'], bootlist: false })).result.failed).toBeUndefined();
    const copy = join(b.dir, 'copy.mksysb');
    copyFileSync(image, copy);
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: copy, disk: ['hdisk3'], bootlist: false })), `location asks for ${copy}`, 'a different image', 'force: true');
  });

  it('an altinst_rootvg the module did not install is left alone, saying its image is not known; force: true reinstalls it', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3', '-B']).rc).toBe(0);
    const run = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'] }));
    expect(run.result.changed).toBe(false);
    expect(run.result.failed).toBeUndefined();
    expect(run.result.msg).toContain('which image it was made from is not known');
    expect(run.result.msg).toContain('set force: true');
    const forced = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'], force: true });
    expect(forced.result.failed, forced.result.msg).toBeUndefined();
    expect(forced.result.msg).toContain('after removing the altinst_rootvg of unknown origin');
    expect((await b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'] })).result.changed).toBe(false);
  });

  it('phase 1 then phase 23 end to end: varied on in between, finished and bootlist set after, reruns met', async () => {
    b = bench();
    const image = b.mksysbImage();
    const one = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' });
    expect(one.result.failed, one.result.msg).toBeUndefined();
    expect(vgState('altinst_rootvg')).toBe('active');
    expect(bootlist()).toEqual(['hdisk0']);
    const oneAgain = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' }));
    expect(oneAgain.result.msg).toContain('varied on: phase 1 has run; phase: 23 finishes the install');
    const rest = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '23' });
    expect(rest.result.failed, rest.result.msg).toBeUndefined();
    expect(rest.result.changed).toBe(true);
    expect(vgState('altinst_rootvg')).toBe('varied-off');
    expect(bootlist()).toEqual(['hdisk2']);
    expect(warnings(rest)).toContainEqual(expect.stringContaining('the next boot uses the new altinst_rootvg on hdisk2'));
    const restAgain = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '23' }));
    expect(restAgain.result.changed).toBe(false);
    // The record made by phase 1 still holds: a full run of the same image is met.
    const all = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] }));
    expect(all.result.msg).toContain('installed from');
  });

  it('phase 23 from another image than phase 1 used is refused', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect((await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' })).result.failed).toBeUndefined();
    const copy = join(b.dir, 'copy.mksysb');
    copyFileSync(image, copy);
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: copy, disk: ['hdisk2'], phase: '23' })), 'phase: 23 continues the install that phase: 1 began from', 'phase: all and force: true');
  });
});
