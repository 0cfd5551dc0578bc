// Messages of failed restores: the cause quoted when AIX printed no message number, and one
// answer for a savevg image of rootvg from both restores.
import { afterEach, describe, expect, it } from 'vitest';
import { bench, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

describe('messages of failed restores', () => {
  it('an alt_disk_mksysb failure without AIX message number quotes the last lines of stderr', async () => {
    b = bench();
    const image = b.mksysbImage();
    b.lpar.sim(['fault', 'set', '--cmd', 'alt_disk_mksysb', '--kind', 'fail', '--rc', '1', '--message', 'mount: 0506-324 Cannot mount /dev/alt_hd4 on /alt_inst\nksh: /usr/lpp/bos.alt_disk_install/boot_images/bootimage: not found']);
    let run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(run.result.failed).toBe(true);
    // 0506-324 is a message number: it is quoted as such.
    expect(run.result.msg).toContain('0506-324');
    b.lpar.sim(['fault', 'clear', '--cmd', 'alt_disk_mksysb']);
    b.lpar.sim(['fault', 'set', '--cmd', 'alt_disk_mksysb', '--kind', 'fail', '--rc', '1', '--message', 'first line\nksh: /usr/lpp/bos.alt_disk_install/boot_images/bootimage: not found']);
    run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(run.result.failed).toBe(true);
    expect(run.result.msg).toBe('alt_disk_mksysb failed on hdisk2: exited with return code 1, no AIX message number; the last lines of its stderr: "first line" / "ksh: /usr/lpp/bos.alt_disk_install/boot_images/bootimage: not found"');
    expect(run.result.msg).not.toContain('printed no AIX message number');
  });

  it('disks too small for alt_disk_mksysb itself: its 0516-404 from stdout is in the message', async () => {
    b = bench();
    const image = b.mksysbImage();
    const small = b.lpar.sim(['add-disk', '--size', '4096']).trim();
    // data_file sets the sizes, so the module leaves the size check to alt_disk_mksysb.
    const run = await b.restore({ type: 'mksysb', location: image, disk: [small], data_file: `${b.lpar.root}/image.data` });
    expect(run.result.failed).toBe(true);
    expect(run.result.msg).toContain('0516-404 allocp: This system cannot fulfill the allocation request.');
    expect(run.result.rc).toBe(1);
    expect(run.result.stderr).toBe('');
    expect(String(run.result.stdout)).toContain('Checking disk sizes.');
  });

  it('a savevg image of rootvg: both restores say the same one thing that works', async () => {
    b = bench();
    const image = b.savevgImage('rootvg');
    const viaRestvg = await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image }));
    const viaAltDisk = await untouched(b, () => b.restore({ type: 'mksysb', disk: ['hdisk2'], location: image }));
    refused(viaRestvg, 'holds a savevg image of rootvg, which no restore can use', `restore -xvqf ${image} ./path/to/file`, 'type: mksysb');
    expect(viaAltDisk.result.msg).toBe(viaRestvg.result.msg);
    expect(viaRestvg.result.msg).not.toMatch(/Install it on free disks|Restore it with type: savevg/);
  });
});
