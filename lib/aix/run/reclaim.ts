// Node reads a child's pipe into a fresh buffer per read (64 KB at most). Once handled, each is
// garbage, but V8 returns its memory only at the next collection, and while a command prints fast
// and the module allocates little else, that comes late: ~50 MB of dead buffers were resident
// while mksysb -v printed 100 MB, and glibc kept the peak (126 MB RSS). Two things keep the module
// flat whatever the command prints:
//
// - The young generation stays at its first size while a command runs. V8 doubles it (up to
//   16 MB a semi-space, three times that resident) when many young objects survive a scavenge,
//   which a stream of lines does: the module's peak grew from 61 MB at 5 MB of mksysb -v to 70 MB
//   at 55 MB, all of it in the young generation. The flag is read when V8 decides to grow, so
//   setting it at run time works (checked on Node.js 18 and 20); it is the same as
//   `--max-semi-space-size=1` on the first line, without a second flag there (a kernel running
//   the file passes the first line's flags as one argument). V8 keys its code cache by its flags,
//   so the default (2) is put back once no command runs: the cache the module file writes at exit
//   then matches the flags of the next start (test/e2e/code-cache.test.ts). node:v8 is loaded with
//   the first command only: loading it costs a no-op 3 ms or more.
// - A minor collection after every few megabytes read, and a full one now and then (FULL_EVERY).
//   The module's first line passes no flag (with one, Node.js compiles every built-in module it
//   loads from source: a cost at every start), so gc() is taken at run time, the first time it is
//   needed: --expose-gc set for the moment a fresh context is made, which then carries gc(), and
//   put back at once, again because V8 keys its code cache by its flags. Should that fail,
//   nothing breaks: the young generation's cap still holds.

/** A minor collection with `{ type: 'minor' }`, a full one without options. */
type Gc = (options?: { type: 'minor' }) => void;

export const RECLAIM_EVERY_BYTES = 8 * 1024 * 1024;
/**
 * Every eighth reclaim (64 MB read) is a full collection. A few pipe buffers and decoded chunks
 * outlive two scavenges and land in the old generation, which a module that allocates little
 * else never fills enough for V8 to collect: ~1 MB of heap and as much of dead buffers per 100 MB
 * read (65 MB RSS at 1 GB of mksysb -v). A full collection of this ~6 MB heap takes ~6 ms.
 * It is gc() without options: `gc({ type: 'major' })` runs a scavenge on Node.js 20.
 */
const FULL_EVERY = 8;
/** V8's own default of --semi-space-growth-factor (Node.js 18 and 20), put back between commands. */
const GROWTH_FACTOR = { streaming: 1, idle: 2 };

/** node:v8's setFlagsFromString, loaded with the first command (see above). */
function setV8Flags(flags: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { setFlagsFromString } = require('node:v8') as typeof import('node:v8');
  setFlagsFromString(flags);
}

function exposedGc(): Gc | null {
  let found: unknown = Reflect.get(globalThis, 'gc');
  if (typeof found !== 'function') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runInNewContext } = require('node:vm') as typeof import('node:vm');
    setV8Flags('--expose-gc');
    try {
      found = runInNewContext('gc');
    } finally {
      setV8Flags('--no-expose-gc');
    }
  }
  const collect = found;
  return typeof collect === 'function' ? (options) => void Reflect.apply(collect, undefined, options ? [options] : []) : null;
}

let gc: Gc | null | undefined;
let running = 0;

function setGrowthFactor(factor: number): void {
  setV8Flags(`--semi-space-growth-factor=${factor}`);
}

/** A command starts: the young generation keeps its size until the last one running has ended. */
export function commandStarted(): void {
  running += 1;
  if (running === 1) setGrowthFactor(GROWTH_FACTOR.streaming);
}

export function commandEnded(): void {
  running -= 1;
  if (running === 0) setGrowthFactor(GROWTH_FACTOR.idle);
}

let reclaims = 0;

export function reclaim(): void {
  reclaims += 1;
  try {
    if (gc === undefined) gc = exposedGc();
    if (reclaims % FULL_EVERY === 0) gc?.();
    else gc?.({ type: 'minor' });
  } catch {
    gc = null;
  }
}
