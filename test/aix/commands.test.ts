import { describe, expect, it } from 'vitest';
import { AIX_COMMANDS, commandPath, isAixCommand } from '../../lib/aix/run/commands';

describe('commandPath', () => {
  it('uses /usr/sbin and /usr/bin under / by default', () => {
    expect(commandPath('lsvg')).toBe('/usr/sbin/lsvg');
    expect(commandPath('lspv', '/')).toBe('/usr/sbin/lspv');
    expect(commandPath('bootinfo')).toBe('/usr/sbin/bootinfo');
    expect(commandPath('alt_disk_mksysb')).toBe('/usr/sbin/alt_disk_mksysb');
    expect(commandPath('alt_rootvg_op')).toBe('/usr/sbin/alt_rootvg_op');
    expect(commandPath('mksysb')).toBe('/usr/bin/mksysb');
    expect(commandPath('savevg')).toBe('/usr/bin/savevg');
    expect(commandPath('restvg')).toBe('/usr/bin/restvg');
    expect(commandPath('lsmksysb')).toBe('/usr/bin/lsmksysb');
    expect(commandPath('lssavevg')).toBe('/usr/bin/lssavevg');
    expect(commandPath('listvgbackup')).toBe('/usr/bin/listvgbackup');
    expect(commandPath('bootlist')).toBe('/usr/bin/bootlist');
    expect(commandPath('uname')).toBe('/usr/bin/uname');
  });
  it('joins $AIX_ROOT, with or without a trailing slash, empty meaning /', () => {
    expect(commandPath('mksysb', '/tmp/lpar')).toBe('/tmp/lpar/usr/bin/mksysb');
    expect(commandPath('lsvg', '/tmp/lpar/')).toBe('/tmp/lpar/usr/sbin/lsvg');
    expect(commandPath('lsvg', '')).toBe('/usr/sbin/lsvg');
  });
  it('knows exactly the sixteen commands, each in /usr/bin or /usr/sbin', () => {
    expect(Object.keys(AIX_COMMANDS).sort()).toEqual([
      'alt_disk_mksysb', 'alt_rootvg_op', 'bootinfo', 'bootlist', 'df', 'listvgbackup', 'lquerypv', 'lsmksysb',
      'lspv', 'lssavevg', 'lsvg', 'mksysb', 'restvg', 'savevg', 'ulimit', 'uname',
    ]);
    expect(Object.values(AIX_COMMANDS).every((dir) => dir === '/usr/bin' || dir === '/usr/sbin')).toBe(true);
    expect(isAixCommand('uname')).toBe(true);
    expect(isAixCommand('lquerypv')).toBe(true);
    expect(isAixCommand('restvg')).toBe(true);
    expect(isAixCommand('rm')).toBe(false);
    expect(isAixCommand('toString')).toBe(false);
    // Never called: only the compiler looks at it (tsc fails if 'rm' were accepted).
    const unknownName = (): string =>
      // @ts-expect-error an unknown command name does not compile
      commandPath('rm');
    expect(typeof unknownName).toBe('function');
  });
});
