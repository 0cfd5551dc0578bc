// action: restore, type: mksysb (alt_disk_mksysb) against the simulator.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { bench, cmdOf, commandNames, refused, untouched, type Bench } from './setup';

let b: Bench;
afterEach(() => b?.lpar.cleanup());

function withMksysb(): string {
  b = bench();
  return b.mksysbImage();
}

const bootlist = (): string[] => b.lpar.state().bootlist.normal;

describe('restore mksysb', () => {
  it('installs on the target disk, lets alt_disk_mksysb set the bootlist (no -B), and reports disks and bootlist', async () => {
    const image = withMksysb();
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.changed).toBe(true);
    expect(cmdOf(run)).toBe(`alt_disk_mksysb -m ${image} -d hdisk2`);
    expect(run.result.disks).toEqual(['hdisk2']);
    expect(run.result.bootlist).toEqual(['hdisk2']);
    expect(bootlist()).toEqual(['hdisk2']);
    const log = readFileSync(String(run.result.log_file), 'utf8');
    expect(log).toContain('Restoring mksysb image to alternate disk(s).');
  });

  it('bootlist: false passes -B and leaves the bootlist as it was', async () => {
    const image = withMksysb();
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk3'], bootlist: false });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(cmdOf(run)).toBe(`alt_disk_mksysb -m ${image} -d hdisk3 -B`);
    expect(run.result.bootlist).toEqual(['hdisk0']);
    expect(run.result.msg).toContain('the bootlist was left as it was (bootlist: false)');
  });

  it('passes every option to its own flag, phase with its real value, several disks as one -d argument', async () => {
    const image = withMksysb();
    const args = {
      type: 'mksysb',
      location: image,
      disk: 'hdisk2,hdisk3',
      data_file: `${b.lpar.root}/image.data`,
      script: '/tmp/custom.sh',
      resolv_conf: '/etc/resolv.conf',
      phase: '12',
      remain_nim_client: true,
      import_vg: true,
      debug: true,
      verbose: true,
    };
    const run = await untouched(b, () => b.restore(args, { _ansible_check_mode: true }));
    const plan = run.result.plan as { title: string; cmd: string }[];
    expect(plan[0]).toMatchObject({ title: `read ${image} in full before any disk is touched`, cmd: `listvgbackup -l -f ${image} && listvgbackup -f ${image}` });
    expect(plan[1]?.title).toBe('install the mksysb on hdisk2, hdisk3 as altinst_rootvg');
    // data_file reaches the command as the module's private copy, read once.
    expect(plan[1]?.cmd).toMatch(
      new RegExp(`^alt_disk_mksysb -m ${image} -d hdisk2 hdisk3 -i ${b.lpar.root}/var/powerops/private/[0-9a-f]{16}\\.image\\.data -s /tmp/custom.sh -R /etc/resolv.conf -P 12 -n -y -D -V$`),
    );
    // Phase 1 makes a new altinst_rootvg: the module records which image it holds (lspv gives the PVIDs).
    expect(plan[2]).toMatchObject({ title: 'record which image hdisk2, hdisk3 was installed from, with the PVIDs of the disks', cmd: 'lspv' });
    expect(plan).toHaveLength(3);
  });

  it('phase 1 runs -P 1 and counts as done once altinst_rootvg is on the disks', async () => {
    const image = withMksysb();
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(cmdOf(run)).toBe(`alt_disk_mksysb -m ${image} -d hdisk2 -P 1`);
    const again = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '1' }));
    expect(again.result.changed).toBe(false);
  });

  it('check mode and diff mode: the plan and the disk/bootlist layout, nothing changed', async () => {
    const image = withMksysb();
    const run = await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] }, { _ansible_check_mode: true, _ansible_diff: true }));
    expect(run.result.changed).toBe(true);
    expect(run.result.msg).toMatch(/^Check mode: /);
    const diff = run.result.diff as { before: string; after: string };
    expect(diff.before).toContain('hdisk2: free\n');
    expect(diff.before).toContain('bootlist: hdisk0\n');
    expect(diff.after).toContain('hdisk2: altinst_rootvg (varied off)\n');
    expect(diff.after).toContain('bootlist: hdisk2\n');
  });

  it('force removes an altinst_rootvg on other disks first (alt_rootvg_op -X), and says so', async () => {
    const image = withMksysb();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3', '-B']).rc).toBe(0);
    const run = await b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], force: true });
    expect(run.result.failed, run.result.msg).toBeUndefined();
    expect(run.result.msg).toContain('after removing the altinst_rootvg that was on hdisk3 (force)');
    expect(run.result.warnings).toContainEqual(expect.stringContaining('force: removed the altinst_rootvg that was on hdisk3'));
    const names = commandNames(run);
    expect(names.indexOf('alt_rootvg_op')).toBeGreaterThan(-1);
    expect(names.indexOf('alt_rootvg_op')).toBeLessThan(names.indexOf('alt_disk_mksysb'));
    const mutating = b.lpar.invocations().filter((i) => i.mutates).map((i) => `${i.cmd} ${i.argv.join(' ')}`);
    expect(mutating.slice(-2)).toEqual(['alt_rootvg_op -X altinst_rootvg', `alt_disk_mksysb -m ${image} -d hdisk2`]);
    const disks = b.lpar.state().disks;
    expect(disks.find((d) => d.name === 'hdisk3')!.vg).toBeNull();
    expect(disks.find((d) => d.name === 'hdisk2')!.vg).toBe('altinst_rootvg');
  });
});

describe('restore mksysb refusals: nothing runs that changes anything, the state stays byte-for-byte', () => {
  it('altinst_rootvg on other disks, with the fix', async () => {
    const image = withMksysb();
    expect(b.lpar.run('alt_disk_mksysb', ['-m', image, '-d', 'hdisk3']).rc).toBe(0);
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] })), 'altinst_rootvg already exists on hdisk3', 'alt_rootvg_op -X altinst_rootvg', 'force: true');
  });

  it('a target disk in a VG', async () => {
    const image = withMksysb();
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2', 'hdisk1'] })), 'hdisk1 belongs to volume group datavg (active)');
  });

  it('a savevg image', async () => {
    b = bench();
    const image = b.savevgImage();
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'] })), 'holds a savevg image of datavg, not a mksysb', 'type: savevg');
  });

  it('a target disk too small', async () => {
    const image = withMksysb();
    b.lpar.sim(['add-disk', '--name', 'hdisk6', '--size', '2048']);
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk6'] })), 'too small for this mksysb', 'hdisk6 2048 MB');
  });

  it('phase 23 with no altinst_rootvg to continue', async () => {
    const image = withMksysb();
    refused(await untouched(b, () => b.restore({ type: 'mksysb', location: image, disk: ['hdisk2'], phase: '23' })), 'phase: 23 continues an install begun with phase: 1', 'no altinst_rootvg is defined');
  });
});

describe('restore mksysb input errors: before any command runs, naming the option', () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ['no disk', {}, ['disk: action restore with type mksysb needs the target disks']],
    ['a disk that is no hdisk', { disk: ['/dev/sda'] }, ['disk: "/dev/sda" is not a disk name']],
    ['bootlist: true with -r', { disk: ['hdisk2'], flags: '-r' }, ['flags: -r cannot be combined with bootlist: true', 'ansible.builtin.reboot']],
    ['bootlist: false with -r', { disk: ['hdisk2'], flags: '-r', bootlist: false }, ['rejects -r together with -B']],
    ['-B in flags', { disk: ['hdisk2'], flags: '-B' }, ["flags: -B is set by the module from 'bootlist'"]],
    ['-m in flags', { disk: ['hdisk2'], flags: '-m /tmp/other' }, ["flags: -m is set by the module from 'location'"]],
    ['-d in flags', { disk: ['hdisk2'], flags: '-d hdisk3' }, ["flags: -d is set by the module from 'disk'"]],
    ['-P in flags', { disk: ['hdisk2'], flags: '-P 1' }, ["flags: -P is set by the module from 'phase'"]],
  ];
  for (const [what, args, fragments] of cases) {
    it(what, async () => {
      b = bench();
      const seen = b.lpar.invocations().length;
      const run = await b.restore({ type: 'mksysb', location: `${b.dir}/rootvg.mksysb`, ...args });
      refused(run, ...fragments);
      expect(b.lpar.invocations().length).toBe(seen);
    });
  }
});
