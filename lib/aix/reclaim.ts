// Node reads a child's pipe into a fresh buffer per read (64 KB at most). Once handled, each is
// garbage, but V8 returns its memory only at the next collection, and while a command prints fast
// and the module allocates little else, that comes late: ~50 MB of dead buffers were resident
// while mksysb -v printed 100 MB, and glibc kept the peak (126 MB RSS). A minor collection after
// every few megabytes read keeps the module flat whatever the command prints.
//
// gc() is there when Node.js runs with --expose-gc, which the module's first line passes
// (`#!/usr/bin/node --expose-gc`; ansible-core keeps the flag when it substitutes
// ansible_node_interpreter). Run without it (`node backup.js ARGS`), nothing breaks: memory is
// then only what V8's own heuristics make it.

type Gc = (options?: { type?: 'minor' | 'major' }) => void;

export const RECLAIM_EVERY_BYTES = 8 * 1024 * 1024;

function exposedGc(): Gc | null {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  return typeof gc === 'function' ? (options) => void Reflect.apply(gc, undefined, [options]) : null;
}

let gc: Gc | null | undefined;

export function reclaim(): void {
  if (gc === undefined) gc = exposedGc();
  try {
    gc?.({ type: 'minor' });
  } catch {
    gc = null;
  }
}
