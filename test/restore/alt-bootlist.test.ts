// Bootability, as an admin meets it: an altinst_rootvg that the bootlist names is never removed
// with the bootlist left on its emptied disk, and every bootlist change names the next boot disks.
import { afterEach, describe, expect, it } from 'vitest';
import { bench, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

const bootlist = (): string[] => b.lpar.state().bootlist.normal;
const vgOf = (disk: string): string | null => (b.lpar.state().disks as Array<{ name: string; vg: string | null }>).find((d) => d.name === disk)!.vg;
const mutating = (): string[] => b.lpar.invocations().filter((i) => i.mutates).map((i) => `${i.cmd} ${i.argv.join(' ')}`);
const warnings = (run: { result: Record<string, unknown> }): string[] => (run.result.warnings as string[] | undefined) ?? [];

describe('bootability: removing an altinst_rootvg that the bootlist names', () => {
  it('bootlist: false with force is refused, naming both ways out, and nothing changes', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    expect(bootlist()).toEqual(['hdisk3']);
    const run = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true, bootlist: false }));
    refused(run, 'The bootlist (bootlist -m normal -o: hdisk3) names hdisk3, which this task would empty (alt_rootvg_op -X altinst_rootvg) and install over', 'the next boot would find no boot image there', 'set bootlist: true', 'bootlist -m normal hdisk0');
    expect(vgOf('hdisk3')).toBe('altinst_rootvg');
  });

  it('bootlist: true points the bootlist at rootvg first, removes, installs; each bootlist change names the next boot disks', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    const seen = mutating().length;
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(mutating().slice(seen)).toEqual(['bootlist -m normal hdisk0', 'alt_rootvg_op -X altinst_rootvg', `alt_disk_mksysb -m ${image} -d hdisk2`]);
    expect(run.result.msg).toContain("the bootlist was first pointed at rootvg's disks hdisk0, then alt_disk_mksysb set the bootlist to hdisk2");
    expect(warnings(run)).toContainEqual(expect.stringContaining("bootlist: pointed the bootlist at rootvg's disks hdisk0 before writing over hdisk3, which it named: the next boot uses hdisk0 until alt_disk_mksysb points it at hdisk2"));
    expect(warnings(run)).toContainEqual(expect.stringContaining('the next boot uses the new altinst_rootvg on hdisk2, not the running rootvg on hdisk0'));
    expect(bootlist()).toEqual(['hdisk2']);
    expect(run.result.bootlist).toEqual(['hdisk2']);
  });

  it('check mode shows the bootlist step before the removal and changes nothing', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    const run = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true }, { _ansible_check_mode: true }));
    expect(run.result.changed).toBe(true);
    // The image is read in full first, whatever its record says; then the bootlist moves.
    expect((run.result.plan as Array<{ cmd?: string }>).map((p) => p.cmd?.split(' ').slice(0, 4).join(' '))).toEqual([
      `listvgbackup -l -f ${image}`,
      'bootlist -m normal hdisk0',
      'alt_rootvg_op -X altinst_rootvg',
      undefined,
      `alt_disk_mksysb -m ${image} -d`,
      'lspv',
    ]);
  });

  it('an install that fails after the removal leaves the bootlist on rootvg, never on the emptied disk', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    b.lpar.sim(['fault', 'set', '--cmd', 'alt_disk_mksysb', '--kind', 'fail', '--rc', '1', '--message', 'alt_disk_install: cannot mount /alt_inst', '--times', '1']);
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true });
    expect(run.result.failed).toBe(true);
    expect(vgOf('hdisk3')).toBeNull();
    expect(bootlist()).toEqual(['hdisk0']);
  });

  it('phase 1 after such a removal leaves the bootlist on rootvg and says so', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true, phase: '1' });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.msg).toContain('the bootlist is set by phase 3 (until then the next boot uses hdisk0)');
    expect(bootlist()).toEqual(['hdisk0']);
  });

  it('bootlist: false installs with -B and warns of no bootlist change; bootlist: true warns which disks boot next', async () => {
    b = bench();
    const image = b.mksysbImage();
    const kept = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'], bootlist: false });
    expect(kept.result.failed, kept.result.msg).toBeUndefined();
    expect(warnings(kept).filter((w) => w.includes('bootlist'))).toEqual([]);
    expect(bootlist()).toEqual(['hdisk0']);
    b.lpar.sim(['exportvg', 'altinst_rootvg']);
    const moved = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(moved.result.failed, moved.result.msg).toBeUndefined();
    expect(warnings(moved)).toContainEqual(expect.stringMatching(/^bootlist: true: alt_disk_mksysb pointed the bootlist at hdisk2, so the next boot uses .*ibm\.power_aix\.backup left the bootlist alone by default; set bootlist: false/));
  });
});

describe('bootability: a free disk that the bootlist names (an exported alternate rootvg still boots from it)', () => {
  it('restvg onto it is refused, naming the bootlist and the fix', async () => {
    b = bench();
    const image = b.savevgImage();
    b.lpar.sim(['exportvg', 'datavg']);
    expect(b.lpar.run('bootlist', ['-m', 'normal', 'hdisk0', 'hdisk2']).rc).toBe(0);
    const run = await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image }));
    refused(run, 'name: the bootlist (bootlist -m normal -o: hdisk0 hdisk2) names hdisk2: restvg would put datavg there', 'bootlist -m normal hdisk0');
    // Another disk is fine.
    const other = await b.restore({ type: 'savevg', name: 'hdisk3', location: image });
    expect(other.result.failed, other.result.msg).toBeUndefined();
    expect(bootlist()).toEqual(['hdisk0', 'hdisk2']);
  });

  it('alt_disk_mksysb onto it: refused with bootlist: false; with bootlist: true the bootlist goes to rootvg first', async () => {
    b = bench();
    const image = b.mksysbImage();
    expect(b.lpar.run('bootlist', ['-m', 'normal', 'hdisk2', 'hdisk0']).rc).toBe(0);
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], bootlist: false })), 'names hdisk2, which this task would install over', 'set bootlist: true');
    const seen = mutating().length;
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(mutating().slice(seen)).toEqual(['bootlist -m normal hdisk0', `alt_disk_mksysb -m ${image} -d hdisk2`]);
    expect(bootlist()).toEqual(['hdisk2']);
  });
});
