// Output with bounded memory: bytes go into one reused buffer and from there straight to the file
// descriptor, synchronously, as a native command's write(2) would. A listing of millions of lines
// then costs the simulator no more memory than a short one, whatever the reader's pace: the write
// waits for the reader instead of queueing in memory (process.stdout on a pipe queues what the
// pipe cannot take, and every batch is a string and a buffer for V8 to promote and free late).
//
// process.stdout is never touched here: on a pipe, opening it sets O_NONBLOCK on the descriptor.
// A descriptor that arrives non-blocking anyway (shared with a process that set the flag) makes
// writeSync fail with EAGAIN when the pipe is full; the write then waits a moment and goes on.
import { writeSync } from 'node:fs';
import { handledBytes } from './heap';

const BATCH = 64 * 1024;
/** How long a write waits for a full non-blocking pipe before trying again. */
const PIPE_FULL_WAIT_MS = 1;

let sleeper: Int32Array | undefined;

function pause(ms: number): void {
  sleeper ??= new Int32Array(new SharedArrayBuffer(4));
  Atomics.wait(sleeper, 0, 0, ms);
}

const errorCode = (e: unknown): unknown => (e instanceof Error && 'code' in e ? e.code : undefined);

/**
 * Descriptors whose reader has gone (EPIPE): what is written there from then on is dropped, and
 * the command goes on with its work, as an orphaned mksysb does after the module reading it was
 * killed (the interrupt and kill tests wait for such an orphan to finish its image).
 */
const readerGone = new Set<number>();

/** Writes all of `b` to `fd`, through short writes and a full non-blocking pipe. */
export function writeAll(fd: number, b: Buffer): void {
  for (let at = 0; at < b.length && !readerGone.has(fd); ) {
    try {
      at += writeSync(fd, b, at, b.length - at);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'EPIPE') readerGone.add(fd);
      else if (code === 'EAGAIN' || code === 'EWOULDBLOCK') pause(PIPE_FULL_WAIT_MS);
      else throw e;
    }
  }
}

export class Out {
  private readonly buf = Buffer.allocUnsafe(BATCH);
  private used = 0;

  constructor(private readonly fd: number) {}

  /** Small, immediate output (messages), after anything batched before it. */
  write(s: string): void {
    this.bulk(s);
    this.flush();
  }

  /** Bulk output (a line per file): batched, written when the batch is full. */
  bulk(s: string): void {
    // A UTF-16 unit takes at most 3 bytes in UTF-8 (a surrogate pair, 2 units, takes 4).
    if (this.used + s.length * 3 > BATCH) this.flush();
    if (s.length * 3 > BATCH) {
      writeAll(this.fd, Buffer.from(s));
      return;
    }
    this.used += this.buf.write(s, this.used);
  }

  flush(): void {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    writeAll(this.fd, this.buf.subarray(0, n));
    handledBytes(n);
  }
}
