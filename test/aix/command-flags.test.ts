import { describe, expect, it } from 'vitest';
import { COMMAND_FLAGS, accepted, checkFlags } from '../../lib/aix/parse/command-flags';
import { shellSplit } from '../../lib/aix/parse/shellwords';

const MKSYSB_MANAGED = { '-i': 'create_data_file', '-m': 'create_map_files' };

describe('COMMAND_FLAGS', () => {
  it('marks the flags that take a value, per the synopses', () => {
    const withValue = (cmd: keyof typeof COMMAND_FLAGS): string[] =>
      Object.entries(COMMAND_FLAGS[cmd])
        .filter(([, s]) => s.value !== null)
        .map(([f]) => f)
        .sort();
    expect(withValue('mksysb')).toEqual(['-F', '-b', '-t', '-x']);
    expect(withValue('savevg')).toEqual(['-b', '-f', '-x']);
    expect(withValue('restvg')).toEqual(['-P', '-b', '-d', '-f']);
    expect(withValue('alt_disk_mksysb')).toEqual(['-L', '-P', '-R', '-c', '-d', '-i', '-m', '-p', '-s']);
    expect(Object.keys(COMMAND_FLAGS.mksysb)).toHaveLength(20);
    expect(Object.keys(COMMAND_FLAGS.savevg)).toHaveLength(15);
    expect(Object.keys(COMMAND_FLAGS.restvg)).toHaveLength(10);
    expect(Object.keys(COMMAND_FLAGS.alt_disk_mksysb)).toHaveLength(23);
  });
});

describe('checkFlags', () => {
  it('passes valid flags through, normalized', () => {
    expect(checkFlags('mksysb', ['-X', '-b', '512', '-e'])).toEqual({ ok: true, value: ['-X', '-b', '512', '-e'] });
    expect(checkFlags('mksysb', [])).toEqual({ ok: true, value: [] });
  });

  it('splits combined switches like getopt: -aAX -> -a -A -X', () => {
    expect(checkFlags('mksysb', ['-aAX'])).toEqual({ ok: true, value: ['-a', '-A', '-X'] });
  });

  it('takes a value from the rest of the token or from the next token, as getopt does', () => {
    expect(checkFlags('mksysb', ['-Xb512'])).toEqual({ ok: true, value: ['-X', '-b', '512'] });
    expect(checkFlags('savevg', ['-x', '/etc/exclude list', '-ep'])).toEqual({ ok: true, value: ['-x', '/etc/exclude list', '-e', '-p'] });
    expect(checkFlags('alt_disk_mksysb', ['-c', '/dev/vty0', '-P', '12'])).toEqual({ ok: true, value: ['-c', '/dev/vty0', '-P', '12'] });
  });

  it('names an unknown flag and lists the accepted ones; the caller names the option', () => {
    const r = checkFlags('mksysb', ['-Q'], MKSYSB_MANAGED);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^-Q is not a flag of mksysb; mksysb accepts -a, -A, -b number, -e, -F filename, -i, -m, -p, /);
  });

  it('knows flags are per command: -f is a savevg flag, not a mksysb one', () => {
    const r = checkFlags('mksysb', ['-f', '/dev/rmt0']);
    expect(!r.ok && r.problems).toEqual([
      expect.stringContaining('-f is not a flag of mksysb'),
      expect.stringContaining('"/dev/rmt0" is not a flag'),
    ]);
  });

  it('reports a missing value', () => {
    expect(checkFlags('mksysb', ['-X', '-b'])).toMatchObject({ ok: false, problems: ['-b of mksysb needs a value (-b number)'] });
    expect(checkFlags('restvg', ['-P'])).toMatchObject({ ok: false, problems: ['-P of restvg needs a value (-P PPsize)'] });
  });

  it('names the flag and the option for a flag the module manages, consuming its value', () => {
    const r = checkFlags('savevg', ['-f', '/backup/datavg.img', '-i'], { '-f': 'location', '-i': 'create_data_file' });
    expect(r).toMatchObject({
      ok: false,
      problems: [
        "-f is set by the module from 'location'; remove it from flags",
        "-i is set by the module from 'create_data_file'; remove it from flags",
      ],
    });
  });

  it('reports operands, also after --', () => {
    const r = checkFlags('restvg', ['-q', 'hdisk1', '--', '-x']);
    expect(!r.ok && r.problems).toEqual([
      '"hdisk1" is not a flag; flags may hold only restvg flags (the module gives the image, volume group and disks from their options)',
      expect.stringContaining('"-x" is not a flag'),
    ]);
    expect(checkFlags('savevg', ['-']).ok).toBe(false);
  });

  it('reports every problem at once', () => {
    const split = shellSplit('-aQ datavg -f /x -b');
    expect(split.ok).toBe(true);
    if (!split.ok) return;
    const r = checkFlags('savevg', split.value, { '-f': 'location' });
    expect(!r.ok && r.problems).toEqual([
      expect.stringContaining('-Q is not a flag of savevg'),
      expect.stringContaining('"datavg" is not a flag'),
      '-b of savevg needs a value (-b Blocks)',
      "-f is set by the module from 'location'; remove it from flags",
    ]);
  });

  it('does not treat object prototype names as flags', () => {
    expect(checkFlags('mksysb', ['-constructor']).ok).toBe(false);
  });

  it('accepted() lists the synopsis form', () => {
    expect(accepted('restvg', { '-f': 'location' })).toBe('-b Blocks, -d FileName, -l, -q, -r, -s, -n, -P PPsize, -S');
  });
});
