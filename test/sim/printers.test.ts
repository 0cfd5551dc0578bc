// The simulator's printers against the real samples (test/fixtures/aix/*.sample.*) where they
// print the same thing: same keys in the same order at the same columns, same message texts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';

const sample = (name: string): string => readFileSync(join(__dirname, '../fixtures/aix', name), 'utf8');

let lpar: Lpar;
beforeAll(() => {
  lpar = makeLpar({ files: 2 });
});
afterAll(() => lpar.cleanup());

/** Each line's keys and where they and their values start: the layout without the values. */
function layout(text: string): string[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const keys = [...line.matchAll(/(?:^|\s{2,}|(?<=\S) )([A-Z][A-Za-z ()]*?):\s+(?=\S|$)/g)];
      return keys.map((k) => `${k[1]}@${line.indexOf(k[1]!, k.index)}>${k.index + k[0].length}`).join(' | ');
    });
}

/** Where each field of a table row starts. */
const starts = (line: string): number[] => [...line.matchAll(/\S+/g)].map((m) => m.index);

describe('printers against the samples', () => {
  it('lsvg rootvg: the AIX 7.3 normal-VG layout, key for key and column for column', () => {
    expect(layout(lpar.run('lsvg', ['rootvg']).stdout)).toEqual(layout(sample('lsvg-detail-normal.sample.NODEJS73.txt')));
  });

  it('lsvg -l rootvg: header and columns of the real rootvg, lg_dumplv and livedump included', () => {
    const real = sample('lsvg-l-rootvg.sample.GLPI61.txt').trimEnd().split('\n');
    const sim = lpar.run('lsvg', ['-l', 'rootvg']).stdout.trimEnd().split('\n');
    expect(sim.slice(0, 2)).toEqual(real.slice(0, 2));
    const byName = (lines: string[], name: string): string => lines.find((l) => l.startsWith(`${name} `))!;
    for (const lv of ['hd5', 'hd4', 'hd11admin', 'lg_dumplv', 'livedump']) {
      expect(starts(byName(sim, lv)), lv).toEqual(starts(byName(real, lv)));
      expect(byName(sim, lv).split(/\s+/).slice(1, 2), lv).toEqual(byName(real, lv).split(/\s+/).slice(1, 2));
    }
    expect(byName(sim, 'livedump').endsWith('/var/adm/ras/livedump')).toBe(true);
  });

  it('lsvg -l of a varied-off VG: the 0516-010 text exactly', () => {
    const l = makeLpar({ files: 1 });
    try {
      l.sim(['varyoff', 'datavg']);
      const r = l.run('lsvg', ['-l', 'datavg']);
      expect(r.rc).not.toBe(0);
      expect(r.stderr).toBe(sample('lsvg-l-altinst.sample.GLPI61.txt'));
    } finally {
      l.cleanup();
    }
  });

  it('lspv: a disk without a PVID prints as in the AIX 7.3 sample, and lspv DISK answers 0516-1396', () => {
    const disk = lpar.sim(['add-disk', '--no-pvid']).trim();
    const real = sample('lspv.sample.NODEJS73.txt').trimEnd().split('\n');
    const line = lpar.run('lspv').stdout.split('\n').find((l) => l.startsWith(`${disk} `))!;
    expect(line).toBe(real[1]!.replace('hdisk1', disk).padEnd(real[1]!.length + disk.length - 'hdisk1'.length).trimEnd());
    expect(starts(lpar.run('lspv').stdout.split('\n')[0]!)).toEqual(starts(real[0]!));
    const r = lpar.run('lspv', [disk]);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toBe(sample('lspv-disk.sample.NODEJS73.txt').replace(/hdisk1/g, disk));
  });

  it('lspv: a disk locked with lkdev shows locked, with its label when in no VG', () => {
    lpar.sim(['lkdev', 'hdisk2', '--label', 'oracle_asm']);
    lpar.sim(['lkdev', 'hdisk1']);
    const lines = lpar.run('lspv').stdout.split('\n');
    expect(lines.find((l) => l.startsWith('hdisk2 '))).toMatch(/^hdisk2 {10}[0-9a-f]{16} {20}oracle_asm {6}locked$/);
    expect(lines.find((l) => l.startsWith('hdisk1 '))).toMatch(/^hdisk1 {10}[0-9a-f]{16} {20}datavg {10}active locked$/);
    lpar.sim(['lkdev', 'hdisk2', '--unlock']);
    lpar.sim(['lkdev', 'hdisk1', '--unlock']);
    expect(lpar.run('lspv').stdout).not.toContain('locked');
  });
});
