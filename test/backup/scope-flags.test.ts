// action: create counts an existing image only when it is the backup asked for (same scope), needs
// max_age for a directory location, reads a flag an option sets as that option, and says in check
// mode what it would do. The module runs as a process against a simulated LPAR.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { matching } from '../helpers/matchers';

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lpar1' });
});
afterEach(() => b.cleanup());

type Backup = { location: string; volume_group: string; kind: string; vg_data_only: boolean };
const backupOf = (r: { result: Record<string, unknown> }): Backup => r.result.backup as Backup;
const warnings = (r: { result: Record<string, unknown> }): string => ((r.result.warnings as string[] | undefined) ?? []).join('\n');

describe('an image counts only when it is the backup asked for: scope', () => {
  it('a structure-only image never satisfies a full backup; a full one is not replaced by a structure-only one', async () => {
    const location = join(b.dir, 'datavg.savevg');
    const structure = await b.backup({ action: 'create', name: 'datavg', location, exclude_data: true, max_age: '1d' });
    expect(structure.result).toMatchObject({ changed: true, msg: `Created a structure-only savevg image of datavg at ${location}` });
    expect(backupOf(structure).vg_data_only).toBe(true);

    const full = await b.backup({ action: 'create', name: 'datavg', location, max_age: '1d' });
    expect(full.result).toMatchObject({ changed: true, msg: `Replaced a structure-only savevg image of datavg with a full savevg image of datavg at ${location}` });
    expect(backupOf(full).vg_data_only).toBe(false);
    expect(String(full.result.cmd)).not.toMatch(/ -r /);

    const rerun = await b.backup({ action: 'create', name: 'datavg', location, max_age: '1d' });
    expect(rerun.result).toMatchObject({ changed: false, msg: matching(/^A complete savevg image of datavg is at .*; nothing to do\.$/) });
    expect(rerun.result.commands).toEqual([]);

    const kept = b.bytes('datavg.savevg');
    const back = await b.backup({ action: 'create', name: 'datavg', location, exclude_data: true });
    expect(back.result.failed).toBe(true);
    expect(back.result.msg).toBe(`${location} holds a full savevg image of datavg; a structure-only savevg image of datavg (exclude_data: true) holds no files and would replace it, so nothing was touched. Give the structure-only image another location, or set force: true to replace the full one.`);
    expect(b.bytes('datavg.savevg').equals(kept)).toBe(true);
  });

  it('-r in flags is exclude_data: true, so the module knows the image is structure only', async () => {
    const location = join(b.dir, 'datavg.savevg');
    const r = await b.backup({ action: 'create', name: 'datavg', location, flags: '-r' });
    expect(r.result.changed).toBe(true);
    expect(backupOf(r).vg_data_only).toBe(true);
    expect(warnings(r)).toContain('flags: -r was taken as the option exclude_data: true; write that option instead of the flag');
    expect(String(r.result.cmd)).toMatch(/savevg -f \S+ -r datavg$/);
    // The same backup asked for with the option is met; a full one is not.
    expect((await b.backup({ action: 'create', name: 'datavg', location, exclude_data: true })).result.changed).toBe(false);
    const full = await b.backup({ action: 'create', name: 'datavg', location });
    expect(full.result.changed).toBe(true);
    expect(backupOf(full).vg_data_only).toBe(false);
  });

  it('in a directory, the newest structure-only image does not count for a full backup', async () => {
    await b.backup({ action: 'create', name: 'datavg', location: b.dir, exclude_data: true, max_age: '1d' });
    // No wait for the next second: a second image within the same second is named -1 and counts as the newer.
    const full = await b.backup({ action: 'create', name: 'datavg', location: b.dir, max_age: '1d' });
    expect(full.result.changed).toBe(true);
    expect(full.result.msg).toMatch(/^Created a savevg image of datavg at /);
    expect(b.files()).toHaveLength(2);
    const rerun = await b.backup({ action: 'create', name: 'datavg', location: b.dir, max_age: '1d' });
    expect(rerun.result.changed).toBe(false);
    expect(rerun.result.msg).toMatch(/^The newest complete savevg image of datavg in /);
    expect((await b.backup({ action: 'create', name: 'datavg', location: b.dir, flags: '-r', max_age: '1d' })).result.changed).toBe(false);
  });
});

describe('defaults that match intent', () => {
  it('a directory location without max_age is refused with one proposed, before any command runs', async () => {
    const r = await b.backup({ action: 'create', type: 'mksysb', location: b.dir, keep: 7 });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(new RegExp(`^max_age: location ${b.dir} is a directory, .* e\\.g\\. max_age: 20h for a nightly job .*keep would never remove one`));
    expect(b.lpar.invocations()).toEqual([]);
    expect(b.files()).toEqual([]);
  });

  it('force: true instead makes a new image on every run', async () => {
    const first = await b.backup({ action: 'create', type: 'mksysb', location: b.dir, force: true });
    expect(first.result.changed).toBe(true);
    // Within the same second too: the second image is then named -1 beside the first.
    const second = await b.backup({ action: 'create', type: 'mksysb', location: b.dir, force: true });
    expect(second.result.changed).toBe(true);
    expect(b.files()).toHaveLength(2);
  });
});

describe('messages', () => {
  it('check mode says what would be done', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    const fresh = await b.backup({ action: 'create', type: 'mksysb', location, _ansible_check_mode: true });
    expect(fresh.result.msg).toBe(`Check mode: Would create a mksysb image of rootvg at ${location}; nothing was changed.`);
    // The LPAR's clock five seconds behind: the image is dated five seconds ago, with no waiting.
    b.lpar.sim(['clock', '--offset', '-5']);
    await b.backup({ action: 'create', type: 'mksysb', location });
    const forced = await b.backup({ action: 'create', type: 'mksysb', location, force: true, _ansible_check_mode: true });
    expect(forced.result.msg).toBe(`Check mode: Would make a new mksysb image of rootvg at ${location} (force); nothing was changed.`);
    const old = await b.backup({ action: 'create', type: 'mksysb', location, max_age: '1s', _ansible_check_mode: true });
    expect(old.result.msg).toMatch(/^Check mode: Would replace an image \d+ s old \(max_age 1s\) with a new mksysb image of rootvg at /);
    expect(b.mutating()).toHaveLength(1);
  });

  it('a volume group that does not exist lists those that do; a varied-off one says varyonvg', async () => {
    const typo = await b.backup({ action: 'create', name: 'datvg', location: join(b.dir, 'd.savevg') });
    expect(typo.result).toMatchObject({ failed: true, msg: 'name: volume group datvg does not exist on this LPAR; its volume groups are rootvg, datavg. Check name.' });
    b.lpar.sim(['varyoff', 'datavg']);
    const off = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'd.savevg') });
    expect(off.result.msg).toBe('Volume group datavg is not varied on (active: rootvg); savevg backs up varied-on volume groups only. Run varyonvg datavg first.');
    expect(b.mutating()).toEqual([]);
  });

  it('check mode lists the images keep would remove', async () => {
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      // Runs within one second make -1, -2: newer each, as runs in later seconds are.
      made.push(backupOf(await b.backup({ action: 'create', type: 'mksysb', location: b.dir, force: true })).location);
    }
    const r = await b.backup({ action: 'create', type: 'mksysb', location: b.dir, force: true, keep: 2, _ansible_check_mode: true });
    expect(r.result.would_prune).toEqual([made[1], made[0]]);
    expect(r.result.msg).toMatch(new RegExp(`; keep: 2 would then remove ${made[1]?.split('/').pop()}, ${made[0]?.split('/').pop()}; nothing was changed\\.$`));
    expect(b.files()).toHaveLength(3);
    const none = await b.backup({ action: 'create', type: 'mksysb', location: b.dir, force: true, keep: 5, _ansible_check_mode: true });
    expect(none.result.would_prune).toEqual([]);
  });
});

describe('one rule for the flags the module manages', () => {
  it.each([
    ['mksysb', { flags: '-e' }, /mksysb -e \S+$/, 'flags: -e was taken as the option exclude_files: true'],
    ['mksysb', { flags: '-i -X', extend_fs: true }, /mksysb -i -X \S+$/, 'flags: -X is what extend_fs: true sets, and that option is already set; remove it from flags'],
    ['savevg', { flags: '-m -v' }, /savevg -f \S+ -m -v datavg$/, 'flags: -v was taken as the option verbose: true'],
  ])('%s %j: the flag becomes its option, with a warning', async (type, extra, cmd, warning) => {
    const r = await b.backup({ action: 'create', type, name: 'datavg', location: join(b.dir, 'img'), ...extra });
    expect(r.result.changed).toBe(true);
    expect(String(r.result.cmd)).toMatch(cmd);
    expect(warnings(r)).toContain(warning);
  });

  it('-x FILE is exclude_fs: the space check leaves those file systems out too', async () => {
    const list = join(b.dir, 'nofs');
    writeFileSync(list, '/usr\n');
    b.lpar.sim(['fs', '--path', b.dir, '--size', '20000', '--free', '3000']);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: join(b.dir, 'img'), flags: `-x ${list}` });
    expect(r.result.changed).toBe(true);
    expect(String(r.result.cmd)).toMatch(new RegExp(`mksysb -x ${list} \\S+$`));
    expect(warnings(r)).toContain(`flags: -x ${list} was taken as the option exclude_fs: ${list}`);
  });

  it.each([
    [{ type: 'savevg', flags: '-i', create_data_file: 'mapfile' }, 'flags: -i means create_data_file: yes, which contradicts create_data_file: mapfile set in this task; keep one of them'],
    [{ type: 'savevg', flags: '-i -m' }, 'flags: -m and -i both set create_data_file (create_data_file: mapfile and yes); keep one'],
    [{ type: 'mksysb', flags: '-x /etc/a', exclude_fs: '/etc/b' }, 'flags: -x /etc/a means exclude_fs: /etc/a, which contradicts exclude_fs: /etc/b set in this task; keep one of them'],
    [{ type: 'savevg', flags: '-r', name: 'rootvg' }, 'exclude_data: cannot be used on rootvg; back up rootvg with type: mksysb instead.'],
    [{ type: 'mksysb', flags: "-x 'unclosed" }, "flags: unbalanced single quote at character 4; close it with another '"],
    [{ type: 'mksysb', flags: '-Q -b' }, /^flags: -Q is not a flag of mksysb; .*; -b of mksysb needs a value \(-b number\)$/],
  ])('%j is refused naming both, the option named once', async (extra, msg) => {
    const r = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'img'), ...extra });
    expect(r.result.failed).toBe(true);
    if (typeof msg === 'string') expect(r.result.msg).toBe(msg);
    else expect(r.result.msg).toMatch(msg);
    expect(String(r.result.msg).match(/flags:/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(b.lpar.invocations()).toEqual([]);
  });
});
