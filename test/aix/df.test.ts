// df -P -k and ulimit -f as the space check reads them. The reference has no AIX sample of
// either (gap): every plausible form of the POSIX table is accepted, anything else is an error.
import { describe, expect, it } from 'vitest';
import { parseDfPortable } from '../../lib/aix/parse/df';
import { parseFsizeBlocks } from '../../lib/aix/parse/ulimit';
import { containing } from '../helpers/matchers';

describe('parseDfPortable', () => {
  it('reads local and NFS file systems, the mount point being the rest of the line', () => {
    const text = [
      'Filesystem    1024-blocks      Used Available Capacity Mounted on',
      '/dev/hd4           524288    317440    206848      61% /',
      'nfs01:/export/images 4294967296 2147483648 2147483648 50% /mnt/backups',
      '/dev/fslv00       1048576     1024   1047552       1% /mnt/with space',
      '',
    ].join('\n');
    expect(parseDfPortable(text)).toEqual({
      ok: true,
      value: [
        { filesystem: '/dev/hd4', usedKb: 317440, availableKb: 206848, mountedOn: '/' },
        { filesystem: 'nfs01:/export/images', usedKb: 2147483648, availableKb: 2147483648, mountedOn: '/mnt/backups' },
        { filesystem: '/dev/fslv00', usedKb: 1024, availableKb: 1047552, mountedOn: '/mnt/with space' },
      ],
    });
  });

  it('reads "-" (an NFS server that does not say) as 0, and a CR at the end of a line', () => {
    const r = parseDfPortable('Filesystem 1024-blocks Used Available Capacity Mounted on\r\nsrv:/x - - - - /x\r\n');
    expect(r).toEqual({ ok: true, value: [{ filesystem: 'srv:/x', usedKb: 0, availableKb: 0, mountedOn: '/x' }] });
  });

  it('refuses the non-POSIX table and anything else, quoting the line', () => {
    const aixDefault = '/dev/hd4           524288    206848   61%     3412     9% /\n';
    expect(parseDfPortable(aixDefault)).toEqual({ ok: false, msg: containing('"/dev/hd4') });
    expect(parseDfPortable('df: /x: A file or directory in the path name does not exist.\n').ok).toBe(false);
  });
});

describe('parseFsizeBlocks', () => {
  it('reads blocks or unlimited', () => {
    expect(parseFsizeBlocks('2097151\n')).toEqual({ ok: true, value: 2097151 });
    expect(parseFsizeBlocks('unlimited\n')).toEqual({ ok: true, value: null });
    expect(parseFsizeBlocks('').ok).toBe(false);
    expect(parseFsizeBlocks('ksh: ulimit: bad option').ok).toBe(false);
  });
});
