// The vocabulary of the engine: what a module decides after reading the actual state, and the
// steps that take the LPAR from the actual state to the desired one.
import type { CommandRun } from '../aix/runner';
import type { Diff, ModuleResult } from '../ansible/result';

export type StepOutcome =
  | { ok: true; run?: CommandRun; warnings?: string[] }
  | { ok: false; msg: string; run?: CommandRun };

export interface Step {
  /** What the step does, for the plan shown in check mode. */
  title: string;
  /** The AIX command line the step runs, if any (shown in check mode, never run there). */
  argv?: string[];
  /** The step's command is the one reported as cmd/rc/stdout/stderr. */
  main?: boolean;
  run(): Promise<StepOutcome>;
  /** Undoes the step when a later one fails (e.g. removes a temporary image). */
  undo?(): Promise<void>;
}

export type Decision =
  /** The desired state is already there: nothing to do (but perhaps some tidying, see Tidy). */
  | { kind: 'met'; msg: string; tidy?: Tidy }
  /** The request cannot be carried out safely: nothing is run. */
  | { kind: 'refuse'; msg: string }
  | { kind: 'act'; msg: string; steps: Step[]; diff?: Diff };

/**
 * Housekeeping on the 'met' path, outside check mode: e.g. the lock and temporary file a killed
 * run left beside a good image. It changes no managed state, so the run stays changed: false;
 * what it did (or null: nothing) is reported as a warning.
 */
export interface Tidy {
  run(): Promise<string | null>;
}

export type Read<S> = { ok: true; state: S } | { ok: false; msg: string };

export interface Guard {
  release(): Promise<void>;
  /** Said in the result, e.g. how long the run waited for another one. */
  note?: string;
  /** Said as warnings, e.g. a lock the run had to go without. */
  warnings?: string[];
}

export interface Planner<S> {
  read(): Promise<Read<S>>;
  decide(state: S): Decision;
  /**
   * Exclusive access for the apply phase, given the state first read (a restore locks the volume
   * group the image holds); the engine reads and decides again once it holds it.
   */
  guard?(state: S): Promise<{ ok: true; guard: Guard } | { ok: false; msg: string }>;
  /**
   * After the steps ran: does the state read back hold what was asked? Defaults to decide()
   * saying 'met'; a module whose decide() always acts (force) supplies its own check.
   */
  verify?(state: S): { ok: true } | { ok: false; msg: string };
  /** Module-specific result fields (structured image info...) from the state read last. */
  report(state: S | null): Partial<ModuleResult>;
}
