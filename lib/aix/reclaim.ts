// Node reads a child's pipe into a fresh buffer per read (64 KB at most). Once handled, each is
// garbage, but V8 returns its memory only at the next collection, and while a command prints fast
// and the module allocates little else, that comes late: ~50 MB of dead buffers were resident
// while mksysb -v printed 100 MB, and glibc kept the peak (126 MB RSS). A minor collection after
// every few megabytes read keeps the module flat whatever the command prints.
//
// gc() is not exposed without --expose-gc, which Ansible does not pass; setting the flag at run
// time and taking gc from a fresh context is the known way to get it. Should that ever fail,
// nothing breaks: memory is then only what V8's own heuristics make it.

type Gc = (options?: { type?: 'minor' | 'major' }) => void;

let gc: Gc | null | undefined;

export const RECLAIM_EVERY_BYTES = 8 * 1024 * 1024;

export function reclaim(): void {
  if (gc === undefined) {
    try {
      // Loaded here: only commands printing megabytes get this far.
      /* eslint-disable @typescript-eslint/no-require-imports */
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--expose-gc');
      gc = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as Gc;
      /* eslint-enable @typescript-eslint/no-require-imports */
    } catch {
      gc = null;
    }
  }
  try {
    gc?.({ type: 'minor' });
  } catch {
    gc = null;
  }
}
