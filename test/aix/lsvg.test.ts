import { describe, expect, it } from 'vitest';
import { parseLvTable, parseVgDetail, parseVgList } from '../../lib/aix/lsvg';
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

describe('parseVgDetail', () => {
  it('reads sample A, scalable VG with trailing spaces and left-only lines (S-IBMFIX)', () => {
    const r = parseVgDetail(fixture('lsvg-detail-scalable.1.2.S-IBMFIX.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value;
    expect(v).toMatchObject({
      name: 'testvg',
      identifier: '00f6f42a00004c000000017a0bd88942',
      state: 'active',
      permission: 'read/write',
      ppSizeMb: 16,
      totalPps: 2550,
      totalMb: 40800,
      freePps: 2550,
      freeMb: 40800,
      usedPps: 0,
      usedMb: 0,
      maxLvs: 256,
      lvs: 0,
      openLvs: 0,
      quorum: 2,
      quorumEnabled: true,
      totalPvs: 2,
      vgDescriptors: 3,
      stalePvs: 0,
      stalePps: 0,
      activePvs: 2,
      autoOn: true,
      maxPpsPerVg: 32768,
      maxPvs: 1024,
      maxPpsPerPv: null,
      ltgSizeKb: 256,
      ltgMode: 'dynamic',
      autoSync: false,
      hotSpare: 'no',
      bbPolicy: 'relocatable',
      mirrorPoolStrict: 'off',
      pvRestriction: 'none',
      infiniteRetry: false,
      diskBlockSize: 512,
      criticalVg: false,
      fsSyncOption: false,
      criticalPvs: false,
      encryption: false,
      scalable: true,
    });
    expect(v.fields['MIRROR POOL STRICT']).toBe('off');
    expect(Object.keys(v.fields)).toHaveLength(32);
  });

  it('reads sample B, non-scalable VG with MAX PPs per VG alone on its line (S-OSVC)', () => {
    const r = parseVgDetail(fixture('lsvg-detail-nonscalable.1.2.S-OSVC.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      name: 'rootvg',
      identifier: '00082a6a0000d400000001321aa20bf2',
      ppSizeMb: 64,
      totalPps: 959,
      totalMb: 61376,
      freePps: 717,
      freeMb: 45888,
      usedPps: 242,
      usedMb: 15488,
      lvs: 11,
      openLvs: 10,
      totalPvs: 1,
      activePvs: 1,
      vgDescriptors: 2,
      maxPpsPerVg: 32512,
      maxPpsPerPv: 1016,
      maxPvs: 32,
      scalable: false,
      encryption: null,
      criticalVg: null,
    });
  });

  it('reads a copy with other spacing by finding the right key after a gap', () => {
    const text = 'VOLUME GROUP:   datavg    VG IDENTIFIER:  00c0ffee00004c00\nVG STATE:  active   PP SIZE:  128 megabyte(s)\nTOTAL PVs: 2\n';
    const r = parseVgDetail(text);
    expect(r.ok && r.value).toMatchObject({ name: 'datavg', identifier: '00c0ffee00004c00', state: 'active', ppSizeMb: 128, totalPvs: 2 });
  });

  it('turns ??????? of a varied-off VG into null', () => {
    const text =
      'VOLUME GROUP:       datavg                   VG IDENTIFIER:  00f6f42a00004c000000017a0bd88942\n' +
      'VG STATE:           ???????                  PP SIZE:        ???????\n';
    const r = parseVgDetail(text);
    expect(r.ok && r.value).toMatchObject({ state: null, ppSizeMb: null });
  });

  it('reports 0516-010 (varied off) as an error value naming the cause', () => {
    const r = parseVgDetail('0516-010 : Volume group must be varied on; use varyonvg command.\n');
    expect(r).toEqual({ ok: false, error: containing('not varied on') });
  });

  it('returns an error value for garbage and empty input', () => {
    const g = parseVgDetail('hello world\nno colons here\n');
    expect(g.ok).toBe(false);
    if (!g.ok) expect(g.error).toContain('VOLUME GROUP:');
    expect(parseVgDetail('').ok).toBe(false);
  });

  it('stays linear on a long run of blanks inside a line', () => {
    const t0 = Date.now();
    const r = parseVgDetail('VOLUME GROUP:       datavg' + ' '.repeat(200_000) + 'x' + '  y'.repeat(200_000) + '\n');
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^lsvg output has an unreadable "VOLUME GROUP:" value "datavg {10}.*\(800007 characters\)"$/);
  });

  it('survives a huge line without throwing and quotes it shortened', () => {
    const r = parseVgDetail('X'.repeat(2_000_000) + ':' + ' y'.repeat(100_000));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeLessThan(400);
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
    if (!bad.ok) expect(bad.error).toContain('"hd5 boot one 1 1 closed/syncd N/A"');
  });
});
