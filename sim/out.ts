// Output with back-pressure: bulk listings (millions of lines) are batched and written only as
// fast as the reader consumes them, so memory stays flat whatever the file count.
import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Every batch written (and every chunk the image reader reads) is garbage at once, but V8 frees
 * such buffers only at its next collection, late when little else is allocated: a 1 GB listing
 * peaked at 150 MB RSS, which hid the memory of the process reading it (the module under test)
 * behind the simulator's own in /usr/bin/time. A minor collection every few MB keeps it flat.
 */
const COLLECT_EVERY = 8 * 1024 * 1024;
let sinceCollect = 0;
let gc: ((o: { type: 'minor' }) => void) | null | undefined;

function collectNow(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as (o: { type: 'minor' }) => void;
    } catch {
      gc = null;
    }
  }
  gc?.({ type: 'minor' });
}

export class Out {
  private buf = '';
  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Small, immediate output (messages). */
  write(s: string): void {
    if (this.buf) this.stream.write(this.take());
    this.stream.write(s);
  }

  /** Bulk output: batched, awaits drain when the pipe is full. */
  async bulk(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= 65536) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.buf) return;
    sinceCollect += this.buf.length;
    if (!this.stream.write(this.take())) await once(this.stream, 'drain');
    if (sinceCollect >= COLLECT_EVERY) {
      sinceCollect = 0;
      collectNow();
    }
  }

  private take(): string {
    const s = this.buf;
    this.buf = '';
    return s;
  }
}
