// Turns chunks into lines for callers that classify output as it streams (AIX message numbers,
// progress). A line longer than `maxLine` bytes comes out in pieces of at most that, so memory
// stays bounded on any input.
//
// Lines are found in the bytes, and the unfinished line at the end of a chunk is copied into a
// buffer of this splitter's own. Carrying it over as a string kept it as a slice of the whole
// chunk's decoded text, so each chunk's text lived on into the next read, long enough for V8 to
// copy it in a scavenge and then promote it. A newline byte is never part of a UTF-8 character,
// so a line decoded whole decodes right however the reads split it.

const NEWLINE = 10;

export class LineSplitter {
  /** The start of a line whose newline has not come yet. */
  private held: Buffer | null = null;
  private heldLen = 0;

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLine = 64 * 1024,
  ) {}

  push(chunk: Buffer): void {
    const first = chunk.indexOf(NEWLINE);
    if (first < 0) {
      this.hold(chunk);
      return;
    }
    if (this.heldLen === 0) this.line(chunk.toString('utf8', 0, first));
    else {
      this.hold(chunk.subarray(0, first));
      this.line(this.takeHeld());
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last > first) for (const line of chunk.toString('utf8', first + 1, last).split('\n')) this.line(line);
    this.hold(chunk.subarray(last + 1));
  }

  end(): void {
    if (this.heldLen > 0) this.onLine(this.takeHeld());
  }

  private line(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Adds bytes to the held line; a full buffer goes out as a piece, cut where a character starts. */
  private hold(bytes: Buffer): void {
    for (let at = 0; at < bytes.length; ) {
      const held = (this.held ??= Buffer.allocUnsafe(this.maxLine));
      const n = Math.min(bytes.length - at, held.length - this.heldLen);
      bytes.copy(held, this.heldLen, at, at + n);
      this.heldLen += n;
      at += n;
      if (this.heldLen === held.length) this.cutPiece(held);
    }
  }

  private cutPiece(held: Buffer): void {
    const cut = completeCharsEnd(held);
    this.onLine(held.toString('utf8', 0, cut));
    held.copy(held, 0, cut, held.length);
    this.heldLen = held.length - cut;
  }

  private takeHeld(): string {
    const s = this.held === null ? '' : this.held.toString('utf8', 0, this.heldLen);
    this.heldLen = 0;
    return s;
  }
}

/** Where the bytes stop being whole UTF-8 characters: before a last character the buffer cuts short. */
function completeCharsEnd(b: Buffer): number {
  let start = b.length - 1;
  // Continuation bytes are 10xxxxxx; a character has at most 3 of them.
  while (start > b.length - 4 && start > 0 && ((b[start] ?? 0) & 0xc0) === 0x80) start--;
  const lead = b[start] ?? 0;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start > 0 && start + size > b.length ? start : b.length;
}
