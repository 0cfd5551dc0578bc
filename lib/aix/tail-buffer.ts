// Keeps the last `limit` bytes of a stream. A verbose mksysb prints a line per file, millions of
// lines: the result keeps the end (where AIX prints its verdict), the log file keeps everything.
//
// The bytes are copied into one ring buffer rather than kept as the chunks that came in: every
// chunk read from a pipe is then garbage as soon as it has been handled, and the ring never grows
// past `limit` (it starts small, so the many commands that print a few lines cost nothing).

const FIRST_CAPACITY = 4096;

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
    let all = this.contents();
    if (this.droppedBytes > 0) {
      // Start on a whole line (and so on a whole UTF-8 character) when one begins soon enough.
      const nl = all.indexOf(10);
      if (nl >= 0 && nl < 4096) all = all.subarray(nl + 1);
    }
    return all.toString('utf8');
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
