// One grammar for durations: the schemas' pattern of every duration option is DURATION_PATTERN,
// its units are the parser's table, and the parser accepts exactly what the pattern accepts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, DURATION_UNITS, parseDuration } from '../../lib/image/duration';

const root = join(__dirname, '../..');

interface Property { pattern?: string; 'x-ansible'?: { hint?: string } }
function durationOptions(): { option: string; pattern: string | undefined }[] {
  const out: { option: string; pattern: string | undefined }[] = [];
  for (const file of readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', file), 'utf8')) as { $id: string; properties: Record<string, Property> };
    for (const [name, prop] of Object.entries(schema.properties)) {
      // A duration option says so in its hint; its pattern is then the one grammar.
      if (prop['x-ansible']?.hint?.includes('a number followed by s, m, h, d or w')) out.push({ option: `${schema.$id}.${name}`, pattern: prop.pattern });
    }
  }
  return out;
}

describe('the duration grammar', () => {
  it('is the pattern of every duration option in schemas/', () => {
    const options = durationOptions();
    expect(options.map((o) => o.option)).toEqual(['backup.max_age', 'backup_info.warn_age', 'mksysb.max_age']);
    for (const o of options) expect(o.pattern, o.option).toBe(DURATION_PATTERN);
  });

  it('has the units of the parser, no more, no fewer', () => {
    const group = /\(([^)]*)\)\?/.exec(DURATION_PATTERN)?.[1] ?? '';
    const units = group.split('|').flatMap((u) => (u.startsWith('[') ? [...u.slice(1, -1)] : [u]));
    expect([...units].sort()).toEqual([...DURATION_UNITS].sort());
  });

  it('is read by the parser exactly as the schema checks it', () => {
    const pattern = new RegExp(DURATION_PATTERN);
    const piece = fc.constantFrom(...DURATION_UNITS, ' ', '\t', '0', '7', '12', 'x', 'H', 'Days', '-', '.', 'constructor', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }).map((a) => a.join('')), (text) => {
        expect(parseDuration(text) !== null, JSON.stringify(text)).toBe(pattern.test(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([['30m', 1800], ['12h', 43200], ['14d', 1209600], ['2 weeks', 1209600], ['90', 90], [' 5 mins ', 300]])('%j is %d s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});
