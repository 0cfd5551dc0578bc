// firstStanzaValue reads one value from the top of a stanza file without parsing the rest; it
// must give what the full parse gives on any text, or a no-op would take another LPAR's name.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeLpar } from '../../harness/lpar';
import { firstStanzaValue, parseStanzas, stanzasNamed } from '../../lib/aix/parse/stanza';

const full = (text: string, name: string, key: string) => stanzasNamed(parseStanzas(text), name)[0]?.attrs[key];

/** Lines of the kinds a stanza file holds, and the near misses of each. */
const LINES = [
  'image_data:', '  image_data:  ', 'image_data :', 'image_data', 'image_data:x', 'other:', 'vg_data:', 'IMAGE_DATA:',
  '\tUNAME_INFO= AIX lpar1 3 7 00C8', 'UNAME_INFO=AIX lpar2 3 7 00C9', ' UNAME_INFO = ', 'UNAME_INFO', 'UNAME_INFOX= no', 'uname_info= no',
  '=UNAME_INFO', '# UNAME_INFO= commented', '##Command used for vg_data; /usr/sbin/lsvg', '', '   ', '\tDATE_TIME= Tue Dec  1 16:12:39 UTC 2026',
  'UNAME_INFO= a=b', '\r', 'junk line',
];

describe('firstStanzaValue', () => {
  it('gives what the full parse gives, on any mix of stanza lines and line ends', () => {
    const line = fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 }));
    const text = fc.tuple(fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { maxLength: 30 }), fc.boolean()).map(([ls, last]) => {
      const joined = ls.map(([l, end]) => l + end).join('');
      return last ? joined : joined.replace(/\r?\n$/, '');
    });
    const names = fc.constantFrom('image_data', 'other', 'vg_data', 'missing');
    const keys = fc.constantFrom('UNAME_INFO', 'DATE_TIME', 'UNAME_INFOX', '');
    fc.assert(fc.property(text, names, keys, (t, name, key) => firstStanzaValue(t, name, key) === full(t, name, key)), { numRuns: 5000 });
  });

  it("reads the simulated LPAR's own image.data as the parse does", () => {
    const lpar = makeLpar();
    try {
      const text = readFileSync(`${lpar.root}/image.data`, 'utf8');
      expect(firstStanzaValue(text, 'image_data', 'UNAME_INFO')).toMatch(/^AIX \S+ /);
      for (const [name, key] of [['image_data', 'UNAME_INFO'], ['vg_data', 'VGNAME'], ['lv_data', 'LOGICAL_VOLUME'], ['fs_data', 'FS_NAME']] as const) {
        expect(firstStanzaValue(text, name, key)).toBe(full(text, name, key));
      }
    } finally {
      lpar.cleanup();
    }
  });
});
