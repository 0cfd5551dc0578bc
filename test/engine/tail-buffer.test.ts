// The tail kept of a command's output: exactly the last `limit` bytes, whatever the chunking,
// starting on a whole line once something was cut.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TailBuffer } from '../../lib/aix/tail-buffer';

function naive(chunks: Uint8Array[], limit: number): { text: string; dropped: number } {
  const all = Buffer.concat(chunks.map((c) => Buffer.from(c)));
  let kept = all.subarray(Math.max(0, all.length - limit));
  const dropped = all.length - kept.length;
  if (dropped > 0) {
    const nl = kept.indexOf(10);
    if (nl >= 0 && nl < 4096) kept = kept.subarray(nl + 1);
  }
  return { text: kept.toString('utf8'), dropped };
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

  it('holds nothing of the chunks it was given', () => {
    const t = new TailBuffer(8);
    const chunk = Buffer.from('abcdef\n');
    t.push(chunk);
    chunk.fill(0x78);
    expect(t.toString()).toBe('abcdef\n');
  });
});
