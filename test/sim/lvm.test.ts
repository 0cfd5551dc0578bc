// lsvg, lspv, bootinfo against the formats of the AIX reference (§1-3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';

let lpar: Lpar;
beforeAll(() => {
  lpar = makeLpar();
});
afterAll(() => lpar.cleanup());

/** Column where the n-th whitespace-separated field starts. */
const starts = (line: string): number[] => [...line.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index ?? -1);

describe('lsvg', () => {
  it('lists all VGs, and -o the varied-on ones, one per line', () => {
    expect(lpar.run('lsvg')).toMatchObject({ rc: 0, stdout: 'rootvg\ndatavg\n', stderr: '' });
    expect(lpar.run('lsvg', ['-o']).stdout).toBe('rootvg\ndatavg\n');
  });

  it('prints the detail with left key in 20 columns, right key at 45 and value at 61', () => {
    for (const vg of ['rootvg', 'datavg']) {
      const r = lpar.run('lsvg', [vg]);
      expect(r.rc).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(new RegExp(`^VOLUME GROUP: {7}${vg} {${25 - vg.length}}VG IDENTIFIER:  [0-9a-f]{32}$`));
      for (const l of lines.filter((x) => x.length > 45 && !x.startsWith('MIRROR'))) {
        expect(l.slice(45)).toMatch(/^[A-Z][A-Za-z ]+:\s/);
        expect(l[60]).toBe(' ');
        expect(l[61]).not.toBe(' ');
      }
      expect(r.stdout).toMatch(/TOTAL PPs:\s+\d+ \(\d+ megabytes\)/);
      expect(r.stdout).toMatch(/USED PPs:\s+\d+ \(\d+ megabytes\)/);
      expect(lines.at(-2)).toBe('ENCRYPTION:         no');
    }
  });

  it('prints rootvg as a normal VG (MAX PPs per PV, no MIRROR POOL STRICT), datavg as a scalable one', () => {
    const root = lpar.run('lsvg', ['rootvg']).stdout;
    expect(root).toMatch(/PP SIZE:\s+64 megabyte\(s\)/);
    expect(root).toContain('\nMAX PPs per VG:     32512\nMAX PPs per PV:     1016                     MAX PVs:        32\n');
    expect(root).toContain('LTG size (Dynamic): 512 kilobyte(s)          AUTO SYNC:      no\n');
    expect(root).toContain('BB POLICY:      relocatable\n');
    expect(root).not.toContain('MIRROR POOL STRICT');
    const data = lpar.run('lsvg', ['datavg']).stdout;
    expect(data).toContain('MAX PPs per VG:     32768                    MAX PVs:        1024\n');
    expect(data).toContain('LTG size (Dynamic): 256 kilobyte(s)          AUTO SYNC:      no\n');
    expect(data).toContain('BB POLICY:      relocatable \n');
    expect(data).toContain(`MIRROR POOL STRICT: off${' '.repeat(39)}\n`);
  });

  it('prints -l with columns at 0, 20, 31, 39, 47, 52, 66', () => {
    const lines = lpar.run('lsvg', ['-l', 'rootvg']).stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('rootvg:');
    expect(lines[1]).toBe('LV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT');
    expect(lines.slice(2).map((l) => l.split(/\s+/)[0])).toEqual(['hd5', 'hd6', 'hd8', 'hd4', 'hd2', 'hd9var', 'hd3', 'hd1', 'hd10opt', 'hd11admin', 'lg_dumplv', 'livedump']);
    expect(lines[2]).toMatch(/^hd5 {17}boot {7}1 {7}1 {7}1 {4}closed\/syncd {2}N\/A$/);
    for (const l of lines.slice(2)) expect(starts(l)).toEqual([0, 20, 31, 39, 47, 52, 66]);
    expect(lines).toContain('hd4                 jfs2       8       8       1    open/syncd    /');
  });

  it('prints -p with columns at 0, 18, 36, 48, 60', () => {
    const lines = lpar.run('lsvg', ['-p', 'datavg']).stdout.trimEnd().split('\n');
    expect(lines[1]).toBe('PV_NAME           PV STATE          TOTAL PPs   FREE PPs    FREE DISTRIBUTION');
    expect(starts(lines[2]!)).toEqual([0, 18, 36, 48, 60]);
    expect(lines[2]).toMatch(/^hdisk1 +active +\d+ +\d+ +\d+\.\.\d+\.\.\d+\.\.\d+\.\.\d+$/);
  });

  it('refuses an unknown VG with 0516-306 on stderr', () => {
    const r = lpar.run('lsvg', ['nosuchvg']);
    expect(r.rc).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^0516-306 lsvg: Unable to find volume group nosuchvg in the Device Configuration Database\.\n$/);
  });

  it('rejects unknown flags with a usage message', () => {
    const r = lpar.run('lsvg', ['-Q']);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toMatch(/Usage: lsvg/);
  });
});

describe('lspv', () => {
  it('prints name at 0, PVID at 16, VG at 52, state at 68; no state for free disks', () => {
    const lines = lpar.run('lspv').stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^hdisk0 {10}[0-9a-f]{16} {20}rootvg {10}active$/);
    expect(lines[1]).toMatch(/^hdisk1 {10}[0-9a-f]{16} {20}datavg {10}active$/);
    expect(lines[2]).toMatch(/^hdisk2 {10}[0-9a-f]{16} {20}None$/);
    expect(lines[3]).toMatch(/^hdisk3 {10}[0-9a-f]{16} {20}None$/);
    // No PVID: `none` in the PVID column (an ASM disk shows the same).
    expect(lines[4]).toBe('hdisk4          none                                None');
    expect(lines[5]).toBe('hdisk5          none                                None');
  });

  it('prints -l with columns at 0, 22, 30, 38, 60', () => {
    const lines = lpar.run('lspv', ['-l', 'hdisk1']).stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('hdisk1:');
    expect(lines[1]).toBe('LV NAME               LPs     PPs     DISTRIBUTION          MOUNT POINT');
    for (const l of lines.slice(2)) expect(starts(l)).toEqual([0, 22, 30, 38, 60]);
    expect(lines.slice(2).map((l) => l.split(/\s+/).at(-1))).toEqual(['N/A', '/data1', '/data2']);
  });

  it('says 0516-320 on stderr for a disk in no VG', () => {
    const r = lpar.run('lspv', ['-l', 'hdisk2']);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toBe('0516-320 /usr/sbin/getlvodm: Physical volume hdisk2 is not assigned to a volume group.\n');
  });

  it('prints the detail with VG IDENTIFIER (no colon) after the PVID', () => {
    const r = lpar.run('lspv', ['hdisk0']);
    expect(r.stdout).toMatch(/^PHYSICAL VOLUME: {4}hdisk0 {19}VOLUME GROUP: {5}rootvg\n/);
    expect(r.stdout).toMatch(/^PV IDENTIFIER: {6}[0-9a-f]{16} VG IDENTIFIER {5}[0-9a-f]{32}$/m);
  });
});

describe('bootinfo', () => {
  it('prints the size in MB, non-zero for an unknown disk', () => {
    expect(lpar.run('bootinfo', ['-s', 'hdisk1'])).toMatchObject({ rc: 0, stdout: '30720\n' });
    expect(lpar.run('bootinfo', ['-s', 'hdisk0']).stdout).toBe('51200\n');
    expect(lpar.run('bootinfo', ['-s', 'hdisk9']).rc).not.toBe(0);
  });
});

describe('varied-off and concurrent VGs', () => {
  it('varyoff: lsvg lists it, lsvg -o does not, lsvg VG fails with 0516-010, lspv has no state', () => {
    const l = makeLpar();
    try {
      l.sim(['varyoff', 'datavg']);
      expect(l.run('lsvg').stdout).toBe('rootvg\ndatavg\n');
      expect(l.run('lsvg', ['-o']).stdout).toBe('rootvg\n');
      const r = l.run('lsvg', ['-l', 'datavg']);
      expect(r.rc).not.toBe(0);
      expect(r.stderr).toBe('0516-010 : Volume group must be varied on; use varyonvg command.\n');
      expect(l.run('lspv').stdout).toMatch(/^hdisk1 {10}[0-9a-f]{16} {20}datavg\n/m);
      l.sim(['varyon', 'datavg', '--concurrent']);
      expect(l.run('lspv').stdout).toMatch(/^hdisk1 {10}[0-9a-f]{16} {20}datavg {10}concurrent$/m);
      expect(l.run('lsvg', ['-o']).stdout).toBe('rootvg\ndatavg\n');
    } finally {
      l.cleanup();
    }
  });
});
