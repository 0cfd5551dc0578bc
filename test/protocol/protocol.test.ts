// The module protocol, exercised on the built backup module as a process.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { DIST, runModule } from '../helpers/module';

const MODULE = join(DIST, 'modules', 'backup.js');
const scratch = mkdtempSync(join(tmpdir(), 'protocol-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// A location under a directory that does not exist: validation must fail before anything runs.
const nowhere = '/nonexistent-dir-for-tests/img';

function args(result: Record<string, unknown>): Record<string, unknown> {
  return (result.invocation as { module_args: Record<string, unknown> }).module_args;
}

describe('arguments in', () => {
  it('reads an args file named on the command line (as for a WANT_JSON module)', async () => {
    const r = await runModule('backup', { action: 'view', location: nowhere, force: 'yes' });
    expect(args(r.result).force).toBe(true);
  });

  it('reads JSON on stdin, bare or wrapped in ANSIBLE_MODULE_ARGS', async () => {
    const bare = await runModule('backup', { action: 'view', location: nowhere, verbose: 'on' }, { via: 'stdin' });
    const wrapped = await runModule('backup', { action: 'view', location: nowhere, verbose: 'on' }, { via: 'stdin', wrap: true });
    expect(args(bare.result).verbose).toBe(true);
    expect(args(wrapped.result).verbose).toBe(true);
  });

  it('fails with JSON on empty stdin', async () => {
    const r = await runModule('backup', null, { via: 'stdin', raw: '' });
    expect(r.rc).toBe(1);
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/No module arguments on standard input/);
  });

  it('fails with JSON on malformed JSON', async () => {
    const r = await runModule('backup', null, { via: 'stdin', raw: '{"action": ' });
    expect(r.result).toMatchObject({ failed: true, changed: false });
    expect(r.result.msg).toMatch(/not valid JSON/);
  });

  it('fails with JSON when the arguments are not an object', async () => {
    const r = await runModule('backup', null, { via: 'stdin', raw: '[1,2]' });
    expect(r.result.msg).toMatch(/must be a JSON object, not an array/);
  });

  it('fails with JSON when the args file is missing', () => {
    const p = spawnSync(process.execPath, [MODULE, '/nonexistent/args-file'], { encoding: 'utf8' });
    expect(p.status).toBe(1);
    const result = JSON.parse(p.stdout) as { failed: boolean; msg: string };
    expect(result.failed).toBe(true);
    expect(result.msg).toMatch(/Cannot read the arguments file \/nonexistent\/args-file: ENOENT/);
  });

  it('names action when it is missing', () => {
    const p = spawnSync(process.execPath, [MODULE], { input: '{}', encoding: 'utf8' });
    expect(p.status).toBe(1);
    expect(JSON.parse(p.stdout)).toMatchObject({ failed: true, msg: 'missing required arguments: action' });
    expect(p.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('internal _ansible_ keys', () => {
  it('are taken as context, never as options', async () => {
    const r = await runModule('backup', {
      action: 'view',
      location: nowhere,
      _ansible_check_mode: true,
      _ansible_diff: true,
      _ansible_verbosity: 3,
      _ansible_no_log: false,
      _ansible_debug: false,
      _ansible_version: '2.14.18',
      _ansible_module_name: 'powerops.aix.backup',
      _ansible_syslog_facility: 'LOG_USER',
      _ansible_selinux_special_fs: ['fuse'],
      _ansible_string_conversion_action: 'warn',
      _ansible_socket: null,
      _ansible_shell_executable: '/bin/sh',
      _ansible_keep_remote_files: false,
      _ansible_tmpdir: '/tmp/x',
      _ansible_remote_tmp: '~/.ansible/tmp',
    });
    expect(Object.keys(args(r.result)).some((k) => k.startsWith('_ansible'))).toBe(false);
    expect(r.result.msg).not.toMatch(/Unsupported/);
  });

  it('check mode is seen: nothing is reported as done', async () => {
    const r = await runModule('backup', { action: 'view', location: nowhere, _ansible_check_mode: true });
    expect(r.result.changed).toBe(false);
  });
});

describe('unknown options', () => {
  it('are refused with ansible-core wording', async () => {
    const r = await runModule('backup', { action: 'view', location: nowhere, colour: 'red', size: 1 });
    expect(r.result.msg).toMatch(
      /^Unsupported parameters for \(backup\) module: colour, size\. Supported parameters include: action, bootlist, /,
    );
  });

  it('use the module name Ansible gives', async () => {
    const r = await runModule('backup', { action: 'view', x: 1, _ansible_module_name: 'powerops.aix.backup' });
    expect(r.result.msg).toMatch(/^Unsupported parameters for \(powerops\.aix\.backup\) module: x\./);
  });
});

describe('coercion, as ansible-core does it', () => {
  const base = { action: 'view', location: nowhere };

  it.each([
    ['yes', true], ['YES', true], ['on', true], ['1', true], ['true', true], ['True', true], [1, true], [true, true],
    ['no', false], ['No', false], ['off', false], ['0', false], ['false', false], ['FALSE', false], [0, false], [false, false],
  ])('bool from %j', async (given, expected) => {
    const r = await runModule('backup', { ...base, force: given });
    expect(args(r.result).force).toBe(expected);
  });

  it('refuses a word that is not a boolean, naming the option and the fix', async () => {
    const r = await runModule('backup', { ...base, force: 'maybe' });
    expect(r.result).toMatchObject({ failed: true });
    expect(r.result.msg).toBe('force: "maybe" is not a boolean; use true or false (yes/no, on/off and 1/0 are accepted too).');
  });

  it('str from a number', async () => {
    const r = await runModule('backup', { ...base, name: 42, max_age: 3600 });
    expect(args(r.result).name).toBe('42');
    expect(args(r.result).max_age).toBe('3600');
  });

  it('int from a string', async () => {
    const r = await runModule('backup', { ...base, lock_timeout: '60' });
    expect(args(r.result).lock_timeout).toBe(60);
  });

  it('refuses an int that is not a whole number', async () => {
    const r = await runModule('backup', { ...base, lock_timeout: '1.5' });
    expect(r.result.msg).toMatch(/^lock_timeout: "1.5" is not an integer/);
  });

  it('path expands ~ and $VAR', async () => {
    const r = await runModule('backup', { action: 'view', location: '~/img/$IMGNAME' }, { env: { HOME: '/home/adm', IMGNAME: 'rootvg.mksysb' } });
    expect(args(r.result).location).toBe('/home/adm/img/rootvg.mksysb');
  });

  it('list from a comma-separated string, and from a YAML list', async () => {
    const a = await runModule('backup', { ...base, disk: 'hdisk2,hdisk3' });
    const b = await runModule('backup', { ...base, disk: ['hdisk2', 'hdisk3'] });
    expect(args(a.result).disk).toEqual(['hdisk2', 'hdisk3']);
    expect(args(b.result).disk).toEqual(['hdisk2', 'hdisk3']);
  });

  it('a YAML boolean given to a str option with one boolean word among its choices', async () => {
    const t = await runModule('backup', { ...base, create_data_file: true });
    const f = await runModule('backup', { ...base, create_data_file: false });
    expect(args(t.result).create_data_file).toBe('yes');
    expect(args(f.result).create_data_file).toBe('no');
  });

  it('choices are enforced with ansible-core wording', async () => {
    const r = await runModule('backup', { ...base, type: 'tar' });
    expect(r.result.msg).toBe('value of type must be one of: mksysb, savevg, got: tar');
  });

  it('defaults are applied', async () => {
    const r = await runModule('backup', base);
    expect(args(r.result)).toMatchObject({ type: 'savevg', create_data_file: 'no', bootlist: true, force: false, lock_timeout: 600 });
  });

  it('null counts as not given', async () => {
    const r = await runModule('backup', { ...base, name: null, force: null });
    expect(args(r.result).force).toBe(false);
    expect(args(r.result)).not.toHaveProperty('name');
  });

  it('required_if: view needs a location', async () => {
    const r = await runModule('backup', { action: 'view' });
    expect(r.result.msg).toBe('action is view but all of the following are missing: location');
  });

  it('required_if: mksysb needs a location', async () => {
    const r = await runModule('backup', { action: 'create', type: 'mksysb' });
    expect(r.result.msg).toBe('type is mksysb but all of the following are missing: location');
  });

  it('a list where a string is expected is refused clearly', async () => {
    const r = await runModule('backup', { ...base, name: ['a'] });
    expect(r.result.msg).toMatch(/^name: expected a string, got a list/);
  });
});

describe('result out', () => {
  it('escapes every non-ASCII character, including U+2028', async () => {
    const dir = mkdtempSync(join(scratch, 'uni-'));
    const r = await runModule('backup', { action: 'view', location: join(dir, 'imäge\u2028\u0085') });
    expect([...r.stdout].filter((c) => c.charCodeAt(0) > 0x7f)).toEqual([]);
    expect(String(args(r.result).location)).toContain('imäge\u2028\u0085');
  });

  it('is one JSON document on one line', () => {
    const file = join(mkdtempSync(join(scratch, 'one-')), 'a.json');
    writeFileSync(file, '{"action":"view","location":"/x"}');
    const p = spawnSync(process.execPath, [MODULE, file], { encoding: 'utf8' });
    expect(p.stdout.endsWith('\n')).toBe(true);
    expect(p.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('the built file', () => {
  it('starts with the shebang ansible-core rewrites, and carries the jsonargs marker on a line comment and WANT_JSON', () => {
    const text = readFileSync(MODULE, 'latin1');
    expect(text.startsWith('#!/usr/bin/node\n// WANT_JSON\n')).toBe(true);
    expect(text).toContain(`\n// <<INCLUDE_ANSIBLE_MODULE${'_JSON_ARGS>>'}\n`);
  });

  it('runs with no node_modules around it', () => {
    const dir = mkdtempSync(join(scratch, 'bare-'));
    spawnSync('cp', [MODULE, join(dir, 'backup.js')]);
    const p = spawnSync(process.execPath, [join(dir, 'backup.js')], { input: '{}', encoding: 'utf8', cwd: dir });
    expect(JSON.parse(p.stdout)).toMatchObject({ failed: true, msg: 'missing required arguments: action' });
  });
});
