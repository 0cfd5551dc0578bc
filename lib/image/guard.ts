// The engine guard of every planner that writes: its locks, taken in one fixed order (the
// location's, then the LPAR's system-backup or volume-group lock, then the restore's: no two runs
// can wait for each other in a circle), all within one lock_timeout, with what the result should say about them (a long wait, a lock taken over
// from a run that is gone).
import type { Guard } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { formatDuration } from './duration';
import { acquireLock, systemLockPath, vgLockPath } from './lock';

/** What the lock guards, as the messages name it. */
export interface LockSubject {
  /** Starts the refusal: "<what> is locked by ...". */
  what: string;
  /** Ends "waited N s for ...". */
  waitingFor: string;
  /** Ends "took over ...". */
  lockName: string;
}

export interface LockSpec {
  path: string;
  subject: LockSubject;
  /**
   * A lock of the state directory: when that directory cannot hold it (read-only or full /var),
   * the run goes on without it and says so, rather than fail a backup for /var.
   */
  optional?: boolean;
}

export const LOCATION: LockSubject = { what: 'location', waitingFor: 'another run on this location', lockName: 'the lock' };

export const SYSTEM_BACKUP: LockSubject = {
  what: 'system backup on this LPAR (one mksysb or alt_disk operation at a time: they share /image.data, /bosinst.data and /tmp)',
  waitingFor: 'another system backup on this LPAR',
  lockName: 'the system backup lock',
};

export function vgSubject(vg: string): LockSubject {
  return { what: `volume group ${vg} (one savevg or restvg at a time)`, waitingFor: `another run on volume group ${vg}`, lockName: `the lock of ${vg}` };
}

/** The LPAR's lock for a writer: mksysb and alt_disk_* one at a time, savevg and restvg one per VG. */
export function lparLock(stateDir: string, writer: { kind: 'system' } | { kind: 'vg'; vg: string }): LockSpec {
  return writer.kind === 'system'
    ? { path: systemLockPath(stateDir), subject: SYSTEM_BACKUP, optional: true }
    : { path: vgLockPath(stateDir, writer.vg), subject: vgSubject(writer.vg), optional: true };
}

export async function locksGuard(locks: readonly LockSpec[], timeoutSec: number): Promise<Result<Guard>> {
  const releases: (() => void)[] = [];
  const notes: string[] = [];
  const warnings: string[] = [];
  const releaseAll = (): Promise<void> => {
    for (const r of releases.reverse()) r();
    return Promise.resolve();
  };
  const deadline = Date.now() + timeoutSec * 1000;
  for (const spec of locks) {
    const lock = await acquireLock(spec.path, timeoutSec, spec.subject.what, deadline);
    if (!lock.ok) {
      if (lock.unavailable && spec.optional) {
        warnings.push(`Went on without ${spec.subject.lockName}: ${lock.msg}. Other runs on this LPAR were not kept from overlapping with this one; free or fix the state directory.`);
        continue;
      }
      await releaseAll();
      return fail(lock.msg);
    }
    releases.push(lock.value.release);
    if (lock.value.waitedMs > 1000) notes.push(`waited ${formatDuration(lock.value.waitedMs / 1000)} for ${spec.subject.waitingFor}`);
    if (lock.value.tookOver) notes.push(`took over ${spec.subject.lockName} left by process ${lock.value.tookOver.pid}, which is gone`);
  }
  return ok({ release: releaseAll, ...(notes.length ? { note: notes.join('; ') } : {}), ...(warnings.length ? { warnings } : {}) });
}
