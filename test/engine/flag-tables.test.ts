// The option-to-flag tables are data: every flag they produce must be one the AIX command
// accepts (per the reference synopses in lib/aix/parse/command-flags.ts), and each row renders as the
// reference documents.
import { describe, expect, it } from 'vitest';
import { COMMAND_FLAGS, type FlagCommand } from '../../lib/aix/parse/command-flags';
import { altDiskMksysbFlags, mksysbFlags, restvgFlags, RESTVG_FIXED, savevgFlags } from '../../lib/backup/options/flag-tables';
import type { BackupParams } from '../../lib/backup/options/params';
import type { FlagTable } from '../../lib/engine/flag-table';

const base: BackupParams = {
  action: 'create', type: 'mksysb', create_data_file: 'no', remain_nim_client: false, import_vg: false, debug: false,
  bootlist: true, force: false, exclude_data: false, exclude_packing_files: false, exclude_files: false,
  extend_fs: false, minimize_lv_size: false, verbose: false, lock_timeout: 600,
};

const tables: [FlagCommand, FlagTable<BackupParams>][] = [
  ['mksysb', mksysbFlags], ['savevg', savevgFlags], ['restvg', restvgFlags], ['alt_disk_mksysb', altDiskMksysbFlags],
];

describe.each(tables)('%s table', (command, table) => {
  it('produces only flags the command accepts', () => {
    for (const rule of Object.values(table.rules)) {
      for (const flag of rule.flags) expect(Object.keys(COMMAND_FLAGS[command])).toContain(flag);
    }
  });

  it('renders no flag from the defaults', () => {
    expect(table.render(base)).toEqual([]);
  });
});

describe('rows', () => {
  it('mksysb: create_data_file, exclude_files, exclude_fs, extend_fs, exclude_packing_files, verbose', () => {
    expect(mksysbFlags.render({ ...base, create_data_file: 'yes' })).toEqual(['-i']);
    expect(mksysbFlags.render({ ...base, create_data_file: 'mapfile' })).toEqual(['-m']);
    expect(mksysbFlags.render({ ...base, exclude_files: true, exclude_fs: '/etc/nofs', extend_fs: true, exclude_packing_files: true, verbose: true }))
      .toEqual(['-e', '-x', '/etc/nofs', '-X', '-P', '-v']);
  });

  it('savevg: the location is -f; exclude_data is -r', () => {
    expect(savevgFlags.render({ ...base, location: '/b/x', exclude_data: true })).toEqual(['-f', '/b/x', '-r']);
  });

  it('managed flags name their option, and a choice option manages all its flags', () => {
    expect(mksysbFlags.managed({ ...base, create_data_file: 'yes' })).toEqual({ '-i': 'create_data_file', '-m': 'create_data_file' });
    expect(mksysbFlags.managed(base)).toEqual({});
    expect(savevgFlags.managed({ ...base, location: '/x' })).toMatchObject({ '-f': 'location' });
  });

  it('restvg: -d -r -s, and -q is always added by the module', () => {
    expect(restvgFlags.render({ ...base, data_file: '/tmp/d.data', exclude_data: true, minimize_lv_size: true })).toEqual(['-d', '/tmp/d.data', '-r', '-s']);
    expect(RESTVG_FIXED).toEqual(['-q']);
  });

  it('alt_disk_mksysb: phase goes to -P with its value; bootlist false is -B, true is nothing', () => {
    const p = { ...base, location: '/img', disk: ['hdisk2', 'hdisk3'], phase: '12' as const, data_file: '/i.data' };
    expect(altDiskMksysbFlags.render(p)).toEqual(['-m', '/img', '-d', 'hdisk2 hdisk3', '-i', '/i.data', '-P', '12']);
    expect(altDiskMksysbFlags.render({ ...p, bootlist: false })).toContain('-B');
    expect(altDiskMksysbFlags.render({ ...p, bootlist: true })).not.toContain('-B');
  });
});
