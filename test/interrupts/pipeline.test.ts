// The engine runs every phase: whatever a planner throws (read, decide, guard, a step, its undo,
// verify, report) becomes one failed result naming the phase; a condition of the host reads as
// the path, the condition and the fix, and only a bug reads "Internal error". In-process, with
// planners that throw on purpose and an Io that runs nothing.
import { describe, expect, it } from 'vitest';
import type { Io } from '../../lib/engine/io';
import type { Decision, Planner } from '../../lib/engine/plan';
import { runPipeline } from '../../lib/engine/pipeline';
import { HostFault } from '../../lib/engine/env-errors';

function fakeIo(): Io {
  return {
    aixRoot: '/',
    stateDir: '/nonexistent',
    commands: [],
    warnings: [],
    run: () => Promise.reject(new Error('no command in this test')),
    listing: () => null,
    lastFailed: () => null,
    onAbort: () => () => undefined,
    logFile: () => null,
    labelLog: () => undefined,
    close: () => undefined,
  };
}

function erofs(path: string): Error {
  return Object.assign(new Error(`EROFS: read-only file system, open '${path}'`), { code: 'EROFS', syscall: 'open', path });
}

// Phases return promises without awaiting anything: a resolved or rejected promise says it.
const ok = <T>(value: T): Promise<T> => Promise.resolve(value);
const counted = (count: () => void) => (): Promise<void> => { count(); return Promise.resolve(); };

type S = { n: number };
/** One operation whose parameters say how it ends; one undo whose parameters say how it goes. */
type Ops = { act: { runs: readonly []; ends: 'ok' | 'fail' | 'host-fault' } };
type Undos = { undo: { fails: boolean } };
interface Kinds { ops: Ops; undos: Undos; produced: Record<never, never>; expect: null }

let undone = 0;
const executors: Planner<S, Kinds>['executors'] = {
  act: (op) => {
    if (op.ends === 'host-fault') return Promise.reject(new HostFault('/usr/bin/mksysb not found: is this an AIX LPAR?'));
    return ok(op.ends === 'ok' ? { ok: true as const, value: {} } : { ok: false as const, msg: 'the step failed' });
  },
};
const undoers: Planner<S, Kinds>['undoers'] = {
  undo: (op) => {
    if (op.fails) throw erofs('/backup/.x');
    undone++;
    return null;
  },
};
const act = (title: string, ends: Ops['act']['ends'], undo?: Undos['undo']): Decision<Kinds> => ({
  kind: 'act',
  msg: 'x',
  steps: [{ title, op: { kind: 'act', runs: [], ends }, ...(undo ? { undo: { kind: 'undo' as const, ...undo } } : {}) }],
  expect: null,
});

const base: Planner<S, Kinds> = {
  read: () => ok({ ok: true, value: { n: 1 } }),
  decide: () => ({ ...act('write', 'ok'), msg: 'Did it' }),
  executors,
  undoers,
  verify: () => ({ ok: true, value: null }),
  guard: () => ok({ ok: true, value: { release: () => ok(undefined) } }),
  report: () => ({}),
};

const run = (p: Partial<Planner<S, Kinds>>, checkMode = false) => runPipeline<S, Kinds>({ ...base, ...p }, fakeIo(), { checkMode });

describe('every phase turns an exception into a result', () => {
  it('a host condition in read: the admin message, the phase, rc/stdout/stderr', async () => {
    const r = await run({ read: () => Promise.reject(erofs('/backup/x')) });
    expect(r).toMatchObject({ failed: true, changed: false, rc: 1, stdout: '', stderr: '' });
    expect(r.msg).toBe('/backup is on a read-only file system: remount it read-write (for NFS: export it rw and mount it rw), or choose a location on a writable file system (EROFS, open /backup/x) (while reading the current state).');
  });

  it('a bug in decide is an internal error naming the phase', async () => {
    const r = await run({ decide: () => { throw new TypeError('x is undefined'); } });
    expect(r).toMatchObject({ failed: true, msg: 'Internal error in the module while deciding what to do: x is undefined' });
  });

  it('a guard that throws', async () => {
    const r = await run({ guard: () => Promise.reject(Object.assign(new Error('no space'), { code: 'ENOSPC', syscall: 'write', path: '/var/powerops/locks/x.lock' })) });
    expect(r.msg).toMatch(/^The file system holding \/var\/powerops\/locks is full: .* \(while taking the lock\)\.$/);
  });

  it('a step that throws a host fault fails the step, runs its undo, releases the guard', async () => {
    undone = 0;
    let released = 0;
    const r = await run({
      decide: () => act('write the image', 'host-fault', { fails: false }),
      guard: () => ok({ ok: true, value: { release: counted(() => released++) } }),
    });
    expect(r.msg).toBe('write the image failed: /usr/bin/mksysb not found: is this an AIX LPAR?');
    expect([undone, released]).toEqual([1, 1]);
  });

  it('an undo, a release or a report that throws costs a warning, not the answer', async () => {
    const r = await run({
      decide: () => act('s', 'fail', { fails: true }),
      guard: () => ok({ ok: true, value: { release: () => Promise.reject(erofs('/backup/x.lock')) } }),
      report: () => { throw new Error('boom'); },
    });
    expect(r.msg).toBe('the step failed');
    const warnings = r.warnings ?? [];
    expect(warnings.some((w) => w.startsWith('Undoing "s" failed: /backup is on a read-only file system'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('Releasing the lock failed: /backup is on a read-only file system'))).toBe(true);
    expect(warnings.some((w) => w === 'The result lacks the image details: Internal error in the module while reporting: boom')).toBe(true);
  });

  it('a verify that throws after the change names that phase', async () => {
    const r = await run({ verify: () => { throw erofs('/backup/x'); } });
    expect(r.msg).toMatch(/\(while verifying the result\)\.$/);
  });

  it('a no-op that ran nothing returns rc 0 and empty output', async () => {
    const r = await run({ decide: () => ({ kind: 'met', msg: 'nothing to do' }) });
    expect(r).toMatchObject({ changed: false, rc: 0, stdout: '', stderr: '', commands: [] });
  });
});
