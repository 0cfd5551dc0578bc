// Keeps the simulator's heap flat while it prints or reads millions of records.
//
// Every record (a file's name, its verbose line, its archive record) is garbage at once, yet a
// fraction of each batch is still referenced when the young generation is scavenged, and V8
// promotes it: ~100 KB a scavenge, so the old generation filled with dead records up to ~25 MB
// before V8's first full collection, and a 1 GB mksysb -v stand-in peaked above 70 MB RSS, hiding
// the module's own memory behind the simulator's in /usr/bin/time. A full collection every few
// MB handled costs a few milliseconds (the live heap is ~5 MB) and holds the peak near node's own.
//
// node:v8 and node:vm are loaded at the first collection only: node:v8 pulls in Node.js's heap
// and stream code (~3 ms of CPU), and most runs (lsvg, df, a header read) never handle 4 MB.

const COLLECT_EVERY_BYTES = 4 * 1024 * 1024;

let handled = 0;
let gc: (() => void) | null | undefined;

function collector(): (() => void) | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
    const { runInNewContext } = require('node:vm') as typeof import('node:vm');
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    return typeof fn === 'function' ? () => void Reflect.apply(fn, undefined, []) : null;
  } catch {
    return null;
  }
}

/** Counts bytes printed, written or read; collects once enough have passed. */
export function handledBytes(n: number): void {
  handled += n;
  if (handled < COLLECT_EVERY_BYTES) return;
  handled = 0;
  gc ??= collector();
  gc?.();
}
