// Node reads a child's pipe into a fresh buffer per read (64 KB at most). Once handled, each is
// garbage, but V8 returns its memory only at the next collection, and while a command prints fast
// and the module allocates little else, that comes late: ~50 MB of dead buffers were resident
// while mksysb -v printed 100 MB, and glibc kept the peak (126 MB RSS). Two things keep the module
// flat whatever the command prints:
//
// - The young generation stays at its first size. V8 doubles it (up to 16 MB a semi-space, three
//   times that resident) when many young objects survive a scavenge, which a stream of lines
//   does: the module's peak grew from 61 MB at 5 MB of mksysb -v to 70 MB at 55 MB, all of it in
//   the young generation. The flag is read when V8 decides to grow, so setting it at the first
//   command works (checked on Node.js 18 and 20) and costs a run that starts no command nothing;
//   it is the same as `--max-semi-space-size=1` on the first line, without a second flag there
//   (a kernel running the file passes the first line's flags as one argument).
// - A minor collection after every few megabytes read. gc() is there when Node.js runs with
//   --expose-gc, which the module's first line passes (`#!/usr/bin/node --expose-gc`; ansible-core
//   keeps the flag when it substitutes ansible_node_interpreter). Run without it
//   (`node backup.js ARGS`), nothing breaks: the young generation's cap still holds.

type Gc = (options?: { type?: 'minor' | 'major' }) => void;

export const RECLAIM_EVERY_BYTES = 8 * 1024 * 1024;
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

function exposedGc(): Gc | null {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  return typeof gc === 'function' ? (options) => void Reflect.apply(gc, undefined, [options]) : null;
}

let gc: Gc | null | undefined;
let youngCapped = false;

/** Called before the first command starts. */
export function capYoungGeneration(): void {
  if (youngCapped) return;
  youngCapped = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
  setFlagsFromString(YOUNG_GENERATION_FLAG);
}

export function reclaim(): void {
  if (gc === undefined) gc = exposedGc();
  try {
    gc?.({ type: 'minor' });
  } catch {
    gc = null;
  }
}
