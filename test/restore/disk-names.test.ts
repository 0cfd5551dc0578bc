// Target-disk options and the flags a restore refuses: pure functions, no LPAR needed.
import { describe, expect, it } from 'vitest';
import { parseDiskNames } from '../../lib/lpar/disks';
import { altDiskMksysbFlags, restvgFlags } from '../../lib/backup/options/flag-tables';
import { hasUserFlag, managedFlags } from '../../lib/restore/common';

describe('parseDiskNames', () => {
  it('accepts lists, comma- and space-separated strings and /dev/ paths, each disk once, in order', () => {
    expect(parseDiskNames('disk', ['/dev/hdisk1'])).toEqual({ ok: true, value: ['hdisk1'] });
    expect(parseDiskNames('name', ['hdisk3, hdisk2  /dev/hdisk3'])).toEqual({ ok: true, value: ['hdisk3', 'hdisk2'] });
    expect(parseDiskNames('disk', ['hdisk2', 'hdisk10'])).toEqual({ ok: true, value: ['hdisk2', 'hdisk10'] });
    expect(parseDiskNames('disk', [])).toEqual({ ok: true, value: [] });
  });

  it('refuses anything that is not hdiskN, naming the option and every bad word', () => {
    const r = parseDiskNames('disk', ['hdisk1,/dev/rhdisk2', 'datavg', 'hdisk']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.msg).toMatch(/^disk: "\/dev\/rhdisk2", "datavg", "hdisk" are not disk names/);
      expect(r.msg).toContain('e.g. disk: hdisk2');
    }
  });
});

describe('managedFlags', () => {
  it('lists every flag a table can produce, set this run or not', () => {
    const m = managedFlags(altDiskMksysbFlags);
    expect(m).toMatchObject({ '-m': 'location', '-d': 'disk', '-i': 'data_file', '-P': 'phase', '-B': 'bootlist', '-V': 'verbose', '-D': 'debug' });
    expect(managedFlags(restvgFlags, { '-q': 'always' })).toMatchObject({ '-f': 'location', '-d': 'data_file', '-r': 'exclude_data', '-s': 'minimize_lv_size', '-q': 'always' });
  });
});

describe('hasUserFlag', () => {
  it('finds a flag but never takes a flag value for one', () => {
    expect(hasUserFlag('alt_disk_mksysb', ['-K', '-S'], '-S')).toBe(true);
    expect(hasUserFlag('alt_disk_mksysb', ['-c', '-S'], '-S')).toBe(false);
    expect(hasUserFlag('alt_disk_mksysb', [], '-r')).toBe(false);
  });
});
