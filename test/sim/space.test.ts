// The simulator's file system sizes and file size limit: df -P -k for the LPAR's own file
// systems and for image paths, ulimit -f, and mksysb/savevg failing as AIX's do when the image
// does not fit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';

let lpar: Lpar;
let dir: string;
beforeEach(() => {
  lpar = makeLpar();
  dir = mkdtempSync(join(tmpdir(), 'sim-space-'));
});
afterEach(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (stdout: string): string[][] => stdout.trim().split('\n').slice(1).map((l) => l.trim().split(/\s+/));

describe('df -P -k', () => {
  it('shows the LPAR file systems by mount point, image paths on the default export, a missing path as an error', () => {
    const r = lpar.run('df', ['-P', '-k', '/tmp', '/usr', dir, join(dir, 'nope')]);
    expect(r.rc).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^Filesystem\s+1024-blocks\s+Used\s+Available\s+Capacity\s+Mounted on$/);
    expect(rows(r.stdout)).toEqual([
      ['/dev/hd3', String(2048 * 1024), String(180 * 1024), String(1868 * 1024), '9%', '/tmp'],
      ['/dev/hd2', String(5120 * 1024), String(4120 * 1024), String(1000 * 1024), '81%', '/usr'],
      ['nfs01:/export/images', String(4 * 1024 ** 3), String(2 * 1024 ** 3), String(2 * 1024 ** 3), '50%', dir],
    ]);
    expect(r.stderr).toBe(`df: ${join(dir, 'nope')}: A file or directory in the path name does not exist.\n`);
  });

  it('fs --path sets the file system of an image directory; fs --mount the used space of an LPAR one', () => {
    lpar.sim(['fs', '--path', dir, '--size', '1000', '--free', '10', '--name', 'nas:/small']);
    lpar.sim(['fs', '--mount', '/tmp', '--used', '2000']);
    const r = lpar.run('df', ['-P', '-k', join(dir, 'sub'), '/tmp']);
    expect(rows(r.stdout)).toEqual([
      ['nas:/small', String(1000 * 1024), String(990 * 1024), String(10 * 1024), '99%', dir],
      ['/dev/hd3', String(2048 * 1024), String(2000 * 1024), String(48 * 1024), '98%', '/tmp'],
    ]);
  });
});

describe('ulimit -f and the backup commands', () => {
  it('prints unlimited, then the limit set; mksysb stops at it with the EFBIG text', () => {
    expect(lpar.run('ulimit', ['-f']).stdout).toBe('unlimited\n');
    lpar.sim(['limit', '--fsize', '2097151']);
    expect(lpar.run('ulimit', ['-f']).stdout).toBe('2097151\n');
    const r = lpar.run('mksysb', ['-i', join(dir, 'img')]);
    expect(r.rc).toBe(3);
    expect(r.stderr).toContain(`backup: write error on ${join(dir, 'img')}: A file cannot be larger than the value set by ulimit.`);
    expect(r.stdout).toContain('0512-005 mksysb: Backup Completed.');
  });

  it('savevg runs out of space on a small file system; -r (structure only) fits', () => {
    lpar.sim(['fs', '--path', dir, '--size', '1000', '--free', '100']);
    const full = lpar.run('savevg', ['-f', join(dir, 'full'), 'datavg']);
    expect(full.rc).toBe(3);
    expect(full.stderr).toContain('There is not enough space in the file system.');
    const structure = lpar.run('savevg', ['-r', '-f', join(dir, 'structure'), 'datavg']);
    expect(structure.rc).toBe(0);
    expect(readdirSync(dir)).toContain('structure');
  });

  it('/tmp too full: mksysb fails before writing, unless -X expands it', () => {
    lpar.sim(['fs', '--mount', '/tmp', '--used', '2040']);
    const r = lpar.run('mksysb', ['-i', join(dir, 'img')]);
    expect(r.rc).toBe(3);
    expect(r.stderr).toMatch(/^mksysb: There is not enough free space in \/tmp \(8192 KB free, 32768 KB needed\); use -X to expand \/tmp\.$/m);
    expect(existsSync(join(dir, 'img'))).toBe(false);
    const x = lpar.run('mksysb', ['-i', '-X', join(dir, 'img')]);
    expect(x.rc).toBe(0);
    const hd3 = lpar.state().vgs[0]?.lvs.find((l: { name: string }) => l.name === 'hd3');
    expect(hd3?.lps).toBeGreaterThan(32);
  });
});
