import { describe, expect, it } from 'vitest';
import { bootDevices, bootDisks, parseBootlist } from '../../lib/aix/parse/bootlist';
import { parseDiskSizeMb } from '../../lib/aix/parse/bootinfo';
import { outputOf } from './fixture';
import { containing } from '../helpers/matchers';

describe('parseBootlist', () => {
  it('reads one disk over four paths (S-IBMCLOUD @343f48a6)', () => {
    const r = parseBootlist(outputOf('bootlist.10.S-IBMCLOUD-343f48a6.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toHaveLength(4);
    expect(r.value[0]).toEqual({ device: 'hdisk2' });
    expect(bootDisks(r.value)).toEqual(['hdisk2']);
  });

  it('reads the doc-damaged copy as printed, without repairing "hdiskl" (S-IBMCLOUD HEAD)', () => {
    const r = parseBootlist(outputOf('bootlist.10.S-IBMCLOUD-HEAD.txt'));
    expect(r.ok && r.value.length).toBe(5);
    expect(r.ok && bootDevices(r.value)).toEqual(['hdiskl']);
  });

  it('keeps order over several disks and leaves network devices out of bootDisks', () => {
    const r = parseBootlist('hdisk1 blv=hd5 pathid=0\nhdisk0 blv=hd5\nhdisk1 blv=hd5 pathid=1\nent0 bserver=129.12.2.10 client=129.35.9.23 gateway=129.35.21.1\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(bootDevices(r.value)).toEqual(['hdisk1', 'hdisk0', 'ent0']);
    expect(bootDisks(r.value)).toEqual(['hdisk1', 'hdisk0']);
  });

  it('returns an error value for text that is not bootlist output, and [] for nothing', () => {
    expect(parseBootlist('Usage: bootlist [-m mode] ...\n').ok).toBe(false);
    expect(parseBootlist('blv=hd5\n').ok).toBe(false);
    expect(parseBootlist('\n')).toEqual({ ok: true, value: [] });
  });
});

describe('parseDiskSizeMb', () => {
  it('reads bootinfo -s hdisk1 (S-SKYTAP)', () => {
    expect(parseDiskSizeMb(outputOf('lspv-bootinfo.2.1.S-SKYTAP-free.txt', 'bootinfo -s hdisk1'))).toEqual({ ok: true, value: 81920 });
  });
  it('reads other sizes with surrounding whitespace', () => {
    expect(parseDiskSizeMb('961824\n')).toEqual({ ok: true, value: 961824 });
    expect(parseDiskSizeMb('  30720 \r\n')).toEqual({ ok: true, value: 30720 });
  });
  it('returns error values for empty, zero and non-numeric output', () => {
    expect(parseDiskSizeMb('')).toEqual({ ok: false, msg: 'bootinfo -s printed nothing; the disk may not exist' });
    expect(parseDiskSizeMb('0\n').ok).toBe(false);
    expect(parseDiskSizeMb('bootinfo: hdisk9 not found\n')).toEqual({ ok: false, msg: containing('"bootinfo: hdisk9 not found"') });
    expect(parseDiskSizeMb('81920\n81920\n').ok).toBe(false);
  });
});
