// mksysb, savevg and the listing commands (reference §4, §6, §7, §11, §12).
import { readFileSync, statSync, truncateSync, writeFileSync, mkdtempSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';

let lpar: Lpar;
let dir: string;
beforeAll(() => {
  // The exact forms below are the default dialect's; test/sim/dialects.test.ts checks the others.
  lpar = makeLpar({ dialect: 'aix73' });
});
afterAll(() => lpar.cleanup());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aix-img-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Member lines of the default listing: the size right-aligned in 13 columns, a space, the path. */
const MEMBER_LINE = /^ *(\d+) (\..*)$/;

/** The paths of a listing's member lines (blank lines dropped). */
const pathsOf = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => MEMBER_LINE.exec(l)?.[2] ?? `not a member line: ${l}`);

/** The captured-stdout form of a successful mksysb (reference §7.2). */
const MKSYSB_OUT =
  /^\nCreating information file \(\/image\.data\) for rootvg\.\n\nCreating list of files to back up \n\.\nBacking up (\d+) files\.*\n\n\1 of \1 files backed up \(100%\)\n0512-038 mksysb: Backup Completed Successfully\.\n$/;

const HEADER_KEYS = [
  'VOLUME GROUP:',
  'BACKUP DATE/TIME:',
  'UNAME INFO:',
  'BACKUP OSLEVEL:',
  'MAINTENANCE LEVEL:',
  'SERVICEPACK LEVEL:',
  'BACKUP SIZE (MB):',
  'SHRINK SIZE (MB):',
  'VG DATA ONLY:',
];

function checkDisplay(stdout: string, vg: string, dataOnly: 'yes' | 'no'): void {
  const [head = '', table = ''] = stdout.split('\n\n');
  const lines = head.split('\n');
  expect(lines.map((l) => l.slice(0, 24).trimEnd())).toEqual(HEADER_KEYS);
  for (const l of lines) expect(l[23]).toBe(' ');
  expect(lines[0]).toBe(`VOLUME GROUP:           ${vg}`);
  expect(lines[1]).toMatch(/^BACKUP DATE\/TIME: {7}(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d UTC \d{4}$/);
  expect(lines[2]).toMatch(/^UNAME INFO: {13}AIX aixsim01 3 7 [0-9A-F]{12}$/);
  expect(lines[3]).toMatch(/^BACKUP OSLEVEL: {9}7\.3\.\d+\.\d+$/);
  expect(lines[4]).toMatch(/^MAINTENANCE LEVEL: {6}7300-\d\d$/);
  expect(lines[5]).toMatch(/^SERVICEPACK LEVEL: {6}7300-\d\d-\d\d-\d{4}$/);
  expect(lines[6]).toMatch(/^BACKUP SIZE \(MB\): {7}\d+$/);
  expect(lines[7]).toMatch(/^SHRINK SIZE \(MB\): {7}\d+$/);
  expect(lines[8]).toBe(`VG DATA ONLY:           ${dataOnly}`);
  const t = table.trimEnd().split('\n');
  expect(t[0]).toBe(`${vg}:`);
  expect(t[1]).toBe('LV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT');
}

describe('mksysb', () => {
  it('writes an image and prints the reference output on stdout, rc 0', () => {
    const img = join(dir, 'sys.mksysb');
    const r = lpar.run('mksysb', ['-i', '-X', img]);
    expect(r).toMatchObject({ rc: 0, stderr: '' });
    expect(r.stdout).toMatch(MKSYSB_OUT);
    expect(statSync(img).size).toBeGreaterThan(100_000);
    expect(statSync(img).size).toBeLessThan(1_000_000);
  });

  it('prints no info-file line without -i, and needs /image.data then (0512-004)', () => {
    const img = join(dir, 'a');
    const r = lpar.run('mksysb', [img]);
    expect(r.stdout).toMatch(/^\nCreating list of files to back up \n\.\nBacking up \d+ files/);
    const l = makeLpar();
    try {
      rmSync(join(l.root, 'image.data'));
      const r2 = l.run('mksysb', [img]);
      expect(r2.rc).not.toBe(0);
      expect(r2.stdout).toContain('0512-004 mksysb: The /image.data file does not exist.  Backup canceled.');
    } finally {
      l.cleanup();
    }
  });

  it('lsmksysb -lf shows the 9-line header, a blank line and the LV table', () => {
    const img = join(dir, 'sys.mksysb');
    lpar.run('mksysb', ['-i', img]);
    for (const [cmd, args] of [
      ['lsmksysb', ['-lf', img]],
      ['lsmksysb', ['-l', '-f', img]],
      ['listvgbackup', ['-f', img, '-l']],
      ['restvg', ['-l', '-f', img]],
    ] as const) {
      const r = lpar.run(cmd, [...args]);
      expect(r.rc).toBe(0);
      checkDisplay(r.stdout, 'rootvg', 'no');
      expect(r.stdout).toContain('\nhd5                 boot       1       1       1    closed/syncd  N/A\n');
    }
  });

  it('lists the archive: bosinst.data, image.data, vgdata, then every file', () => {
    const img = join(dir, 'sys.mksysb');
    const n = Number(/Backing up (\d+) files/.exec(lpar.run('mksysb', ['-i', img]).stdout)![1]);
    const r = lpar.run('lsmksysb', ['-f', img]);
    expect(r.rc).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const l of lines) expect(l.length - l.trimStart().length + /\d+/.exec(l)![0].length, l).toBe(13);
    const paths = pathsOf(r.stdout);
    expect(paths.slice(0, 2)).toEqual(['./bosinst.data', './image.data']);
    expect(paths[2]).toMatch(/^\.\/tmp\/vgdata\/rootvg\//);
    expect(paths).toHaveLength(n);
    for (const p of paths) expect(p).toMatch(/^\.\//);
    expect(paths.some((p) => p.startsWith('./usr/'))).toBe(true);
    expect(r.stderr).toMatch(/^New volume on .*:\n Cluster 51200 bytes \(100 blocks\)\.\n {4}Volume number 1\n/);
    expect(r.stderr).toContain(`files archived: ${n}\n`);
  });

  it('detects a truncated and a corrupted image on a full read; -l still reads the header', () => {
    const img = join(dir, 'sys.mksysb');
    lpar.run('mksysb', [img]);
    const size = statSync(img).size;
    const bad = join(dir, 'bad');
    writeFileSync(bad, readFileSync(img));
    const fd = openSync(bad, 'r+');
    writeSync(fd, Buffer.from('XXXX'), 0, 4, size - 2000);
    closeSync(fd);
    const corrupt = lpar.run('lsmksysb', ['-f', bad]);
    expect(corrupt.rc).not.toBe(0);
    expect(corrupt.stderr).toMatch(/damaged/);
    truncateSync(img, Math.floor(size / 2));
    expect(lpar.run('lsmksysb', ['-lf', img]).rc).toBe(0);
    const r = lpar.run('lsmksysb', ['-f', img]);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toMatch(/truncated/);
  });

  it('says 0512-054 on stdout for a missing or empty image, non-zero rc', () => {
    const missing = join(dir, 'nothing');
    for (const cmd of ['lsmksysb', 'lssavevg', 'listvgbackup']) {
      const r = lpar.run(cmd, ['-l', '-f', missing]);
      expect(r.rc).not.toBe(0);
      expect(r.stdout).toBe(`0512-054 listvgbackup: File ${missing} does not exist or is empty.\n`);
    }
    writeFileSync(missing, '');
    expect(lpar.run('restvg', ['-l', '-f', missing]).stdout).toContain('0512-054 listvgbackup: File');
  });

  it('refuses a relative file name (0512-006) and unknown flags (usage, rc 1)', () => {
    const r = lpar.run('mksysb', ['relative.mksysb']);
    expect(r.rc).not.toBe(0);
    expect(r.stdout).toContain("0512-006 mksysb: Backup device or file name must start with a '/'.");
    const u = lpar.run('mksysb', ['-Q', join(dir, 'x')]);
    expect(u.rc).toBe(1);
    expect(u.stderr).toMatch(/Usage: mksysb/);
  });

  it('writes to the simulated tape /dev/rmt0 and refuses a missing /dev/rmt9', () => {
    const r = lpar.run('mksysb', ['/dev/rmt0']);
    expect(r.rc).toBe(0);
    expect(statSync(join(lpar.root, 'dev/rmt0')).size).toBeGreaterThan(0);
    expect(lpar.run('lsmksysb', ['-l']).stdout).toMatch(/^VOLUME GROUP: +rootvg/);
    const bad = lpar.run('mksysb', ['/dev/rmt9']);
    expect(bad.rc).not.toBe(0);
    expect(bad.stdout).toContain('0512-017 mksysb: Cannot write to the device /dev/rmt9.');
  });

  it('records the backup in /var/adm/ras/vgbackuplog (date in field 3) and lsmksysb -B prints it', () => {
    const img = join(dir, 'logged');
    lpar.run('mksysb', [img]);
    const log = readFileSync(join(lpar.root, 'var/adm/ras/vgbackuplog'), 'utf8').trimEnd().split('\n').at(-1)!;
    const fields = log.split(';');
    expect(fields[0]).toBe(img);
    expect(fields[2]).toMatch(/\d\d:\d\d:\d\d UTC \d{4}$/);
    expect(lpar.run('lsmksysb', ['-B']).stdout).toContain(log);
  });

  it('-v lists every file as `a size path` on stdout', () => {
    const img = join(dir, 'v');
    const r = lpar.run('mksysb', ['-v', img]);
    const n = Number(/Backing up (\d+) files/.exec(r.stdout)![1]);
    const listed = r.stdout.split('\n').filter((l) => /^a +\d+ \.\//.test(l));
    expect(listed).toHaveLength(n);
    expect(listed[0]).toMatch(/^a {1,12}\d+ \.\/bosinst\.data$/);
  });

  it('-e honours /etc/exclude.rootvg and -x leaves out listed file systems', () => {
    writeFileSync(join(lpar.root, 'etc/exclude.rootvg'), '^./tmp/\n');
    const xfile = join(dir, 'xlist');
    writeFileSync(xfile, '/opt\n');
    const img = join(dir, 'ex');
    expect(lpar.run('mksysb', ['-e', '-x', xfile, img]).rc).toBe(0);
    const paths = pathsOf(lpar.run('lsmksysb', ['-f', img]).stdout);
    expect(paths.some((p) => p.startsWith('./tmp/d'))).toBe(false);
    expect(paths.some((p) => p.startsWith('./opt/'))).toBe(false);
    expect(paths.some((p) => p.startsWith('./usr/'))).toBe(true);
  });
});

describe('savevg', () => {
  it('-r prints the reference output (§6.1) and makes a VG DATA ONLY image of 6 members', () => {
    const img = join(dir, 'app.image');
    const r = lpar.run('savevg', ['-r', '-f', img, 'datavg']);
    expect(r.rc).toBe(0);
    expect(r.stdout).toBe(
      '\nCreating information file for volume group datavg.\n\nBacking up user Volume Group information files only.\n' +
        'Creating list of files to back up.\nBacking up 6 files\n\n6 of 6 files (100%)\n0512-038 savevg: Backup Completed Successfully.\n',
    );
    checkDisplay(lpar.run('lssavevg', ['-f', img, '-l']).stdout, 'datavg', 'yes');
    const members = pathsOf(lpar.run('lssavevg', ['-f', img]).stdout);
    expect(members).toEqual([
      './tmp/vgdata/datavg/image.info',
      expect.stringMatching(/^\.\/tmp\/vgdata\/vgdata\.files\d+$/),
      './tmp/vgdata/vgdata.files',
      './tmp/vgdata/datavg/filesystems',
      './tmp/vgdata/datavg/datavg.data',
      './tmp/vgdata/datavg/backup.data',
    ]);
  });

  it('backs up the files of the mounted file systems', () => {
    const img = join(dir, 'd.savevg');
    const r = lpar.run('savevg', ['-i', '-f', img, 'datavg']);
    expect(r.stdout).toMatch(/\nCreating list of files to back up\.\n\.\nBacking up (\d+) files\.*\n\n\1 of \1 files \(100%\)\n0512-038 savevg: Backup Completed Successfully\.\n$/);
    expect(r.stdout).toContain('Creating information file for volume group datavg.');
    const paths = pathsOf(lpar.run('lssavevg', ['-f', img]).stdout);
    expect(paths.filter((p) => p.startsWith('./data1/'))).toHaveLength(20);
    expect(paths.filter((p) => p.startsWith('./data2/'))).toHaveLength(20);
    expect(readFileSync(join(lpar.root, 'tmp/vgdata/datavg/datavg.data'), 'utf8')).toMatch(/^vg_data:\n\tVGNAME= datavg\n/m);
  });

  it('refuses an unknown or varied-off VG with 0512-009, a bad flag with usage rc 2', () => {
    const img = join(dir, 'x');
    for (const vg of [['nosuchvg'], []]) {
      const r = lpar.run('savevg', ['-f', img, ...vg]);
      expect(r.rc).not.toBe(0);
      expect(r.stdout).toContain('0512-009 savevg: Invalid or missing Volume Group Name.');
    }
    const l = makeLpar();
    try {
      l.sim(['varyoff', 'datavg']);
      expect(l.run('savevg', ['-f', img, 'datavg']).stdout).toContain('0512-009 savevg:');
    } finally {
      l.cleanup();
    }
    const u = lpar.run('savevg', ['-Q', '-f', img, 'datavg']);
    expect(u.rc).toBe(2);
    expect(u.stderr).toMatch(/Usage: savevg/);
  });

  it('an unreadable file gives 0512-003 on stdout, the complaint on stderr, rc 0', () => {
    const l = makeLpar();
    try {
      l.sim(['unreadable', '/data1/locked.db']);
      const img = join(dir, 'u');
      const r = l.run('savevg', ['-f', img, 'datavg']);
      expect(r.rc).toBe(0);
      expect(r.stdout).toContain(
        '0512-003 savevg may not have been able to archive some files.\nThe messages displayed on the Standard Error contained additional\ninformation.\n',
      );
      expect(r.stdout).not.toContain('0512-038');
      expect(r.stderr).toContain('./data1/locked.db');
      expect(l.run('lssavevg', ['-f', img]).stdout).not.toContain('locked.db');
    } finally {
      l.cleanup();
    }
  });
});

describe('read-only commands', () => {
  it('leave the state file untouched and are logged with mutates: false', () => {
    const img = join(dir, 'ro');
    lpar.run('mksysb', [img]);
    const state = join(lpar.root, 'var/aix-sim/state.json');
    const before = statSync(state).mtimeMs;
    const text = readFileSync(state, 'utf8');
    const since = Date.now();
    for (const [cmd, args] of [
      ['lsvg', []],
      ['lsvg', ['-l', 'rootvg']],
      ['lspv', []],
      ['bootinfo', ['-s', 'hdisk0']],
      ['lsmksysb', ['-lf', img]],
      ['lsmksysb', ['-f', img]],
      ['restvg', ['-lf', img]],
      ['bootlist', ['-m', 'normal', '-o']],
    ] as const) {
      lpar.run(cmd, [...args]);
    }
    expect(statSync(state).mtimeMs).toBe(before);
    expect(readFileSync(state, 'utf8')).toBe(text);
    const recent = lpar.invocations().filter((i) => i.start >= since);
    expect(recent).toHaveLength(8);
    expect(recent.every((i) => !i.mutates && i.rc === 0 && i.end !== null)).toBe(true);
    const mk = lpar.invocations().find((i) => i.cmd === 'mksysb' && i.argv[0] === img)!;
    expect(mk).toMatchObject({ mutates: true, rc: 0, argv: [img] });
  });
});
