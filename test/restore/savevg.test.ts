// action: restore, type: savevg (restvg) against the simulator.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bench, cmdOf, commandNames, refused, untouched, type Bench } from './setup';
import { containing } from '../helpers/matchers';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

/** The default LPAR with an image of datavg, and datavg gone so that it can be restored. */
function withDatavgImage(): string {
  b = bench();
  const image = b.savevgImage();
  b.lpar.sim(['exportvg', 'datavg']);
  return image;
}

function vgOf(disk: string): string | null {
  const found = b.lpar.state().disks.find((d) => d.name === disk);
  if (!found) throw new Error(`the simulated LPAR has no disk ${disk}`);
  return found.vg;
}

describe('restore savevg', () => {
  it('restores onto the disks in name, always with -q, then reports the VG, its disks and the image', async () => {
    const image = withDatavgImage();
    const run = await b.restore({ type: 'savevg', name: 'hdisk2,hdisk3', location: image });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(cmdOf(run)).toBe(`restvg -q -f ${image} hdisk2 hdisk3`);
    expect(run.result.rc).toBe(0);
    expect(run.result.volume_group).toBe('datavg');
    expect(run.result.disks).toEqual(['hdisk2', 'hdisk3']);
    expect((run.result.backup as { volume_group: string }).volume_group).toBe('datavg');
    expect(vgOf('hdisk2')).toBe('datavg');
    const restvg = b.lpar.invocations().filter((i) => i.cmd === 'restvg');
    expect(restvg).toHaveLength(1);
  });

  it('accepts a space-separated name and /dev/ paths, and writes restvg output to the log as it comes', async () => {
    const image = withDatavgImage();
    const run = await b.restore({ type: 'savevg', name: '/dev/hdisk3 hdisk2', location: image });
    expect(cmdOf(run)).toBe(`restvg -q -f ${image} hdisk3 hdisk2`);
    const log = readFileSync(String(run.result.log_file), 'utf8');
    expect(log).toContain('restvg -q -f');
    expect(log).toContain('files restored:');
  });

  it('is met when the VG of the image is varied on, saying on which disks, and runs nothing that changes', async () => {
    b = bench();
    const image = b.savevgImage();
    const run = await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image }));
    expect(run.result.changed).toBe(false);
    expect(run.result.failed).toBeUndefined();
    expect(run.result.msg).toContain('Volume group datavg is already present and varied on, on hdisk1; nothing to do.');
    expect(run.result.msg).toContain('not restored on hdisk2');
    expect(run.result.disks).toEqual(['hdisk1']);
    expect(commandNames(run)).not.toContain('restvg');
  });

  it('takes the disks from data_file when name is unset', async () => {
    b = bench();
    const image = b.savevgImage();
    const data = b.dataFile('datavg');
    b.lpar.sim(['exportvg', 'datavg']);
    const run = await b.restore({ type: 'savevg', location: image, data_file: data });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    // restvg gets the module's private copy of data_file, read once, never the file itself.
    expect(cmdOf(run)).toMatch(new RegExp(`^restvg -q -f ${image} -d ${b.lpar.root}/var/powerops/private/[0-9a-f]{16}\\.${basename(data)}$`));
    expect(run.result.disks).toEqual(['hdisk1']);
  });

  it('check mode shows the plan and the layout diff and changes nothing', async () => {
    const image = withDatavgImage();
    const run = await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image }, { _ansible_check_mode: true, _ansible_diff: true }));
    expect(run.result.changed).toBe(true);
    expect(run.result.msg).toMatch(/^Check mode: .*nothing was changed\.$/);
    expect((run.result.plan as { title: string; cmd?: string }[]).map(({ title, cmd }) => ({ title, cmd }))).toEqual([
      { title: `read ${image} in full before any disk is touched`, cmd: `listvgbackup -l -f ${image} && listvgbackup -f ${image}` },
      { title: `restore volume group datavg from ${image}`, cmd: `restvg -q -f ${image} hdisk2` },
    ]);
    const diff = run.result.diff as { before: string; after: string };
    expect(diff.before).toContain('hdisk2: free');
    expect(diff.after).toContain('hdisk2: datavg (active)');
  });

  it('diff mode gives the layout before and after the restore', async () => {
    const image = withDatavgImage();
    const run = await b.restore({ type: 'savevg', name: 'hdisk3', location: image }, { _ansible_diff: true });
    expect(run.result.diff).toMatchObject({ before: containing('hdisk3: free'), after: containing('hdisk3: datavg (active)') });
  });

  it('fails on restvg errors told by message number even when rc is 0', async () => {
    const image = withDatavgImage();
    b.lpar.sim(['fault', 'set', '--cmd', 'restvg', '--kind', 'fail', '--rc', '0', '--stream', 'stdout', '--message', '0512-029 restvg: There is not enough Room in the specified disks for the volume group.']);
    const run = await b.restore({ type: 'savevg', name: 'hdisk2', location: image });
    refused(run, 'restvg failed to restore datavg', '0512-029');
    expect(run.result.rc).toBe(0);
  });
});

describe('restore savevg refusals: nothing runs that changes anything, the state stays byte-for-byte', () => {
  it('a target disk in an active VG', async () => {
    const image = withDatavgImage();
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2 hdisk0', location: image })), 'hdisk0 belongs to volume group rootvg (active)', 'Choose disks that belong to no volume group');
  });

  it('a target disk in a concurrent VG', async () => {
    const image = withDatavgImage();
    b.lpar.sim(['varyon', 'rootvg', '--concurrent']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk0', location: image })), 'hdisk0 belongs to volume group rootvg (concurrent)');
  });

  it('a target disk in a varied-off VG (altinst_rootvg)', async () => {
    b = bench();
    const image = b.savevgImage();
    const mksysb = b.mksysbImage();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', mksysb, '-d', 'hdisk3']).rc).toBe(0);
    b.lpar.sim(['exportvg', 'datavg']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk3', location: image })), 'hdisk3 belongs to volume group altinst_rootvg (varied off)');
  });

  it('the VG of the image defined but varied off', async () => {
    b = bench();
    const image = b.savevgImage();
    b.lpar.sim(['varyoff', 'datavg']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: image })), 'Volume group datavg is defined but varied off (on hdisk1)', 'varyonvg datavg');
  });

  it('target disks too small for the image', async () => {
    const image = withDatavgImage();
    b.lpar.sim(['add-disk', '--name', 'hdisk6', '--size', '10240']);
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk6', location: image })), 'too small for datavg', 'hdisk6 10240 MB', 'BACKUP SIZE', 'or set minimize_lv_size: true (the data needs 7662 MB)');
  });

  it('a target disk that does not exist', async () => {
    const image = withDatavgImage();
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk9', location: image })), 'hdisk9 does not exist on this LPAR');
  });

  it('a mksysb image (restvg cannot restore rootvg, 0512-026)', async () => {
    b = bench();
    const mksysb = b.mksysbImage();
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: mksysb })), 'mksysb image of rootvg', '0512-026', 'type: mksysb');
  });

  it('no image at location', async () => {
    b = bench();
    refused(await untouched(b, () => b.restore({ type: 'savevg', name: 'hdisk2', location: `${b.dir}/none.savevg` })), 'No image at', '0512-054');
  });
});

describe('restore savevg input errors: before any command runs, naming the option', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['no name and no data_file', {}, ['name: action restore with type savevg needs the target disks', 'give it as data_file']],
    ['a name that is no disk', { name: 'hdisk2,sda' }, ['name: "sda" is not a disk name']],
    ['-q in flags', { name: 'hdisk2', flags: '-q' }, ['flags: -q is set by the module']],
    ['-f in flags', { name: 'hdisk2', flags: '-f /dev/rmt1' }, ["flags: -f is set by the module from 'location'"]],
    ['-d in flags', { name: 'hdisk2', flags: '-d /tmp/x.data' }, ["flags: -d is set by the module from 'data_file'"]],
    ['-l in flags', { name: 'hdisk2', flags: '-l' }, ["from 'action: view'"]],
    ['a disk operand in flags', { name: 'hdisk2', flags: 'hdisk3' }, ['flags: "hdisk3" is not a flag']],
  ];
  for (const [what, args, fragments] of cases) {
    it(what, async () => {
      b = bench();
      const seen = b.lpar.invocations().length;
      const run = await b.restore({ type: 'savevg', location: `${b.dir}/datavg.savevg`, ...args });
      refused(run, ...fragments);
      expect(b.lpar.invocations().length).toBe(seen);
    });
  }
});
