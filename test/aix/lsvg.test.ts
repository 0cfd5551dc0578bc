import { describe, expect, it } from 'vitest';
import { parseLvTable, parseVgList } from '../../lib/aix/parse/lsvg';
import { fixture, outputOf } from './fixture';
import { containing } from '../helpers/matchers';

describe('parseVgList', () => {
  it('reads lsvg (S-SKYTAP)', () => {
    expect(parseVgList(outputOf('lsvg-list.1.1.S-SKYTAP.txt'))).toEqual(['rootvg', 'app', 'data']);
  });
  it('reads lsvg after exportvg (S-IBMCLOUD, prompt " :>lsvg")', () => {
    expect(parseVgList(outputOf('lsvg-list.1.1.S-IBMCLOUD.txt'))).toEqual(['old_rootvg', 'rootvg']);
  });
  it('reads the ansible stdout of lsvg with altinst_rootvg (S-ISS432)', () => {
    expect(parseVgList('rootvg\naltinst_rootvg\n')).toEqual(['rootvg', 'altinst_rootvg']);
  });
  it('compares whole names: datavg2 is not datavg', () => {
    const vgs = parseVgList('rootvg\ndatavg2\n');
    expect(vgs.includes('datavg')).toBe(false);
    expect(vgs).toEqual(['rootvg', 'datavg2']);
  });
  it('skips blank lines, CRs, trailing spaces and lines that are not a name', () => {
    expect(parseVgList('\r\nrootvg  \r\n\n0516-010 : Volume group must be varied on; use varyonvg command.\n')).toEqual(['rootvg']);
  });
  it('returns an empty list for empty output', () => {
    expect(parseVgList('')).toEqual([]);
  });
});

describe('parseLvTable', () => {
  it('reads lsvg -l rootvg (S-OSVC)', () => {
    const r = parseLvTable(fixture('lsvg-l.1.3.S-OSVC.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.vg).toBe('rootvg');
    expect(r.value.lvs).toHaveLength(11);
    expect(r.value.lvs[0]).toEqual({ name: 'hd5', type: 'boot', lps: 1, pps: 1, pvs: 1, state: 'closed/syncd', mountPoint: null });
    expect(r.value.lvs[3]).toEqual({ name: 'hd4', type: 'jfs2', lps: 16, pps: 16, pvs: 1, state: 'open/syncd', mountPoint: '/' });
    expect(r.value.lvs[10]).toEqual({ name: 'lv_moteurs', type: 'jfs2', lps: 56, pps: 56, pvs: 1, state: 'open/syncd', mountPoint: '/moteurs' });
  });

  it('reads lsvg -l app (S-SKYTAP)', () => {
    const r = parseLvTable(outputOf('lsvg-l.1.3.S-SKYTAP.txt'));
    expect(r).toEqual({
      ok: true,
      value: { vg: 'app', lvs: [{ name: 'applv', type: 'jfs2', lps: 1278, pps: 1278, pvs: 1, state: 'open/syncd', mountPoint: '/app' }] },
    });
  });

  it('reads the doc-damaged copy (reflowed spacing, "jfs2l og") without repairing the type (S-IBMCLOUD)', () => {
    const r = parseLvTable(outputOf('lsvg-l-docdamaged.1.3.S-IBMCLOUD.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.vg).toBe('mksysbvg');
    expect(r.value.lvs).toEqual([
      { name: 'loglv00', type: 'jfs2l og', lps: 1, pps: 1, pvs: 1, state: 'closed/syncd', mountPoint: null },
      { name: 'fslv00', type: 'jfs2', lps: 576, pps: 576, pvs: 1, state: 'closed/syncd', mountPoint: '/mksysb' },
    ]);
  });

  it('keeps a mount point with spaces and a mirrored LV (PPs = 2 x LPs)', () => {
    const text = 'datavg:\nLV NAME             TYPE       LPs     PPs     PVs  LV STATE      MOUNT POINT\nlv01                jfs2       10      20      2    open/stale    /my data\n';
    const r = parseLvTable(text);
    expect(r.ok && r.value.lvs[0]).toEqual({ name: 'lv01', type: 'jfs2', lps: 10, pps: 20, pvs: 2, state: 'open/stale', mountPoint: '/my data' });
  });

  it('accepts a VG without LVs (header only, or no header)', () => {
    expect(parseLvTable('emptyvg:\n')).toEqual({ ok: true, value: { vg: 'emptyvg', lvs: [] } });
    expect(parseLvTable('emptyvg:\nLV NAME  TYPE  LPs  PPs  PVs  LV STATE  MOUNT POINT\n')).toEqual({ ok: true, value: { vg: 'emptyvg', lvs: [] } });
  });

  it('returns error values for garbage', () => {
    expect(parseLvTable('').ok).toBe(false);
    expect(parseLvTable('rootvg\nhd5 boot 1 1 1 closed/syncd N/A\n').ok).toBe(false);
    const bad = parseLvTable('rootvg:\nLV NAME TYPE\nhd5 boot one 1 1 closed/syncd N/A\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad).toEqual({ ok: false, kind: 'unreadable', msg: containing('"hd5 boot one 1 1 closed/syncd N/A"') });
  });
});

describe('parseLvTable on the samples found after the reference', () => {
  it('reads a real rootvg of 17 LVs with lg_dumplv, livedump and long mount points (AIX 6.1)', () => {
    const r = parseLvTable(fixture('lsvg-l-rootvg.sample.GLPI61.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.vg).toBe('rootvg');
    expect(r.value.lvs).toHaveLength(17);
    expect(r.value.lvs.find((l) => l.name === 'lg_dumplv')).toEqual({ name: 'lg_dumplv', type: 'sysdump', lps: 20, pps: 20, pvs: 1, state: 'open/syncd', mountPoint: null });
    expect(r.value.lvs.find((l) => l.name === 'livedump')?.mountPoint).toBe('/var/adm/ras/livedump');
    expect(r.value.lvs.at(-1)?.mountPoint).toBe('/opt/best1');
  });

  it('takes 0516-010 (lsvg -l of altinst_rootvg, on either stream) for "varied off"', () => {
    const text = fixture('lsvg-l-altinst.sample.GLPI61.txt');
    for (const [out, err] of [[text, ''], ['', text]]) {
      expect(parseLvTable(out!, err)).toEqual({
        ok: false,
        kind: 'varied-off',
        msg: 'the volume group is varied off (0516-010): "0516-010 : Volume group must be varied on; use varyonvg command."',
      });
    }
  });
});
