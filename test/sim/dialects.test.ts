// The simulator's dialects (sim/dialects.ts): each point prints the form it names, and the verbs
// that choose them refuse what they do not know.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, DIALECT_NAMES, DEFAULT_DIALECT, POINT_VALUES, type DialectPoint } from '../../sim/dialects';
import { makeLpar, type Lpar } from '../../harness/lpar';

let lpar: Lpar;
let dir: string;
let img: string;
beforeAll(() => {
  lpar = makeLpar({ dialect: DEFAULT_DIALECT, files: 2 });
  dir = mkdtempSync(join(tmpdir(), 'aix-dialect-'));
  img = join(dir, 'sys.mksysb');
  expect(lpar.run('mksysb', ['-i', img]).rc).toBe(0);
});
afterAll(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const use = (name: string): string => lpar.sim(['dialect', 'use', name]);
const set = (point: string, value: string): string => lpar.sim(['dialect', 'set', point, value]);

describe('dialect points', () => {
  it('every value of every point is taken by some named dialect, the default first', () => {
    expect(DIALECT_NAMES[0]).toBe(DEFAULT_DIALECT);
    for (const point of Object.keys(POINT_VALUES) as DialectPoint[]) {
      const values: readonly string[] = POINT_VALUES[point];
      expect(DIALECTS[DEFAULT_DIALECT]![point]).toBe(values[0]);
      for (const v of values) expect(Object.values(DIALECTS).some((d) => d[point] === v), `${point}=${v}`).toBe(true);
    }
  });

  it('listing: sizes (13 columns), bare paths, or restore -xv lines', () => {
    use(DEFAULT_DIALECT);
    const forms: Array<[string, RegExp]> = [
      ['sizes', /^(?=.{13} \.\/) *\d+ \.\//],
      ['paths', /^\.\//],
      ['extract', /^x +\d+ \.\//],
    ];
    for (const [value, re] of forms) {
      set('listing', value);
      const lines = lpar.run('lsmksysb', ['-f', img]).stdout.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThan(10);
      for (const l of lines) expect(l, value).toMatch(re);
      expect(lines[0]!.endsWith(' ./bosinst.data') || lines[0] === './bosinst.data').toBe(true);
    }
    set('listing', 'sizes');
    expect(lpar.run('lsmksysb', ['-f', img]).stdout.split('\n')[0]).toBe(`${' '.repeat(13 - String(readSize()).length)}${readSize()} ./bosinst.data`);
  });

  it('listingHeader and wording: the volume header and the count, on stderr or stdout, short or long', () => {
    use(DEFAULT_DIALECT);
    let r = lpar.run('lsmksysb', ['-f', img]);
    expect(r.stderr).toMatch(/^New volume on .*:\n Cluster 51200 bytes \(100 blocks\)\.\n {4}Volume number 1\n {4}Date of backup: .*\n {4}Files backed up by name\n {4}User root\nfiles archived: \d+\n$/);
    expect(r.stdout).not.toContain('New volume');
    set('listingHeader', 'stdout');
    set('wording', 'long');
    r = lpar.run('lsmksysb', ['-f', img]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^New volume on .*:\nCluster size is 51200 bytes \(100 blocks\)\.\nThe volume number is 1\.\nThe backup date is: .* UTC \d{4}\nFiles are backed up by name\.\nThe user is root\.\n/);
    expect(r.stdout).toMatch(/\nThe number of archived files is \d+\.\n$/);
  });

  it('missingStream: 0512-054 on stdout or stderr, rc 1 either way', () => {
    use(DEFAULT_DIALECT);
    const missing = join(dir, 'nothing');
    const out = lpar.run('lsmksysb', ['-l', '-f', missing]);
    expect(out).toMatchObject({ rc: 1, stdout: `0512-054 listvgbackup: File ${missing} does not exist or is empty.\n`, stderr: '' });
    set('missingStream', 'stderr');
    const err = lpar.run('lsmksysb', ['-l', '-f', missing]);
    expect(err).toMatchObject({ rc: 1, stdout: '', stderr: `0512-054 listvgbackup: File ${missing} does not exist or is empty.\n` });
  });

  it('dateDay: BACKUP DATE/TIME with the day padded or not', () => {
    use(DEFAULT_DIALECT);
    const date = (): string => /^BACKUP DATE\/TIME: +(.*)$/m.exec(lpar.run('lsmksysb', ['-l', '-f', img]).stdout)![1]!;
    const padded = date();
    set('dateDay', 'unpadded');
    const unpadded = date();
    expect(padded).toMatch(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d UTC \d{4}$/);
    expect(unpadded).toBe(padded.replace(/^(\w{3} \w{3}) +/, '$1 '));
  });

  it('dialect show names the dialect, or custom once a point differs from every named one', () => {
    use('restore-x');
    expect(JSON.parse(lpar.sim(['dialect']))).toMatchObject({ name: 'restore-x' });
    set('wording', 'long');
    expect(JSON.parse(lpar.sim(['dialect', 'show']))).toMatchObject({ name: 'custom', settings: { ...DIALECTS['restore-x'], wording: 'long' } });
    set('wording', 'short');
    expect(JSON.parse(lpar.sim(['dialect']))).toMatchObject({ name: 'restore-x' });
  });

  it('refuses an unknown dialect, point or value, naming what it takes', () => {
    expect(() => use('aix99')).toThrow(/dialect use: give one of aix73, /);
    expect(() => set('colour', 'blue')).toThrow(/unknown dialect point colour \(points: listing, /);
    expect(() => set('listing', 'tar')).toThrow(/dialect point listing takes sizes \| paths \| extract, not tar/);
    const bad = mkdtempSync(join(tmpdir(), 'aix-bad-'));
    try {
      expect(() => makeLpar({ dialect: 'aix99', parent: bad })).toThrow(/init: unknown dialect aix99 \(dialects: aix73, /);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

/** Size of ./bosinst.data as the image holds it (restore -xv's form prints it too). */
function readSize(): number {
  set('listing', 'extract');
  const first = lpar.run('lsmksysb', ['-f', img]).stdout.split('\n')[0]!;
  set('listing', 'sizes');
  return Number(/^x +(\d+) /.exec(first)![1]);
}
