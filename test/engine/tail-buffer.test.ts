// The tail kept of a command's output: exactly the last `limit` bytes, whatever the chunking,
// starting on a whole line once something was cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailBuffer } from '../../lib/aix/run/tail-buffer';

function naive(chunks: Uint8Array[], limit: number): { text: string; bytes: Buffer; dropped: number } {
  const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
  let kept = all.subarray(Math.max(0, all.length - limit));
  const dropped = all.length - kept.length;
  if (dropped > 0) {
    const nl = kept.indexOf(10);
    if (nl >= 0 && nl < 4096) kept = kept.subarray(nl + 1);
  }
  return { text: kept.toString('utf8'), bytes: kept, dropped };
}

describe('TailBuffer', () => {
  it('keeps the last limit bytes of any chunking', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 40 }), (limit, chunks) => {
        const t = new TailBuffer(limit);
        for (const c of chunks) t.push(Buffer.from(c));
        const want = naive(chunks, limit);
        expect(t.droppedBytes).toBe(want.dropped);
        expect(t.toString()).toBe(want.text);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same bytes as views of its ring (parts), also past a wrap and with lines longer than 4 KB', () => {
    // Mostly one byte value, a newline now and then: lines both shorter and longer than 4 KB.
    const chunk = fc.array(fc.oneof({ weight: 400, arbitrary: fc.constant(0x61) }, { weight: 1, arbitrary: fc.constant(10) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }) }), { maxLength: 3000 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12000 }), fc.array(chunk, { maxLength: 20 }), (limit, arrays) => {
        const chunks = arrays.map((a) => Uint8Array.from(a));
        const t = new TailBuffer(limit);
        for (const c of chunks) t.push(Buffer.from(c));
        const want = naive(chunks, limit);
        const parts = t.parts();
        expect(parts.length).toBeLessThanOrEqual(2);
        expect(Buffer.concat(parts).equals(want.bytes)).toBe(true);
        expect(t.toString()).toBe(want.text);
      }),
      { numRuns: 500 },
    );
  });

  it('holds nothing of the chunks it was given', () => {
    const t = new TailBuffer(8);
    const chunk = Buffer.from('abcdef\n');
    t.push(chunk);
    chunk.fill(0x78);
    expect(t.toString()).toBe('abcdef\n');
  });
});
