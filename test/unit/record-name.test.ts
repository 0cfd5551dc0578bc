// A record's file name is FNV-1a 64 of its location. The function computes it in 32-bit halves;
// records written before by the BigInt form must keep their names, or every known image would
// cost a full check again after an update.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a64 } from '../../lib/image/records';

/** FNV-1a 64 as its definition says it, in BigInt. */
function reference(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it('gives the published FNV-1a 64 values', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('equals the BigInt form on any location, non-ASCII included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => fnv1a64(text) === reference(text)), { numRuns: 3000 });
  });
});
