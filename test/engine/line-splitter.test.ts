// The lines a streaming command's output is classified by: the same lines whatever the reads
// look like (a character or a CRLF split between two chunks included), and a line too long for
// the splitter's buffer comes out in whole-character pieces that add up to it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../lib/aix/run/line-splitter';

function split(chunks: Buffer[], maxLine?: number): string[] {
  const lines: string[] = [];
  const s = new LineSplitter((l) => lines.push(l), maxLine);
  for (const c of chunks) s.push(c);
  s.end();
  return lines;
}

/** `bytes` cut at the given offsets (sorted, deduplicated, within range). */
function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(from, c));
    from = c;
  }
  return out;
}

const lineText = fc.string({ unit: 'binary', maxLength: 30 }).map((s) => s.replace(/[\n\r]/g, ''));

describe('LineSplitter', () => {
  it('finds the same lines for any chunking, multi-byte characters split across reads included', () => {
    fc.assert(
      fc.property(fc.array(lineText, { maxLength: 30 }), fc.boolean(), fc.boolean(), fc.array(fc.nat(), { maxLength: 20 }), (lines, crlf, lastNewline, cuts) => {
        const text = lines.join(crlf ? '\r\n' : '\n') + (lastNewline && lines.length > 0 ? '\n' : '');
        // An empty last piece is no line: 'a\n' is one line.
        const want = text.split('\n').map((l) => l.replace(/\r$/, ''));
        if (want[want.length - 1] === '') want.pop();
        expect(split(chunked(Buffer.from(text), cuts))).toEqual(want);
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts a line held longer than maxLine into pieces of whole characters that add up to it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map((s) => s.replace(/[\n\r]/g, 'x')), fc.integer({ min: 8, max: 40 }), fc.array(fc.nat(), { maxLength: 10 }), (line, maxLine, cuts) => {
        const chunks = chunked(Buffer.from(`${line}\nnext\n`), cuts);
        const pieces = split(chunks, maxLine);
        expect(pieces.pop()).toBe('next');
        expect(pieces.join('')).toBe(line);
        // A line read whole in one chunk comes out whole: only what is held between reads is bounded.
        const longestChunk = Math.max(...chunks.map((c) => c.length));
        for (const p of pieces) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(Math.max(maxLine, longestChunk));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the last line without a newline at the end, and keeps an empty line', () => {
    expect(split([Buffer.from('a\n\nb')])).toEqual(['a', '', 'b']);
    expect(split([Buffer.from('0512-038 mksysb: Backup Completed Successfully.\r\n')])).toEqual(['0512-038 mksysb: Backup Completed Successfully.']);
    expect(split([])).toEqual([]);
  });

  it('holds no more than maxLine bytes of a line that never ends', () => {
    const pieces = split(
      Array.from({ length: 100 }, () => Buffer.alloc(1000, 'y')),
      4096,
    );
    expect(pieces.join('').length).toBe(100_000);
    expect(Math.max(...pieces.map((p) => p.length))).toBe(4096);
  });
});
