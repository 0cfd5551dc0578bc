import { describe, expect, it } from 'vitest';
import { listValue, parseStanzas, stanzasNamed } from '../../lib/aix/parse/stanza';
import { fixture } from './fixture';

describe('parseStanzas', () => {
  it('reads the image.data sample in order, repeated stanzas kept, comments skipped (S-AHIX)', () => {
    const s = parseStanzas(fixture('image.data.13.1.S-AHIX.txt'));
    expect(s.map((x) => x.name)).toEqual([
      'image_data',
      'logical_volume_policy',
      'ils_data',
      'vg_data',
      'source_disk_data',
      'source_disk_data',
      'lv_data',
    ]);
    expect(s[0]!.attrs['DATE_TIME']).toBe('Tue Jun 10 18:25:56 CEST 2014');
    expect(s[0]!.attrs['USERVG_LIST']).toBe('data3vg data2vg data4vg data5vg');
    expect(s[3]!.attrs).toEqual({
      VGNAME: 'rootvg',
      PPSIZE: '32',
      VARYON: 'yes',
      VG_SOURCE_DISK_LIST: 'hdisk0 hdisk1',
      QUORUM: '1',
      ENH_CONC_CAPABLE: 'no',
      CONC_AUTO: 'no',
      BIGVG: 'no',
      TFACTOR: '1',
    });
    expect(listValue(s[3]!.attrs['VG_SOURCE_DISK_LIST'])).toEqual(['hdisk0', 'hdisk1']);
    const disks = stanzasNamed(s, 'source_disk_data');
    expect(disks.map((d) => [d.attrs['HDISKNAME'], d.attrs['SIZE_MB'], d.attrs['LOCATION']])).toEqual([
      ['hdisk0', '30848', ''],
      ['hdisk1', '30848', ''],
    ]);
    const lv = s[6]!.attrs;
    expect(lv['LOGICAL_VOLUME']).toBe('hd5');
    expect(lv['LPs']).toBe('1');
    expect(lv['PP']).toBe('2');
    expect(lv['MOUNT_POINT']).toBe('');
    expect(lv['DEV_SUBTYP']).toBe('');
    expect(Object.keys(lv)).toHaveLength(32);
  });

  it('reads the real tab-indented layout with trailing spaces and empty values', () => {
    const text = 'lv_data:\n\tLOGICAL_VOLUME= hd4\n\tMOUNT_POINT= \n\tTYPE= jfs2\n\nlv_data:\n\tLOGICAL_VOLUME= hd2\n\tMOUNT_POINT= /usr\n';
    expect(parseStanzas(text)).toEqual([
      { name: 'lv_data', attrs: { LOGICAL_VOLUME: 'hd4', MOUNT_POINT: '', TYPE: 'jfs2' } },
      { name: 'lv_data', attrs: { LOGICAL_VOLUME: 'hd2', MOUNT_POINT: '/usr' } },
    ]);
  });

  it('reads bosinst.data KEY = value, skipping the prompt lines (S-IBMCLOUD @343f48a6, doc damage "HDI SKNAME" kept)', () => {
    expect(parseStanzas(fixture('bosinst.data.13.5.S-IBMCLOUD-343f48a6.txt'))).toEqual([
      {
        name: 'target_disk_data',
        attrs: {
          PVID: '00c04e279d9ce46e',
          PHYSICAL_LOCATION: 'U9117.MMC.0604E27-V9-C3-T1-L8100000000000000',
          CONNECTION: 'vscsi0//810000000000',
          LOCATION: '',
          SIZE_MB: '20480',
          'HDI SKNAME': 'hdisk0',
        },
      },
    ]);
  });

  it('drops attributes that belong to no stanza (S-IBMCLOUD HEAD, fgrep output)', () => {
    expect(parseStanzas(fixture('bosinst.data-sizemb.13.5.S-IBMCLOUD-HEAD.txt'))).toEqual([]);
  });

  it('splits on the first = only and keeps a __proto__ key as data', () => {
    const s = parseStanzas('post_restvg:\n\tRESTVG_FILE= /tmp/x=y\n\t__proto__= bad\n');
    expect(s[0]!.attrs['RESTVG_FILE']).toBe('/tmp/x=y');
    expect(s[0]!.attrs['__proto__']).toBe('bad');
  });

  it('returns nothing for garbage or empty input, and copes with huge lines', () => {
    expect(parseStanzas('')).toEqual([]);
    expect(parseStanzas('hello world\n\u0000\u0001\n')).toEqual([]);
    const big = parseStanzas('fs_data:\n\tFS_NAME= ' + 'a'.repeat(3_000_000) + '\n');
    expect(big[0]!.attrs['FS_NAME']).toHaveLength(3_000_000);
  });
});
