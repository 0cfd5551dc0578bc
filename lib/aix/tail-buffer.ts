// Keeps the last `limit` bytes of a stream. A verbose mksysb prints a line per file, millions of
// lines: the result keeps the end (where AIX prints its verdict), the log file keeps everything.

export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - this.chunks[0].length >= this.limit) {
      const first = this.chunks.shift() as Buffer;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  /** Bytes dropped from the front, 0 when everything was kept. */
  get droppedBytes(): number {
    const excess = Math.max(0, this.size - this.limit);
    return this.dropped + excess;
  }

  toString(): string {
    let all = Buffer.concat(this.chunks);
    if (all.length > this.limit) {
      all = all.subarray(all.length - this.limit);
      // Start on a whole line (and so on a whole UTF-8 character) when one begins soon enough.
      const nl = all.indexOf(10);
      if (nl >= 0 && nl < 4096) all = all.subarray(nl + 1);
    }
    return all.toString('utf8');
  }
}
