import { describe, expect, it } from 'vitest';
import { shellSplit } from '../../lib/aix/parse/shellwords';
import { containing } from '../helpers/matchers';

describe('shellSplit', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['   \t\n ', []],
    ['-i -X', ['-i', '-X']],
    ['  -a\t-b  512 ', ['-a', '-b', '512']],
    ["-x '/etc/exclude list'", ['-x', '/etc/exclude list']],
    ['-x "/etc/my file"', ['-x', '/etc/my file']],
    ["-x'/a b'c", ['-x/a bc']],
    ["''", ['']],
    ['a "" b', ['a', '', 'b']],
    ['"a\\"b\\\\c\\$d\\`e"', ['a"b\\c$d`e']],
    ['"keep \\n and \\x"', ['keep \\n and \\x']],
    ["'no \\escape in single'", ['no \\escape in single']],
    ['a\\ b', ['a b']],
    ['a\\"b', ['a"b']],
    ['line\\\ncontinued', ['linecontinued']],
    ['"it\'s"', ["it's"]],
    ["'say \"hi\"'", ['say "hi"']],
    ['-x /tmp/f;rm -rf /', ['-x', '/tmp/f;rm', '-rf', '/']],
    ['$(reboot) `id` a|b c&&d >out <in * # not a comment', ['$(reboot)', '`id`', 'a|b', 'c&&d', '>out', '<in', '*', '#', 'not', 'a', 'comment']],
  ])('%j', (text, tokens) => {
    expect(shellSplit(text)).toEqual({ ok: true, value: tokens });
  });

  it('reports an unbalanced single quote with its position', () => {
    expect(shellSplit("-x 'abc")).toEqual({ ok: false, msg: "unbalanced single quote at character 4; close it with another '" });
  });
  it('reports an unbalanced double quote, also one ended by an escaped quote', () => {
    expect(shellSplit('-x "abc')).toEqual({ ok: false, msg: 'unbalanced double quote at character 4; close it with another "' });
    expect(shellSplit('"abc\\"')).toEqual({ ok: false, msg: containing('unbalanced double quote at character 1') });
  });
  it('reports a trailing lone backslash', () => {
    expect(shellSplit('-x abc\\')).toEqual({ ok: false, msg: containing('lone backslash') });
  });
  it('handles a huge input in linear time', () => {
    const r = shellSplit('-a '.repeat(200_000) + "'" + 'y'.repeat(1_000_000) + "'");
    expect(r.ok && r.value.length).toBe(200_001);
  });
});
