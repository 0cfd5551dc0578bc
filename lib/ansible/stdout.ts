// Writes the module's one JSON document straight to file descriptor 1. The first touch of
// process.stdout builds a stream for it (a net.Socket when stdout is a pipe, as under Ansible),
// loading the stream and net modules: on an idempotent no-op that costs more than all the rest of
// the module's own work.
import { writeSync } from 'node:fs';

export function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (err) {
      // A pipe left non-blocking by whoever started us: wait for the reader, then go on.
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
