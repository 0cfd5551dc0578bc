// Output with back-pressure: bulk listings (millions of lines) are batched and written only as
// fast as the reader consumes them, so memory stays flat whatever the file count.
import { once } from 'node:events';

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
    if (!this.stream.write(this.take())) await once(this.stream, 'drain');
  }

  private take(): string {
    const s = this.buf;
    this.buf = '';
    return s;
  }
}
