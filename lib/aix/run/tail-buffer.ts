// Keeps the last `limit` bytes of a stream. A verbose mksysb prints a line per file, millions of
// lines: the result keeps the end (where AIX prints its verdict), the log file keeps everything.
//
// The bytes are copied into one ring buffer rather than kept as the chunks that came in: every
// chunk read from a pipe is then garbage as soon as it has been handled, and the ring never grows
// past `limit` (it starts small, so the many commands that print a few lines cost nothing).

const FIRST_CAPACITY = 4096;
/** A dropped front is trimmed to the next line when one starts within this many bytes. */
const LINE_START_WITHIN = 4096;

export class TailBuffer {
  private ring = Buffer.alloc(0);
  /** Index in `ring` of the oldest byte kept. */
  private head = 0;
  private size = 0;
  private total = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    if (this.limit <= 0) return;
    if (chunk.length >= this.limit) {
      this.grow(this.limit);
      chunk.copy(this.ring, 0, chunk.length - this.limit);
      this.head = 0;
      this.size = this.limit;
      return;
    }
    this.grow(Math.min(this.limit, this.size + chunk.length));
    const cap = this.ring.length;
    const at = (this.head + this.size) % cap;
    const first = Math.min(chunk.length, cap - at);
    chunk.copy(this.ring, at, 0, first);
    if (first < chunk.length) chunk.copy(this.ring, 0, first);
    this.size += chunk.length;
    if (this.size > cap) {
      // The oldest bytes were just overwritten.
      this.head = (this.head + this.size - cap) % cap;
      this.size = cap;
    }
  }

  /** Bytes dropped from the front, 0 when everything was kept. */
  get droppedBytes(): number {
    return this.total - this.size;
  }

  toString(): string {
    return Buffer.concat(this.parts()).toString('utf8');
  }

  /**
   * The bytes kept, as views of the ring (one or two, no copy), for a caller that writes them out:
   * a tail rewritten in a file every megabyte must not make a megabyte of string and buffer each
   * time, which V8 puts in its old generation and frees only at a full collection.
   */
  parts(): Buffer[] {
    const cap = this.ring.length;
    const end = this.head + this.size;
    const parts = end <= cap ? [this.ring.subarray(this.head, end)] : [this.ring.subarray(this.head, cap), this.ring.subarray(0, end - cap)];
    if (this.droppedBytes === 0) return parts;
    // Start on a whole line (and so on a whole UTF-8 character) when one begins soon enough.
    const at = lineStart(parts);
    if (at < 0) return parts;
    const [first, second] = parts;
    if (first && at < first.length) return [first.subarray(at), ...(second ? [second] : [])];
    return second ? [second.subarray(at - (first?.length ?? 0))] : [];
  }

  private contents(): Buffer {
    const cap = this.ring.length;
    const end = this.head + this.size;
    if (end <= cap) return this.ring.subarray(this.head, end);
    return Buffer.concat([this.ring.subarray(this.head, cap), this.ring.subarray(0, end - cap)]);
  }

  /** Makes room for `needed` bytes (at most `limit`), keeping the bytes held in order. */
  private grow(needed: number): void {
    if (needed <= this.ring.length) return;
    const cap = Math.min(this.limit, Math.max(needed, this.ring.length * 2, FIRST_CAPACITY));
    const next = Buffer.alloc(cap);
    this.contents().copy(next, 0);
    this.ring = next;
    this.head = 0;
  }
}

/** Where the first whole line of `parts` begins (just past a newline in its first 4 KB), or -1. */
function lineStart(parts: Buffer[]): number {
  let offset = 0;
  for (const part of parts) {
    const nl = part.subarray(0, Math.max(0, LINE_START_WITHIN - offset)).indexOf(10);
    if (nl >= 0) return offset + nl + 1;
    offset += part.length;
    if (offset >= LINE_START_WITHIN) return -1;
  }
  return -1;
}
