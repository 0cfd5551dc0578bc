// The module protocol in-process: arguments in, _ansible_* context, Ansible's coercions, the
// validation against the generated spec and schema, and the one JSON document out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backup as backupSpec, backup_info as infoSpec } from '../../generated/specs';
import { backup as backupCheck, backup_info as infoCheck } from '../../generated/validators';
import { parseArgs, readArgs } from '../../lib/ansible/args';
import { coerceOption, expandPath, toBool } from '../../lib/ansible/coerce';
import { splitContext } from '../../lib/ansible/context';
import { maskNoLog, NO_LOG_MASK, toAsciiJson } from '../../lib/ansible/result';
import { validateOptions } from '../../lib/ansible/validate';
import { matching } from '../helpers/matchers';

const scratch = mkdtempSync(join(tmpdir(), 'unit-protocol-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('arguments', () => {
  it('reads a file named on the command line, else standard input', () => {
    const file = join(scratch, 'args.json');
    writeFileSync(file, '{"ANSIBLE_MODULE_ARGS": {"action": "view"}}');
    const noStdin = (): string => {
      throw new Error('stdin must not be read');
    };
    expect(readArgs(['node', 'm.js', file], noStdin)).toEqual({ ok: true, value: { action: 'view' } });
    expect(readArgs(['node', 'm.js'], () => '{"action": "create"}')).toEqual({ ok: true, value: { action: 'create' } });
    const missing = readArgs(['node', 'm.js', join(scratch, 'none.json')], noStdin);
    expect(missing).toEqual({ ok: false, msg: `Cannot read the arguments file ${join(scratch, 'none.json')}: ENOENT` });
  });

  it.each([
    ['', 'No module arguments on standard input: pass a JSON object'],
    ['{"a": ', 'The module arguments on standard input are not valid JSON'],
    ['[1]', 'must be a JSON object, not an array.'],
    ['null', 'must be a JSON object, not null.'],
    ['{"ANSIBLE_MODULE_ARGS": "x"}', 'ANSIBLE_MODULE_ARGS on standard input must be a JSON object, not a string.'],
  ])('refuses %j with a message saying what to pass', (text, message) => {
    const r = parseArgs(text, 'standard input');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.msg).toContain(message);
  });

  it('splits the _ansible_* context from the options; __proto__ stays an option', () => {
    const args = parseArgs('{"_ansible_check_mode": true, "_ansible_diff": true, "_ansible_verbosity": 3, "_ansible_module_name": "backup", "name": "x", "__proto__": {"polluted": 1}}', 'stdin');
    if (!args.ok) throw new Error(args.msg);
    const { context, options } = splitContext(args.value);
    expect(context).toMatchObject({ checkMode: true, diff: true, verbosity: 3, moduleName: 'backup', noLog: false, tmpdir: null });
    expect(Object.keys(options).sort()).toEqual(['__proto__', 'name']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('coercion, as ansible-core does it', () => {
  it.each([['yes', true], ['On', true], [1, true], ['0', false], ['f', false], [false, false]])('bool %j is %j', (given, want) => {
    expect(toBool(given)).toBe(want);
  });

  it('turns strings into the declared types and names the option when it cannot', () => {
    expect(coerceOption('lock_timeout', { type: 'int' }, ' 60 ')).toEqual({ ok: true, value: 60 });
    expect(coerceOption('lock_timeout', { type: 'int' }, '1.5')).toEqual({ ok: false, msg: 'lock_timeout: "1.5" is not an integer; give a whole number such as 60.' });
    expect(coerceOption('disk', { type: 'list', elements: 'str' }, 'hdisk2, hdisk3,')).toEqual({ ok: true, value: ['hdisk2', 'hdisk3'] });
    expect(coerceOption('disk', { type: 'list', elements: 'str' }, [['hdisk2']])).toMatchObject({ ok: false, msg: matching(/^disk\[0\]: expected a string, got a list/) });
    expect(coerceOption('name', { type: 'str' }, true)).toEqual({ ok: true, value: 'True' });
    expect(coerceOption('name', { type: 'str' }, 'a\u0000b')).toEqual({ ok: false, msg: 'name: the value contains a NUL character; remove it.' });
    expect(coerceOption('force', { type: 'bool' }, 'maybe')).toMatchObject({ ok: false });
  });

  it('maps a YAML boolean onto the one choice of that truth value', () => {
    const spec = { type: 'str' as const, choices: ['yes', 'mapfile', 'no'] };
    expect(coerceOption('create_data_file', spec, true)).toEqual({ ok: true, value: 'yes' });
    expect(coerceOption('create_data_file', spec, 'maybe')).toEqual({ ok: false, msg: 'value of create_data_file must be one of: yes, mapfile, no, got: maybe' });
  });

  it('expands ~ and $VARS in paths', () => {
    expect(expandPath('~/img/$HOST.mksysb', { HOME: '/home/op', HOST: 'lpar1' })).toBe('/home/op/img/lpar1.mksysb');
    expect(expandPath('/x/${NOPE}', {})).toBe('/x/${NOPE}');
  });
});

describe('validation against the generated spec and schema', () => {
  const backup = (given: Record<string, unknown>) => validateOptions(backupSpec, backupCheck, given, 'backup');

  it('fills the defaults and returns the typed options', () => {
    const r = backup({ action: 'create', type: 'mksysb', location: '/backup/x.mksysb', force: 'yes' });
    if (!r.ok) throw new Error(r.msg);
    expect(r.value).toMatchObject({ action: 'create', type: 'mksysb', force: true, lock_timeout: 600, create_data_file: 'no', bootlist: true, verbose: false });
    expect(r.value.max_age).toBeUndefined();
  });

  it.each([
    [{ action: 'create', bogus: 1, zzz: 2 }, 'Unsupported parameters for (backup) module: bogus, zzz. Supported parameters include: action, bootlist,'],
    [{ type: 'mksysb' }, 'missing required arguments: action'],
    [{ action: 'create', type: 'mksysb' }, 'type is mksysb but all of the following are missing: location'],
    [{ action: 'view', type: 'tape' }, 'value of type must be one of: mksysb, savevg, got: tape'],
    [{ action: 'create', type: 'mksysb', location: '/x', max_age: '2 fortnights' }, 'max_age: "2 fortnights" is not valid; give seconds, or a number followed by s, m, h, d or w, such as 30m, 12h or 1d.'],
    [{ action: 'create', type: 'mksysb', location: '/x', lock_timeout: -1 }, 'lock_timeout: -1 is below the minimum of 0.'],
  ])('refuses %j naming the option', (given, message) => {
    const r = backup(given);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.msg).toContain(message);
  });

  it('treats null as not given, as ansible-core does', () => {
    const r = validateOptions(infoSpec, infoCheck, { paths: ['/backup'], warn_age: null }, 'backup_info');
    expect(r).toEqual({ ok: true, value: { paths: ['/backup'], warn_age: '14d' } });
  });
});

describe('the result document', () => {
  it('escapes every character outside ASCII, U+2028 and U+0085 included, and stays JSON', () => {
    const value = { msg: 'imäge\u2028\u0085 \u{1F600} "q" \\ \u0001' };
    const text = toAsciiJson(value);
    expect([...text].filter((c) => c.charCodeAt(0) > 0x7e)).toEqual([]);
    expect(text).toContain('\\u2028');
    expect(text).toContain('\\u0085');
    expect(JSON.parse(text)).toEqual(value);
  });

  it('masks no_log options', () => {
    expect(maskNoLog({ secret: 'x', name: 'y', unset: undefined }, ['secret', 'unset'])).toEqual({ secret: NO_LOG_MASK, name: 'y', unset: undefined });
  });
});
