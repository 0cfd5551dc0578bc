// The engine's pipeline driven by small fake planners: the order of read, decide, guard, apply,
// undo and verify, what check mode runs (nothing), and what each outcome reports.
import { describe, expect, it } from 'vitest';
import type { CommandRun } from '../../lib/aix/runner';
import type { Decision, Planner, Step } from '../../lib/engine/plan';
import { runPipeline } from '../../lib/engine/pipeline';
import { recordedIo as recorded } from './recorded-io';

// The fake planners touch no file: the Io needs no directory of its own.
const recordedIo = (answers: Record<string, never>) => recorded(answers, '/nonexistent-unit-root');

type State = { n: number };

interface Script {
  /** The states read, in turn; the last one repeats. */
  states: (State | string)[];
  decide(state: State): Decision;
  /** 'ok': the guard is taken; any other text: refused with that message. */
  guard?: string;
  verify?: (state: State) => { ok: true } | { ok: false; msg: string };
}

function fake(script: Script) {
  const events: string[] = [];
  let reads = 0;
  const planner: Planner<State> = {
    read() {
      const s = script.states[Math.min(reads++, script.states.length - 1)];
      events.push('read');
      if (s === undefined) throw new Error('no state scripted');
      return Promise.resolve(typeof s === 'string' ? { ok: false, msg: s } : { ok: true, state: s });
    },
    decide(state) {
      events.push(`decide ${state.n}`);
      return script.decide(state);
    },
    report: (state) => ({ reported: state?.n ?? null }),
  };
  if (script.guard !== undefined) {
    const g = script.guard;
    planner.guard = () => {
      events.push('guard');
      return Promise.resolve(g === 'ok'
        ? { ok: true, guard: { release: () => Promise.resolve(void events.push('release')), note: 'waited 2 s' } }
        : { ok: false, msg: g });
    };
  }
  if (script.verify) {
    const v = script.verify;
    planner.verify = (state) => {
      events.push(`verify ${state.n}`);
      return v(state);
    };
  }
  return { planner, events };
}

const run = (argv: string[], rc = 0): CommandRun => ({ argv, rc, signal: null, stdout: `out of ${argv[0] ?? ''}\n`, stderr: '', stdoutCut: 0, stderrCut: 0 });

function step(events: string[], name: string, outcome: 'ok' | 'fail' | 'throw', main = false): Step {
  return {
    title: `step ${name}`,
    argv: [name, '-x'],
    main,
    run: () => {
      events.push(`run ${name}`);
      if (outcome === 'throw') throw new Error(`${name} blew up`);
      return Promise.resolve(outcome === 'ok' ? { ok: true, run: run([name, '-x']) } : { ok: false, msg: `${name} failed`, run: run([name, '-x'], 3) });
    },
    undo: () => Promise.resolve(void events.push(`undo ${name}`)),
  };
}

describe('the pipeline', () => {
  it('met: reads once, decides, reports; no guard, no step', async () => {
    const { planner, events } = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'met', msg: 'all there' }), guard: 'ok' });
    const io = recordedIo({});
    const r = await runPipeline(planner, io, { checkMode: false });
    expect(events).toEqual(['read', 'decide 1']);
    expect(r).toEqual({ changed: false, msg: 'all there', reported: 1, commands: [], rc: 0, stdout: '', stderr: '' });
  });

  it('refuse: fails with the message, changes nothing', async () => {
    const { planner, events } = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'refuse', msg: 'disk in use' }), guard: 'ok' });
    const r = await runPipeline(planner, recordedIo({}), { checkMode: false });
    expect(events).toEqual(['read', 'decide 1']);
    expect(r).toMatchObject({ changed: false, failed: true, msg: 'disk in use', reported: 1 });
  });

  it('check mode: shows the plan of the decision and runs no step and no guard', async () => {
    const events: string[] = [];
    const steps = [step(events, 'a', 'ok'), step(events, 'b', 'ok', true)];
    const f = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'act', msg: 'make it', steps, diff: { before: 'x\n', after: 'y\n' } }), guard: 'ok' });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: true });
    expect([...f.events, ...events]).toEqual(['read', 'decide 1']);
    expect(r).toMatchObject({ changed: true, msg: 'Check mode: make it; nothing was changed.', diff: { before: 'x\n', after: 'y\n' } });
    expect(r.plan).toEqual([{ title: 'step a', cmd: 'a -x' }, { title: 'step b', cmd: 'b -x' }]);
  });

  it('act: guard, read and decide again, steps in order, read, verify, release; main command reported', async () => {
    const steps = (ev: string[]) => [step(ev, 'a', 'ok'), step(ev, 'b', 'ok', true)];
    const shared: string[] = [];
    const f = fake({
      states: [{ n: 1 }, { n: 2 }, { n: 3 }],
      decide: (s) => (s.n < 3 ? { kind: 'act', msg: 'made it', steps: steps(shared) } : { kind: 'met', msg: 'there' }),
      guard: 'ok',
    });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: false });
    expect(f.events).toEqual(['read', 'decide 1', 'guard', 'read', 'decide 2', 'read', 'decide 3', 'release']);
    expect(shared).toEqual(['run a', 'run b']);
    expect(r).toMatchObject({ changed: true, msg: 'made it (waited 2 s)', reported: 3, cmd: 'b -x', rc: 0, stdout: 'out of b\n' });
  });

  it('act: the planner\'s own verify decides, not decide()', async () => {
    const f = fake({
      states: [{ n: 1 }],
      decide: () => ({ kind: 'act', msg: 'forced', steps: [] }),
      guard: 'ok',
      verify: (s) => (s.n === 1 ? { ok: false, msg: 'not the new image' } : { ok: true }),
    });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: false });
    expect(f.events).toEqual(['read', 'decide 1', 'guard', 'read', 'decide 1', 'read', 'verify 1', 'release']);
    expect(r).toMatchObject({ failed: true, msg: 'The change was made but the result does not verify: not the new image' });
  });

  it('act: what holds once the guard is taken wins (another run made it meanwhile)', async () => {
    const ran: string[] = [];
    const f = fake({ states: [{ n: 1 }, { n: 2 }], decide: (s) => (s.n === 1 ? { kind: 'act', msg: 'make', steps: [step(ran, 'a', 'ok')] } : { kind: 'met', msg: 'made by the other run' }), guard: 'ok' });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: false });
    expect(f.events).toEqual(['read', 'decide 1', 'guard', 'read', 'decide 2', 'release']);
    expect(ran).toEqual([]);
    expect(r).toMatchObject({ changed: false, msg: 'made by the other run (waited 2 s)' });
  });

  it.each([['fail'], ['throw']] as const)('a step that %ss: the steps done and the failed one are undone, latest first', async (how) => {
    const ev: string[] = [];
    const f = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'act', msg: 'm', steps: [step(ev, 'a', 'ok'), step(ev, 'b', 'ok', true), step(ev, 'c', how), step(ev, 'd', 'ok')] }), guard: 'ok' });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: false });
    expect(ev).toEqual(['run a', 'run b', 'run c', 'undo b', 'undo a', 'undo c']);
    expect(f.events.at(-1)).toBe('release');
    expect(r).toMatchObject({ changed: false, failed: true, msg: how === 'fail' ? 'c failed' : 'Internal error in the module while running "step c": c blew up' });
    expect(r.cmd).toBe(how === 'fail' ? 'c -x' : 'b -x');
  });

  it('a guard refused: nothing runs, the message says why', async () => {
    const ran: string[] = [];
    const f = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'act', msg: 'm', steps: [step(ran, 'a', 'ok')] }), guard: 'locked by process 42' });
    const r = await runPipeline(f.planner, recordedIo({}), { checkMode: false });
    expect(f.events).toEqual(['read', 'decide 1', 'guard']);
    expect(ran).toEqual([]);
    expect(r).toMatchObject({ failed: true, msg: 'locked by process 42' });
  });

  it('a read that fails: first read, then after the change', async () => {
    const first = fake({ states: ['lsvg failed'], decide: () => ({ kind: 'met', msg: 'x' }) });
    expect(await runPipeline(first.planner, recordedIo({}), { checkMode: false })).toMatchObject({ failed: true, msg: 'lsvg failed', reported: null });
    const after = fake({ states: [{ n: 1 }, { n: 1 }, 'listvgbackup failed'], decide: () => ({ kind: 'act', msg: 'm', steps: [] }), guard: 'ok' });
    const r = await runPipeline(after.planner, recordedIo({}), { checkMode: false });
    expect(r).toMatchObject({ failed: true, msg: 'The change was made but could not be verified: listvgbackup failed' });
    expect(after.events.at(-1)).toBe('release');
  });

  it('tidy runs on the met path outside check mode only, and a failing one is a warning', async () => {
    let tidied = 0;
    const decide = (): Decision => ({ kind: 'met', msg: 'there', tidy: { run: () => Promise.resolve(`tidied ${++tidied}`) } });
    expect((await runPipeline(fake({ states: [{ n: 1 }], decide }).planner, recordedIo({}), { checkMode: true })).warnings).toBeUndefined();
    expect(tidied).toBe(0);
    const io = recordedIo({});
    expect((await runPipeline(fake({ states: [{ n: 1 }], decide }).planner, io, { checkMode: false })).warnings).toContain('tidied 1');
    const broken = (): Decision => ({ kind: 'met', msg: 'there', tidy: { run: () => Promise.reject(new Error('EACCES')) } });
    const r = await runPipeline(fake({ states: [{ n: 1 }], decide: broken }).planner, recordedIo({}), { checkMode: false });
    expect(r).toMatchObject({ changed: false, warnings: ['Housekeeping failed (the image is fine): Internal error in the module while tidying up: EACCES'] });
  });
});
