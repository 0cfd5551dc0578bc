// The engine guard of every create planner: the lock file of what is being written, with what
// the result should say about it (a long wait, a lock taken over from a run that is gone).
import type { Guard } from '../engine/plan';
import { formatDuration } from './duration';
import { acquireLock } from './lock';

/** What the lock guards, as the messages name it. */
export interface LockSubject {
  /** Starts the refusal: "<what> is locked by ...". */
  what: string;
  /** Ends "waited N s for ...". */
  waitingFor: string;
  /** Ends "took over ...". */
  lockName: string;
}

const LOCATION: LockSubject = { what: 'location', waitingFor: 'another run on this location', lockName: 'the lock' };

export async function lockGuard(lockPath: string, timeoutSec: number, subject: LockSubject = LOCATION): Promise<{ ok: true; guard: Guard } | { ok: false; msg: string }> {
  const lock = await acquireLock(lockPath, timeoutSec, subject.what);
  if (!lock.ok) return { ok: false, msg: lock.error };
  const notes: string[] = [];
  if (lock.waitedMs > 1000) notes.push(`waited ${formatDuration(lock.waitedMs / 1000)} for ${subject.waitingFor}`);
  if (lock.tookOver) notes.push(`took over ${subject.lockName} left by process ${lock.tookOver.pid}, which is gone`);
  return { ok: true, guard: { release: () => Promise.resolve(lock.release()), ...(notes.length ? { note: notes.join('; ') } : {}) } };
}
