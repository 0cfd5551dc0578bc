// Restore targets: restvg needs a PVID on each disk, and no restore writes over a disk whose
// header carries an Oracle ASM label (lquerypv shows ORCLDISK), although lspv shows it free.
import { afterEach, describe, expect, it } from 'vitest';
import { bench, commandNames, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

describe('restore targets: PVID and Oracle ASM headers', () => {
  it('restvg onto a disk without PVID is refused with chdev -l hdiskN -a pv=yes', async () => {
    b = bench();
    const image = b.savevgImage();
    b.lpar.sim(['exportvg', 'datavg']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk4', location: image })), 'name: hdisk4 has no PVID (lspv shows none)', 'chdev -l hdisk4 -a pv=yes');
  });

  it('restvg onto an ASM disk is refused naming ORCLDISK and lquerypv; with a good disk beside it too', async () => {
    b = bench();
    const image = b.savevgImage();
    b.lpar.sim(['exportvg', 'datavg']);
    for (const name of ['hdisk5', 'hdisk3 hdisk5']) {
      const run = await untouched(b, () => b.restore({ type: 'savevg', name, location: image }));
      refused(run, 'name: hdisk5 carries an Oracle ASM disk header (lquerypv -h /dev/hdisk5 shows ORCLDISK)', 'although lspv shows no volume group', 'nothing was run');
      expect(commandNames(run)).toContain('lquerypv');
      expect(commandNames(run)).not.toContain('restvg');
    }
  });

  it('alt_disk_mksysb onto an ASM disk is refused; onto a disk without PVID it installs (the disk gets one)', async () => {
    b = bench();
    const image = b.mksysbImage();
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk5'] })), 'disk: hdisk5 carries an Oracle ASM disk header');
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk4'], bootlist: false });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(b.lpar.run('lspv').stdout).toMatch(/^hdisk4 +[0-9a-f]{16} +altinst_rootvg$/m);
  });

  it('a header that cannot be read refuses the restore rather than guessing', async () => {
    b = bench();
    const image = b.savevgImage();
    b.lpar.sim(['exportvg', 'datavg']);
    b.lpar.sim(['fault', 'set', '--cmd', 'lquerypv', '--kind', 'fail', '--rc', '1', '--message', 'lquerypv: Unable to open /dev/hdisk2.']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image })), 'Cannot read the header of hdisk2', 'Unable to open /dev/hdisk2');
  });

  it('a no-op restore runs no lquerypv', async () => {
    b = bench();
    const image = b.savevgImage();
    const run = await b.restore({ type: 'savevg', name: 'hdisk2', location: image });
    expect(run.result.changed).toBe(false);
    expect(commandNames(run)).not.toContain('lquerypv');
  });
});
