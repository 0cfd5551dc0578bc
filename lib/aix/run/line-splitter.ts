// Turns chunks into lines for callers that classify output as it streams (AIX message numbers,
// progress). A line longer than `maxLine` is cut there, so memory stays bounded on any input.
import type { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = utf8Decoder();
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = 64 * 1024,
  ) {}

  push(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.partial = lines.pop() as string;
    for (const line of lines) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (this.partial.length > this.maxLine) {
      this.onLine(this.partial.slice(0, this.maxLine));
      this.partial = '';
    }
  }

  end(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest !== '') this.onLine(rest);
  }
}

/** node:string_decoder is loaded with the first splitter: a run that starts no command never needs it. */
function utf8Decoder(): StringDecoder {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { StringDecoder: Decoder } = require('node:string_decoder') as typeof import('node:string_decoder');
  return new Decoder('utf8');
}
