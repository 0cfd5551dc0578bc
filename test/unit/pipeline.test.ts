// The engine's pipeline driven by small fake planners: the order of read, decide, guard, apply,
// undo and verify, what check mode runs (nothing), what each outcome reports, and the steps as
// data: executed through the executor of their kind, the commands they list and no other, what
// one step produces handed to the next, the decision's expectation handed to verify.
import { describe, expect, it } from 'vitest';
import type { AixCommand } from '../../lib/aix/run/commands';
import type { Decision, Planner, ReadAt, Step, OpOf } from '../../lib/engine/plan';
import { runPipeline } from '../../lib/engine/pipeline';
import { recordedIo as recorded, type Answers } from './recorded-io';

// The fake planners touch no file: the Io needs no directory of its own.
const recordedIo = (answers: Answers = {}) => recorded(answers, '/nonexistent-unit-root');

type State = { n: number };

/** One operation kind: run one command (or, `stray`, another one than it lists), then end as told. */
type Ops = {
  run: { runs: readonly [{ command: AixCommand; args: readonly string[] }]; ends: 'ok' | 'fail' | 'throw'; stray?: true };
  /** Hands on a number to later steps, which `check` reads. */
  give: { runs: readonly []; value: number };
  check: { runs: readonly []; want: number };
};
type Undos = { undo: { name: string } };
interface Kinds { ops: Ops; undos: Undos; produced: { given: number }; expect: { n: number } }

interface Script {
  /** The states read, in turn; the last one repeats. */
  states: (State | string)[];
  decide(state: State): Decision<Kinds>;
  /** 'ok': the guard is taken; any other text: refused with that message. */
  guard?: string;
  verify?: (state: State, expect: { n: number }) => { ok: true; value: null } | { ok: false; msg: string };
}

function fake(script: Script) {
  const events: string[] = [];
  let reads = 0;
  const planner: Planner<State, Kinds> = {
    read(at: ReadAt) {
      const s = script.states[Math.min(reads++, script.states.length - 1)];
      events.push(`read ${at}`);
      if (s === undefined) throw new Error('no state scripted');
      return Promise.resolve(typeof s === 'string' ? { ok: false, msg: s } : { ok: true, value: s });
    },
    decide(state) {
      events.push(`decide ${state.n}`);
      return script.decide(state);
    },
    executors: {
      run: async (op, { io }) => {
        const [line] = op.runs;
        events.push(`run ${line.command}`);
        if (op.ends === 'throw') throw new Error(`${line.command} blew up`);
        const r = await io.run(op.stray ? 'uname' : line.command, line.args);
        return op.ends === 'ok' ? { ok: true, value: { run: r } } : { ok: false, msg: `${line.command} failed`, run: r };
      },
      give: (op) => Promise.resolve({ ok: true, value: { produced: { given: op.value }, result: { given: op.value } } }),
      check: (op, { produced }) => Promise.resolve(produced.given === op.want ? { ok: true, value: {} } : { ok: false, msg: `got ${produced.given ?? 'nothing'}` }),
    },
    undoers: {
      undo: (op) => {
        events.push(`undo ${op.name}`);
        return null;
      },
    },
    report: (state) => ({ reported: state?.n ?? null }),
  };
  if (script.guard !== undefined) {
    const g = script.guard;
    planner.guard = () => {
      events.push('guard');
      return Promise.resolve(g === 'ok'
        ? { ok: true, value: { release: () => Promise.resolve(void events.push('release')), note: 'waited 2 s' } }
        : { ok: false, msg: g });
    };
  }
  if (script.verify) {
    const v = script.verify;
    planner.verify = (state, expected) => {
      events.push(`verify ${state.n}`);
      return v(state, expected);
    };
  }
  return { planner, events };
}

/** Every command these steps run answers "out of <command>"; bootlist exits 3. */
const answers: Answers = (line) => ({ rc: line.startsWith('bootlist') ? 3 : 0, stdout: `out of ${line.split(' ')[0] ?? ''}\n` });

function step(command: AixCommand, ends: 'ok' | 'fail' | 'throw', main = false): Step<OpOf<Ops>, OpOf<Undos>> {
  return { title: `step ${command}`, op: { kind: 'run', runs: [{ command, args: ['-x'] }], ends }, ...(main ? { main: true as const } : {}), undo: { kind: 'undo', name: command } };
}

const act = (steps: Step<OpOf<Ops>, OpOf<Undos>>[], msg = 'm'): Decision<Kinds> => ({ kind: 'act', msg, steps, expect: { n: 3 } });

describe('the pipeline', () => {
  it('met: reads once, decides, reports; no guard, no step', async () => {
    const { planner, events } = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'met', msg: 'all there' }), guard: 'ok' });
    const r = await runPipeline(planner, recordedIo(), { checkMode: false });
    expect(events).toEqual(['read first', 'decide 1']);
    expect(r).toEqual({ changed: false, msg: 'all there', reported: 1, commands: [], rc: 0, stdout: '', stderr: '' });
  });

  it('refuse: fails with the message, changes nothing', async () => {
    const { planner, events } = fake({ states: [{ n: 1 }], decide: () => ({ kind: 'refuse', msg: 'disk in use' }), guard: 'ok' });
    const r = await runPipeline(planner, recordedIo(), { checkMode: false });
    expect(events).toEqual(['read first', 'decide 1']);
    expect(r).toMatchObject({ changed: false, failed: true, msg: 'disk in use', reported: 1 });
  });

  it('check mode: shows the plan as data (title, command line, operation, undo) and runs no step and no guard', async () => {
    const steps = [step('lsvg', 'ok'), step('lspv', 'ok', true)];
    const f = fake({ states: [{ n: 1 }], decide: () => ({ ...act(steps, 'make it'), diff: { before: 'x\n', after: 'y\n' } }), guard: 'ok' });
    const io = recordedIo(answers);
    const r = await runPipeline(f.planner, io, { checkMode: true });
    expect(f.events).toEqual(['read check', 'decide 1']);
    expect(io.ran).toEqual([]);
    expect(r).toMatchObject({ changed: true, msg: 'Check mode: make it; nothing was changed.', diff: { before: 'x\n', after: 'y\n' } });
    expect(r.plan).toEqual([
      { title: 'step lsvg', cmd: 'lsvg -x', op: { kind: 'run', runs: [{ command: 'lsvg', args: ['-x'] }], ends: 'ok' }, undo: { kind: 'undo', name: 'lsvg' } },
      { title: 'step lspv', cmd: 'lspv -x', op: { kind: 'run', runs: [{ command: 'lspv', args: ['-x'] }], ends: 'ok' }, main: true, undo: { kind: 'undo', name: 'lspv' } },
    ]);
    expect(r.applied).toBeUndefined();
  });

  it('act: guard, read and decide again, steps in order, read, verify, release; main command reported; applied is the check-mode plan', async () => {
    const f = fake({
      states: [{ n: 1 }, { n: 2 }, { n: 3 }],
      decide: (s) => (s.n < 3 ? act([step('lsvg', 'ok'), step('lspv', 'ok', true)], 'made it') : { kind: 'met', msg: 'there' }),
      guard: 'ok',
    });
    const io = recordedIo(answers);
    const r = await runPipeline(f.planner, io, { checkMode: false });
    expect(f.events).toEqual(['read first', 'decide 1', 'guard', 'read locked', 'decide 2', 'run lsvg', 'run lspv', 'read after', 'decide 3', 'release']);
    expect(io.ran).toEqual(['lsvg -x', 'lspv -x']);
    expect(r).toMatchObject({ changed: true, msg: 'made it (waited 2 s)', reported: 3, cmd: 'lspv -x', rc: 0, stdout: 'out of lspv\n' });
    const check = await runPipeline(fake({ states: [{ n: 1 }], decide: () => act([step('lsvg', 'ok'), step('lspv', 'ok', true)]) }).planner, recordedIo(), { checkMode: true });
    expect(r.applied).toEqual(check.plan);
  });

  it('act: the planner\'s own verify decides, given what the decision expected', async () => {
    const f = fake({
      states: [{ n: 1 }],
      decide: () => act([]),
      guard: 'ok',
      verify: (s, want) => (s.n === want.n ? { ok: true, value: null } : { ok: false, msg: `not ${want.n}` }),
    });
    const r = await runPipeline(f.planner, recordedIo(), { checkMode: false });
    expect(f.events).toEqual(['read first', 'decide 1', 'guard', 'read locked', 'decide 1', 'read after', 'verify 1', 'release']);
    expect(r).toMatchObject({ failed: true, msg: 'The change was made but the result does not verify: not 3', applied: [] });
  });

  it('what a step produces reaches the later steps, and its result fields the result', async () => {
    const steps = (want: number): Step<OpOf<Ops>, OpOf<Undos>>[] => [
      { title: 'give', op: { kind: 'give', runs: [], value: 7 } },
      { title: 'check', op: { kind: 'check', runs: [], want } },
    ];
    const good = await runPipeline(fake({ states: [{ n: 1 }, { n: 1 }, { n: 3 }], decide: (s) => (s.n === 3 ? { kind: 'met', msg: 'ok' } : act(steps(7))) }).planner, recordedIo(), { checkMode: false });
    expect(good).toMatchObject({ changed: true, given: 7 });
    const bad = await runPipeline(fake({ states: [{ n: 1 }], decide: () => act(steps(8)) }).planner, recordedIo(), { checkMode: false });
    expect(bad).toMatchObject({ failed: true, msg: 'got 7' });
    expect((bad.applied as { title: string }[]).map((s) => s.title)).toEqual(['give', 'check']);
  });

  it('act: what holds once the guard is taken wins (another run made it meanwhile)', async () => {
    const f = fake({ states: [{ n: 1 }, { n: 2 }], decide: (s) => (s.n === 1 ? act([step('lsvg', 'ok')]) : { kind: 'met', msg: 'made by the other run' }), guard: 'ok' });
    const io = recordedIo(answers);
    const r = await runPipeline(f.planner, io, { checkMode: false });
    expect(f.events).toEqual(['read first', 'decide 1', 'guard', 'read locked', 'decide 2', 'release']);
    expect(io.ran).toEqual([]);
    expect(r).toMatchObject({ changed: false, msg: 'made by the other run (waited 2 s)' });
  });

  it.each([['fail'], ['throw']] as const)('a step that %ss: the steps done and the failed one are undone, latest first', async (how) => {
    const f = fake({ states: [{ n: 1 }], decide: () => act([step('lsvg', 'ok'), step('lspv', 'ok', true), step('bootlist', how), step('bootinfo', 'ok')]), guard: 'ok' });
    const r = await runPipeline(f.planner, recordedIo(answers), { checkMode: false });
    expect(f.events.filter((e) => e.startsWith('run') || e.startsWith('undo'))).toEqual(['run lsvg', 'run lspv', 'run bootlist', 'undo lspv', 'undo lsvg', 'undo bootlist']);
    expect(f.events.at(-1)).toBe('release');
    expect(r).toMatchObject({ changed: false, failed: true, msg: how === 'fail' ? 'bootlist failed' : 'Internal error in the module while running "step bootlist": bootlist blew up' });
    expect(r.cmd).toBe(how === 'fail' ? 'bootlist -x' : 'lspv -x');
    expect((r.applied as { title: string }[]).map((s) => s.title)).toEqual(['step lsvg', 'step lspv', 'step bootlist']);
  });

  it('a step that runs a command its operation does not list fails, and is undone', async () => {
    const stray: Step<OpOf<Ops>, OpOf<Undos>> = { title: 'sneaky', op: { kind: 'run', runs: [{ command: 'lsvg', args: ['-x'] }], ends: 'ok', stray: true }, undo: { kind: 'undo', name: 'sneaky' } };
    const f = fake({ states: [{ n: 1 }], decide: () => act([stray]), guard: 'ok' });
    const r = await runPipeline(f.planner, recordedIo(answers), { checkMode: false });
    expect(r).toMatchObject({ failed: true, msg: 'Internal error in the module: the step "sneaky" ran uname -x, which its operation does not list.' });
    expect(f.events).toContain('undo sneaky');
  });

  it('a guard refused: nothing runs, the message says why', async () => {
    const f = fake({ states: [{ n: 1 }], decide: () => act([step('lsvg', 'ok')]), guard: 'locked by process 42' });
    const io = recordedIo(answers);
    const r = await runPipeline(f.planner, io, { checkMode: false });
    expect(f.events).toEqual(['read first', 'decide 1', 'guard']);
    expect(io.ran).toEqual([]);
    expect(r).toMatchObject({ failed: true, msg: 'locked by process 42' });
  });

  it('a read that fails: first read, then after the change', async () => {
    const first = fake({ states: ['lsvg failed'], decide: () => ({ kind: 'met', msg: 'x' }) });
    expect(await runPipeline(first.planner, recordedIo(), { checkMode: false })).toMatchObject({ failed: true, msg: 'lsvg failed', reported: null });
    const after = fake({ states: [{ n: 1 }, { n: 1 }, 'listvgbackup failed'], decide: () => act([]), guard: 'ok' });
    const r = await runPipeline(after.planner, recordedIo(), { checkMode: false });
    expect(r).toMatchObject({ failed: true, msg: 'The change was made but could not be verified: listvgbackup failed' });
    expect(after.events.at(-1)).toBe('release');
  });

  it('tidy runs on the met path outside check mode only, and a failing one is a warning', async () => {
    let tidied = 0;
    const decide = (): Decision<Kinds> => ({ kind: 'met', msg: 'there', tidy: { run: () => Promise.resolve(`tidied ${++tidied}`) } });
    expect((await runPipeline(fake({ states: [{ n: 1 }], decide }).planner, recordedIo(), { checkMode: true })).warnings).toBeUndefined();
    expect(tidied).toBe(0);
    expect((await runPipeline(fake({ states: [{ n: 1 }], decide }).planner, recordedIo(), { checkMode: false })).warnings).toContain('tidied 1');
    const broken = (): Decision<Kinds> => ({ kind: 'met', msg: 'there', tidy: { run: () => Promise.reject(new Error('EACCES')) } });
    const r = await runPipeline(fake({ states: [{ n: 1 }], decide: broken }).planner, recordedIo(), { checkMode: false });
    expect(r).toMatchObject({ changed: false, warnings: ['Housekeeping failed (the image is fine): Internal error in the module while tidying up: EACCES'] });
  });
});
