import { describe, expect, it } from 'vitest';
import { parseBackupInfo } from '../../lib/aix/parse/listvgbackup';
import { outputOf } from './fixture';
import { containing } from '../helpers/matchers';

describe('parseBackupInfo', () => {
  it('reads lsmksysb -l of a 7.2 mksysb (S-SKYTAP)', () => {
    const r = parseBackupInfo(outputOf('lsmksysb-l.4.1.S-SKYTAP.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { logicalVolumes, ...info } = r.value;
    expect(info).toEqual({
      volumeGroup: 'rootvg',
      dateText: 'Thu Dec 16 00:38:18 UTC 2021',
      date: '2021-12-16T00:38:18Z',
      uname: 'AIX sapaix 2 7 00C97B604B00',
      hostname: 'sapaix',
      machineId: '00C97B604B00',
      oslevel: '7.2.3.15',
      maintenanceLevel: '7200-03',
      servicepackLevel: '7200-03-02-1846',
      sizeMb: 28448,
      shrinkSizeMb: 8483,
      vgDataOnly: false,
    });
    expect(logicalVolumes).toHaveLength(9);
    expect(logicalVolumes[0]).toEqual({ name: 'hd5', type: 'boot', lps: 1, pps: 1, pvs: 1, state: 'closed/syncd', mountPoint: null });
    expect(logicalVolumes[8]).toEqual({ name: 'hd10opt', type: 'jfs2', lps: 13, pps: 13, pvs: 1, state: 'open/syncd', mountPoint: '/opt' });
  });

  it('reads lssavevg -l of a savevg -r image (S-SKYTAP)', () => {
    const r = parseBackupInfo(outputOf('lssavevg-l.4.1.S-SKYTAP.txt'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      volumeGroup: 'app',
      date: '2023-04-03T13:56:22-05:00',
      hostname: 'aix7',
      machineId: '00FB4F3C4C00',
      oslevel: '7.3.0.0',
      servicepackLevel: '7300-00-01-2148',
      sizeMb: 81792,
      shrinkSizeMb: 3201,
      vgDataOnly: true,
      logicalVolumes: [{ name: 'applv', type: 'jfs2', lps: 1278, pps: 1278, pvs: 1, state: 'open/syncd', mountPoint: '/app' }],
    });
  });

  const header71 =
    'VOLUME GROUP:           rootvg\n' +
    'BACKUP DATE/TIME:       Wed Mar 27 23:07:10 EDT 2013\n' +
    'UNAME INFO:             AIX wpar01 1 7 00F6F42A4C00\n' +
    'BACKUP OSLEVEL:         7.1.2.0\n' +
    'MAINTENANCE LEVEL:      7100-02\n' +
    'BACKUP SIZE (MB):       10240\n' +
    'SHRINK SIZE (MB):       2048\n' +
    'VG DATA ONLY:           no\n';

  it('reads the 8-line 7.1 header without SERVICEPACK LEVEL, keeping the colons of the time', () => {
    const r = parseBackupInfo(header71 + '\nrootvg:\nLV NAME  TYPE  LPs  PPs  PVs  LV STATE  MOUNT POINT\nhd4 jfs2 8 8 1 open/syncd /\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      dateText: 'Wed Mar 27 23:07:10 EDT 2013',
      date: '2013-03-27T23:07:10-04:00',
      maintenanceLevel: '7100-02',
      servicepackLevel: null,
      sizeMb: 10240,
    });
    expect(r.value.logicalVolumes).toHaveLength(1);
  });

  it('accepts a header with no LV table and keeps an unknown zone as text only', () => {
    const r = parseBackupInfo(header71.replace('EDT', 'XYZ'));
    expect(r.ok && r.value).toMatchObject({ dateText: 'Wed Mar 27 23:07:10 XYZ 2013', date: null, logicalVolumes: [] });
  });

  it('detects 0512-054 on stdout as "missing"', () => {
    const r = parseBackupInfo('0512-054 listvgbackup: File /tmp/testvg_backup does not exist or is empty.\n', '');
    expect(r).toEqual({
      ok: false,
      kind: 'missing',
      msg: '0512-054 listvgbackup: File /tmp/testvg_backup does not exist or is empty.',
    });
  });

  it('detects 0512-054 on stderr as "missing"', () => {
    const r = parseBackupInfo('', '\n0512-054 listvgbackup: File /backup/x does not exist or is empty.\n');
    expect(!r.ok && r.kind).toBe('missing');
  });

  it('reports garbage as "invalid" with a message naming VOLUME GROUP and quoting the output', () => {
    const r = parseBackupInfo('tar: this does not look like a backup archive\n', 'restore: 0511-160 Cannot read the backup media\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe('invalid');
    expect(r.msg).toContain('"VOLUME GROUP:"');
    expect(r.msg).toContain('standard error says "restore: 0511-160 Cannot read the backup media"');
  });

  it('reports empty output and a broken LV table as "invalid"', () => {
    expect(parseBackupInfo('')).toEqual({ ok: false, kind: 'invalid', msg: containing('standard output was empty') });
    const broken = parseBackupInfo('VOLUME GROUP: rootvg\n\nrootvg:\nLV NAME TYPE\nhd4 jfs2 x x x open/syncd /\n');
    expect(!broken.ok && broken.kind).toBe('invalid');
  });

  it('does not crash on a huge line', () => {
    const r = parseBackupInfo('VOLUME GROUP: ' + 'v'.repeat(5_000_000) + '\n');
    expect(r.ok).toBe(true);
    const g = parseBackupInfo('z'.repeat(5_000_000));
    expect(!g.ok && g.msg.length < 400).toBe(true);
  });
});
