import { describe, expect, it } from 'vitest';
import { parsePvList, parsePvLvs } from '../../lib/aix/lspv';
import { fixture, outputOf } from './fixture';
import { containing } from '../helpers/matchers';

describe('parsePvList', () => {
  it('reads three disks in use (S-SKYTAP)', () => {
    expect(parsePvList(outputOf('lspv.2.1.S-SKYTAP-inuse.txt'))).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk0', pvid: '00fb3aca9c0a8fc1', vg: 'rootvg', state: 'active' },
        { disk: 'hdisk1', pvid: '00fb4f3c486538a2', vg: 'app', state: 'active' },
        { disk: 'hdisk2', pvid: '00fb4f3c486580b9', vg: 'data', state: 'active' },
      ],
    });
  });

  it('reads free disks: none PVID, None VG, 3 fields (S-SKYTAP)', () => {
    expect(parsePvList(outputOf('lspv-bootinfo.2.1.S-SKYTAP-free.txt', 'lspv'))).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk0', pvid: '00fb3aca9c0a8fc1', vg: 'rootvg', state: 'active' },
        { disk: 'hdisk1', pvid: null, vg: null, state: null },
        { disk: 'hdisk2', pvid: null, vg: null, state: null },
      ],
    });
  });

  it('reads altinst_rootvg with no state (S-IBMCLOUD)', () => {
    const r = parsePvList(outputOf('lspv.2.1.S-IBMCLOUD-altinst.txt'));
    expect(r.ok && r.value[1]).toEqual({ disk: 'hdisk1', pvid: '00c939202144313b', vg: 'altinst_rootvg', state: null });
  });

  it('reads old_rootvg after the reboot (S-IBMCLOUD)', () => {
    const r = parsePvList(outputOf('lspv.2.1.S-IBMCLOUD-oldrootvg.txt'));
    expect(r.ok && r.value).toEqual([
      { disk: 'hdisk0', pvid: '00fa00d66c59c9d7', vg: 'old_rootvg', state: null },
      { disk: 'hdisk1', pvid: '00c939202144313b', vg: 'rootvg', state: 'active' },
    ]);
  });

  it('reads concurrent (PowerHA), tabs as separators, and skips the VIOS header', () => {
    const text = 'NAME             PVID                                 VG               STATUS\nhdisk4\t00c8d0a0f3b1e2d4\tsharedvg\tconcurrent\nhdisk5  00c8d0a0f3b1e2d5  None\n';
    expect(parsePvList(text)).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk4', pvid: '00c8d0a0f3b1e2d4', vg: 'sharedvg', state: 'concurrent' },
        { disk: 'hdisk5', pvid: '00c8d0a0f3b1e2d5', vg: null, state: null },
      ],
    });
  });

  it('rejects an unknown state instead of calling it varied off', () => {
    const r = parsePvList('hdisk0 00fb3aca9c0a8fc1 rootvg locked\n');
    expect(r).toEqual({ ok: false, error: containing('unknown state "locked"') });
  });

  it('returns error values for garbage', () => {
    expect(parsePvList('rootvg\n').ok).toBe(false);
    expect(parsePvList('hdisk0 notapvid rootvg active\n').ok).toBe(false);
    expect(parsePvList('a b c d e\n').ok).toBe(false);
    expect(parsePvList('')).toEqual({ ok: true, value: [] });
  });
});

describe('parsePvLvs', () => {
  it('reads lspv -l hdisk0 (S-OSVC)', () => {
    const r = parsePvLvs(fixture('lspv-l.2.2.S-OSVC.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.disk).toBe('hdisk0');
    expect(r.value.lvs).toHaveLength(11);
    expect(r.value.lvs[0]).toEqual({ name: 'hd10opt', lps: 16, pps: 16, distribution: [0, 0, 16, 0, 0], mountPoint: '/opt' });
    expect(r.value.lvs[5]).toEqual({ name: 'hd5', lps: 1, pps: 1, distribution: [1, 0, 0, 0, 0], mountPoint: null });
    expect(r.value.lvs[8]!.mountPoint).toBe('/');
  });

  it('reads a long DISTRIBUTION that pushes MOUNT POINT out of its column', () => {
    const text = 'hdisk1:\nLV NAME               LPs     PPs     DISTRIBUTION          MOUNT POINT\napplv                 1918    1918    384..383..383..383..384 /app\n';
    const r = parsePvLvs(text);
    expect(r.ok && r.value.lvs[0]).toEqual({ name: 'applv', lps: 1918, pps: 1918, distribution: [384, 383, 383, 383, 384], mountPoint: '/app' });
  });

  it('says "not in a volume group" for 0516-320', () => {
    const r = parsePvLvs('0516-320 : Physical volume hdisk3 is not assigned to a volume group.\n');
    expect(r).toEqual({ ok: false, error: containing('not in a volume group (0516-320)') });
  });

  it('returns error values for garbage', () => {
    expect(parsePvLvs('').ok).toBe(false);
    expect(parsePvLvs('hdisk0:\nhd5 1 1 N/A\n').ok).toBe(false);
  });
});
