import { describe, expect, it } from 'vitest';
import { parsePvList } from '../../lib/aix/parse/lspv';
import { fixture, outputOf } from './fixture';
import { containing } from '../helpers/matchers';

describe('parsePvList', () => {
  it('reads three disks in use (S-SKYTAP)', () => {
    expect(parsePvList(outputOf('lspv.2.1.S-SKYTAP-inuse.txt'))).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk0', pvid: '00fb3aca9c0a8fc1', vg: 'rootvg', state: 'active', locked: false },
        { disk: 'hdisk1', pvid: '00fb4f3c486538a2', vg: 'app', state: 'active', locked: false },
        { disk: 'hdisk2', pvid: '00fb4f3c486580b9', vg: 'data', state: 'active', locked: false },
      ],
    });
  });

  it('reads free disks: none PVID, None VG, 3 fields (S-SKYTAP)', () => {
    expect(parsePvList(outputOf('lspv-bootinfo.2.1.S-SKYTAP-free.txt', 'lspv'))).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk0', pvid: '00fb3aca9c0a8fc1', vg: 'rootvg', state: 'active', locked: false },
        { disk: 'hdisk1', pvid: null, vg: null, state: null, locked: false },
        { disk: 'hdisk2', pvid: null, vg: null, state: null, locked: false },
      ],
    });
  });

  it('reads altinst_rootvg with no state (S-IBMCLOUD)', () => {
    const r = parsePvList(outputOf('lspv.2.1.S-IBMCLOUD-altinst.txt'));
    expect(r.ok && r.value[1]).toEqual({ disk: 'hdisk1', pvid: '00c939202144313b', vg: 'altinst_rootvg', state: null, locked: false });
  });

  it('reads old_rootvg after the reboot (S-IBMCLOUD)', () => {
    const r = parsePvList(outputOf('lspv.2.1.S-IBMCLOUD-oldrootvg.txt'));
    expect(r.ok && r.value).toEqual([
      { disk: 'hdisk0', pvid: '00fa00d66c59c9d7', vg: 'old_rootvg', state: null, locked: false },
      { disk: 'hdisk1', pvid: '00c939202144313b', vg: 'rootvg', state: 'active', locked: false },
    ]);
  });

  it('reads concurrent (PowerHA), tabs as separators, and skips the VIOS header', () => {
    const text = 'NAME             PVID                                 VG               STATUS\nhdisk4\t00c8d0a0f3b1e2d4\tsharedvg\tconcurrent\nhdisk5  00c8d0a0f3b1e2d5  None\n';
    expect(parsePvList(text)).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk4', pvid: '00c8d0a0f3b1e2d4', vg: 'sharedvg', state: 'concurrent', locked: false },
        { disk: 'hdisk5', pvid: '00c8d0a0f3b1e2d5', vg: null, state: null, locked: false },
      ],
    });
  });

  it('reads the documented locked state (lkdev): alone, after active, with a label in the VG column', () => {
    const text = 'hdisk2 00fb3aca9c0a8fc2 None locked\nhdisk3 00fb3aca9c0a8fc3 datavg active locked\nhdisk4 00fb3aca9c0a8fc4 mylabel locked\nhdisk5 00fb3aca9c0a8fc5 datavg locked active\n';
    const r = parsePvList(text);
    expect(r.ok && r.value.map((p) => [p.disk, p.vg, p.state, p.locked])).toEqual([
      ['hdisk2', null, null, true],
      ['hdisk3', 'datavg', 'active', true],
      ['hdisk4', 'mylabel', null, true],
      ['hdisk5', 'datavg', 'active', true],
    ]);
  });

  it('reads the AIX 7.3 sample with a disk that has no PVID (none None)', () => {
    expect(parsePvList(fixture('lspv.sample.NODEJS73.txt'))).toEqual({
      ok: true,
      value: [
        { disk: 'hdisk0', pvid: '00fa00d6b552f41b', vg: 'rootvg', state: 'active', locked: false },
        { disk: 'hdisk1', pvid: null, vg: null, state: null, locked: false },
      ],
    });
  });

  it('rejects an undocumented state instead of calling it varied off', () => {
    const r = parsePvList('hdisk0 00fb3aca9c0a8fc1 rootvg defined\n');
    expect(r).toEqual({ ok: false, msg: containing('unknown state "defined"') });
    expect(parsePvList('hdisk0 00fb3aca9c0a8fc1 rootvg active active\n').ok).toBe(false);
    expect(parsePvList('hdisk0 00fb3aca9c0a8fc1 rootvg locked locked\n').ok).toBe(false);
  });

  it('returns error values for garbage', () => {
    expect(parsePvList('rootvg\n').ok).toBe(false);
    expect(parsePvList('hdisk0 notapvid rootvg active\n').ok).toBe(false);
    expect(parsePvList('a b c d e f\n').ok).toBe(false);
    expect(parsePvList('hdisk0 00fb3aca9c0a8fc1 rootvg active e\n').ok).toBe(false);
    expect(parsePvList('')).toEqual({ ok: true, value: [] });
  });
});
