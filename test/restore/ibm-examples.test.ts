// The restore examples of ibm.power_aix.backup's documentation, run as written, then as their
// titles mean them where the text itself cannot work.
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bench, cmdOf, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

describe('"install the mksysb image to /dev/hdisk1 using the 64 bits kernel if possible"', () => {
  const example = (location: string) => ({ type: 'mksysb', location, disk: '/dev/hdisk1', flags: '-K' });

  it('as written: hdisk1 holds datavg on the default LPAR, so it is refused naming both', async () => {
    b = bench();
    const image = b.mksysbImage();
    const run = await untouched(b, () => b.restore(example(image)));
    refused(run, 'hdisk1 belongs to volume group datavg (active)', 'nothing was run');
  });

  it('with hdisk1 free: /dev/hdisk1 becomes hdisk1, -K is passed, the bootlist moves to it; a rerun changes nothing', async () => {
    b = bench();
    const image = b.mksysbImage();
    b.lpar.sim(['exportvg', 'datavg']);
    const run = await b.restore(example(image));
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(cmdOf(run)).toBe(`alt_disk_mksysb -m ${image} -d hdisk1 -K`);
    expect(run.result.disks).toEqual(['hdisk1']);
    expect(run.result.volume_group).toBe('altinst_rootvg');
    expect(run.result.bootlist).toEqual(['hdisk1']);
    expect((run.result.backup as { kind: string }).kind).toBe('mksysb');

    const again = await untouched(b, () => b.restore(example(image)));
    expect(again.result.changed).toBe(false);
    expect(again.result.failed).toBeUndefined();
    expect(again.result.msg).toContain('altinst_rootvg is already on hdisk1');
    expect(again.result.bootlist).toEqual(['hdisk1']);
  });
});

describe('"restvg to restore datavg structure only to /dev/hdisk2"', () => {
  const example = (location: string, dataFile: string, name: string) => ({
    type: 'savevg',
    name,
    location,
    data_file: dataFile,
    exclude_data: true,
    minimize_lv_size: true,
    flags: '-n',
  });

  it('as written (name: datavg): an input error naming name and the fix, before any command', async () => {
    b = bench();
    const image = b.savevgImage();
    const seen = b.lpar.invocations().length;
    const run = await b.restore(example(image, b.dataFile('datavg'), 'datavg'));
    refused(run, 'name: "datavg" is not a disk name', 'hdiskN', 'name gives the target disks of restvg');
    expect(b.lpar.invocations().length).toBe(seen);
    expect(run.result.commands).toBeUndefined();
  });

  it('as its title means it (name: /dev/hdisk2): restvg -q with -d -r -s -n on hdisk2; a rerun changes nothing', async () => {
    b = bench();
    const image = b.savevgImage();
    const data = b.dataFile('datavg');
    b.lpar.sim(['exportvg', 'datavg']);
    const run = await b.restore(example(image, data, '/dev/hdisk2'));
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    // restvg gets the module's private copy of data_file, read once, never the file itself.
    expect(cmdOf(run)).toMatch(new RegExp(`^restvg -q -f ${image} -d ${b.lpar.root}/var/powerops/private/[0-9a-f]{16}\\.${basename(data)} -r -s -n hdisk2$`));
    expect(run.result.disks).toEqual(['hdisk2']);
    expect(run.result.volume_group).toBe('datavg');
    const datavg = b.lpar.state().vgs.find((v) => v.name === 'datavg');
    expect(datavg?.disks).toEqual(['hdisk2']);
    expect(datavg?.state).toBe('active');

    const again = await untouched(b, () => b.restore(example(image, data, '/dev/hdisk2')));
    expect(again.result.changed).toBe(false);
    expect(again.result.msg).toContain('datavg is already present and varied on, on hdisk2');
  });
});
