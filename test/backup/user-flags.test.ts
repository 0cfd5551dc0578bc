// In-process: how `flags` reads against an option-to-flag table (the module runs of the same
// rules are in scope-flags.test.ts).
import { describe, expect, it } from 'vitest';
import { mksysbFlags, savevgFlags } from '../../lib/backup/options/flag-tables';
import type { BackupParams } from '../../lib/backup/options/params';
import { adoptUserFlags, checkUserFlags } from '../../lib/backup/options/user-flags';

const base: BackupParams = {
  action: 'create', type: 'savevg', name: 'datavg', create_data_file: 'no', remain_nim_client: false, import_vg: false, debug: false,
  bootlist: true, force: false, exclude_data: false, exclude_packing_files: false, exclude_files: false,
  extend_fs: false, minimize_lv_size: false, verbose: false, lock_timeout: 600,
};

describe('adoptUserFlags', () => {
  it('takes each managed flag as its option, keeps the others in order, and warns once per flag', () => {
    const r = adoptUserFlags('savevg', '-a -rX -f /dev/rmt1 -b 64 -m', savevgFlags, base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.params).toMatchObject({ exclude_data: true, extend_fs: true, location: '/dev/rmt1', create_data_file: 'mapfile' });
    expect(r.value.flags).toEqual(['-a', '-b', '64']);
    expect(r.value.warnings).toHaveLength(4);
    expect(base.exclude_data).toBe(false);
  });

  it('a flag given twice is one option; two flags of one option that disagree are refused', () => {
    expect(adoptUserFlags('mksysb', '-e -e', mksysbFlags, base)).toMatchObject({ ok: true, value: { flags: [], params: { exclude_files: true } } });
    expect(adoptUserFlags('mksysb', '-x /a -x /b', mksysbFlags, base)).toEqual({ ok: false, msg: 'flags: -x /b and -x /a both set exclude_fs (exclude_fs: /b and /a); keep one' });
  });

  it('a flag that agrees with the option set is a warning; one that contradicts it is refused', () => {
    const same = adoptUserFlags('savevg', '-f /x', savevgFlags, { ...base, location: '/x' });
    expect(same).toMatchObject({ ok: true, value: { warnings: ['flags: -f /x is what location: /x sets, and that option is already set; remove it from flags'] } });
    expect(adoptUserFlags('savevg', '-m', savevgFlags, { ...base, create_data_file: 'yes' })).toEqual({
      ok: false,
      msg: 'flags: -m means create_data_file: mapfile, which contradicts create_data_file: yes set in this task; keep one of them',
    });
  });

  it('names flags once, however many problems', () => {
    const r = adoptUserFlags('savevg', '-Q datavg -b', savevgFlags, base);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.msg.match(/flags:/g)).toHaveLength(1);
    expect(r.msg).toMatch(/^flags: -Q is not a flag of savevg; .*; "datavg" is not a flag; .*; -b of savevg needs a value \(-b Blocks\)$/);
  });
});

describe('checkUserFlags (restores)', () => {
  it('still refuses a managed flag, naming its option once', () => {
    expect(checkUserFlags('restvg', '-q', { '-q': 'the module' })).toEqual({ ok: false, msg: "flags: -q is set by the module from 'the module'; remove it from flags" });
    expect(checkUserFlags('restvg', "'", {})).toEqual({ ok: false, msg: "flags: unbalanced single quote at character 1; close it with another '" });
  });
});
