// The lock of one image location: `<location>.lock`, created exclusively, holding who took it.
// A second run waits for it; a lock whose process is gone (same host, pid dead) is taken over.
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

interface Holder {
  host: string;
  pid: number;
  since: string;
  token: string;
}

export type LockResult =
  | { ok: true; release: () => void; waitedMs: number; tookOver: Holder | null }
  | { ok: false; error: string };

const POLL_MS = 200;
/** A lock file still empty after this long was left by a run killed while creating it. */
const EMPTY_LOCK_GRACE_MS = 5000;

/** `what` names what the lock guards, for the message when it cannot be had (e.g. "location"). */
export async function acquireLock(lockPath: string, timeoutSec: number, what = 'location'): Promise<LockResult> {
  const me: Holder = { host: hostname(), pid: process.pid, since: new Date().toISOString(), token: Math.random().toString(36).slice(2) };
  const started = Date.now();
  let tookOver: Holder | null = null;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (;;) {
    if (tryCreate(lockPath, me)) {
      return { ok: true, release: () => release(lockPath, me), waitedMs: Date.now() - started, tookOver };
    }
    const holder = readHolder(lockPath);
    if (holder === 'gone') continue;
    if (holder !== 'unreadable' && isStale(holder)) {
      if (takeOver(lockPath, holder.token)) tookOver = holder;
      continue;
    }
    if (holder === 'unreadable' && ageMs(lockPath) > EMPTY_LOCK_GRACE_MS) {
      takeOver(lockPath, null);
      continue;
    }
    if (Date.now() - started >= timeoutSec * 1000) {
      const who = holder === 'unreadable' ? 'another run' : `process ${holder.pid} on ${holder.host} since ${holder.since}`;
      return {
        ok: false,
        error: `${what} is locked by ${who} (${lockPath}); waited ${timeoutSec} s (lock_timeout). Wait for that run to finish, raise lock_timeout, or remove the lock file if that run is gone.`,
      };
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

function tryCreate(lockPath: string, me: Holder): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    writeSync(fd, JSON.stringify(me));
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(lockPath: string): Holder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : 'unreadable';
  }
  try {
    const h = JSON.parse(text) as Holder;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? h : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/** Only a lock of this host can be proven stale: another host's pid means nothing here. */
function isStale(holder: Holder): boolean {
  if (holder.host !== hostname()) return false;
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves the stale lock aside, then checks that what was moved is the stale lock (`token`, or
 * null for an unreadable one): when two runs take over at once, the slower one may have moved
 * the faster one's fresh lock, and puts it back.
 */
function takeOver(lockPath: string, token: string | null): boolean {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return false;
  }
  const moved = readHolder(aside);
  const wasStale = token === null ? moved === 'unreadable' : moved !== 'gone' && moved !== 'unreadable' && moved.token === token;
  if (!wasStale) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone created a lock meanwhile; theirs stands.
    }
  }
  rmSync(aside, { force: true });
  return wasStale;
}

function release(lockPath: string, me: Holder): void {
  const holder = readHolder(lockPath);
  if (holder !== 'gone' && holder !== 'unreadable' && holder.token === me.token) rmSync(lockPath, { force: true });
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
