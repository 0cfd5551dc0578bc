// Cross-process mutex for read-modify-write of the state: a lock file holding the owner's pid.
// A lock whose owner is dead (a command killed by the kill fault, or by a test) is taken over.
// The file comes into being with the pid already in it (written beside it, then hard-linked into
// place, which fails when the lock is held): a command killed between creating the lock and
// writing its pid would leave an empty lock that no one can tell from one being made, and every
// later command would wait on it until it timed out.
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';

const sleeper = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Links the pid file `mine` in as the lock; false while another holds it. */
function tryAcquire(path: string, mine: string): boolean {
  try {
    linkSync(mine, path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

function removeIfStale(path: string): void {
  let owner: number;
  try {
    owner = Number(readFileSync(path, 'utf8'));
  } catch {
    return; // released meanwhile
  }
  // Every lock holds its owner's pid from the moment it exists; anything else is not ours to remove.
  if (!owner || alive(owner)) return;
  // Rename first so that only one waiter removes it; whoever loses the rename just retries.
  const aside = `${path}.stale.${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return;
  }
  const moved = Number(readFileSync(aside, 'utf8'));
  if (moved === owner) unlinkSync(aside);
  // A live owner's lock was moved (it was replaced between our read and rename): put it back.
  else renameSync(aside, path);
}

export function withLock<T>(path: string, fn: () => T, timeoutMs = 30_000): T {
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  const mine = `${path}.${process.pid}.new`;
  writeFileSync(mine, String(process.pid));
  try {
    while (!tryAcquire(path, mine)) {
      removeIfStale(path);
      if (Date.now() > deadline) throw new Error(`aix-sim: timed out waiting for ${path}`);
      sleepSync(wait);
      wait = Math.min(wait * 2, 50);
    }
  } finally {
    unlinkSync(mine);
  }
  try {
    return fn();
  } finally {
    unlinkSync(path);
  }
}
