import { describe, expect, it } from 'vitest';
import { parseAixDate } from '../../lib/aix/parse/aixdate';
import { parseDiskSizeMb } from '../../lib/aix/parse/bootinfo';
import { parseBootlist } from '../../lib/aix/parse/bootlist';
import { parseBackupInfo } from '../../lib/aix/parse/listvgbackup';
import { parseListingLine } from '../../lib/aix/parse/archive-listing';
import { parsePvList } from '../../lib/aix/parse/lspv';
import { parseLvTable, parseVgList } from '../../lib/aix/parse/lsvg';
import { classifyLine, newClassifier } from '../../lib/aix/parse/messages';
import { shellSplit } from '../../lib/aix/parse/shellwords';
import { parseStanzas } from '../../lib/aix/parse/stanza';

/** Inputs that break naive parsers: long blank runs (regex backtracking), binary, huge lines. */
const HOSTILE: Record<string, string> = {
  blanks: 'a:' + ' '.repeat(300_000) + 'b' + '  :'.repeat(100_000) + '\n',
  dots: '.'.repeat(500_000) + '\n',
  binary: Array.from({ length: 5000 }, (_, i) => String.fromCharCode(i % 256)).join(''),
  colons: ':'.repeat(300_000),
  equals: 'x:\n' + '='.repeat(300_000) + '\n',
  numbers: '1 '.repeat(300_000),
  manyLines: 'hdisk0 none None\n'.repeat(100_000).slice(0, -1) + ' x y z',
};

const PARSERS: Record<string, (t: string) => unknown> = {
  parseVgList,
  parseLvTable,
  parsePvList,
  parseListingLine: (t) => t.split('\n').map(parseListingLine),
  parseBackupInfo: (t) => parseBackupInfo(t, t),
  parseAixDate,
  parseDiskSizeMb,
  parseBootlist,
  parseStanzas,
  shellSplit,
  classifyLine: (t) => {
    const s = newClassifier('backup');
    for (const l of t.split('\n')) classifyLine(s, l);
    return s;
  },
};

describe('parsers on hostile input', () => {
  for (const [pname, parse] of Object.entries(PARSERS)) {
    for (const [iname, input] of Object.entries(HOSTILE)) {
      it(`${pname} on ${iname}: returns a value quickly and never throws`, () => {
        const t0 = Date.now();
        expect(() => parse(input)).not.toThrow();
        expect(Date.now() - t0).toBeLessThan(3000);
      });
    }
  }

  it('error messages quoting hostile lines stay short', () => {
    const lv = parseLvTable(HOSTILE.blanks!);
    expect(lv.ok).toBe(false);
    if (!lv.ok) expect(lv.msg.length).toBeLessThan(500);
    for (const r of [parsePvList(HOSTILE.blanks!), parseBootlist(HOSTILE.equals!)]) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.msg.length).toBeLessThan(500);
    }
  });
});
