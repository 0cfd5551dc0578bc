// The vocabulary of the engine: what a module decides after reading the actual state, and the
// steps that take the LPAR from the actual state to the desired one. A step is data: a title and
// an operation (an AIX command with its full argv, or a named file-system or record operation
// with its parameters). The engine runs it through the executor its kind names, so the plan shown
// in check mode is exactly what apply runs.
import type { AixCommand } from '../aix/run/commands';
import type { CommandRun } from '../aix/run/runner';
import type { Diff, ModuleResult } from '../ansible/result';
import type { Failure, Result } from '../result';
import type { Io } from './io';

/** An AIX command line as a step runs it (the command's name: the Io finds its path). */
export interface CommandLine {
  command: AixCommand;
  args: readonly string[];
}

/**
 * The parameters of each operation kind a module's steps use: kind -> parameters. Every
 * operation lists the AIX commands it runs, in order (none for a file-system operation); the
 * engine fails a step that runs any other.
 */
export type OpMap = Record<string, { runs: readonly CommandLine[] }>;

/** One operation of the kinds in M: its kind and its parameters. */
export type OpOf<M, K extends keyof M = keyof M> = { [P in K]: { kind: P } & M[P] }[K];

/** An operation: its kind names its executor; `runs` lists the AIX commands it runs. */
export interface Operation {
  kind: PropertyKey;
  runs: readonly CommandLine[];
}

export interface Step<O extends Operation, Un = never> {
  /** What the step does, for the plan and the messages. */
  title: string;
  op: O;
  /** The step's command is the one reported as cmd/rc/stdout/stderr. */
  main?: true;
  /** Undoes the step when a later one fails, or a signal stops the run (e.g. removes a temporary image). */
  undo?: Un;
  /** Said when a signal stops a step that has no undo: what it leaves (default: check what it changed). */
  stopped?: string;
}

/** What a step that worked hands on: the run to report, warnings, facts for later steps, result fields. */
export interface Done<P> {
  run?: CommandRun;
  warnings?: string[];
  /** What later steps of the same run build on (the temporary image's identity...). */
  produced?: Partial<P>;
  /** Fields of the module's result that only the step knows (the images keep removed). */
  result?: Partial<ModuleResult>;
}

export type StepFailure = Failure & { run?: CommandRun };
export type StepOutcome<P> = Result<Done<P>, StepFailure>;

export interface StepContext<P> {
  io: Io;
  /** What the earlier steps of this run produced. */
  produced: Readonly<Partial<P>>;
}

/** Runs one kind of operation: a function of the operation, the Io and what earlier steps produced. */
export type Executors<M, P> = { [K in keyof M]: (op: OpOf<M, K>, ctx: StepContext<P>) => Promise<StepOutcome<P>> };

/** Undoes one kind of operation, synchronously (a signal handler runs it); says what it undid, or null. */
export type Undoers<U, P> = { [K in keyof U]: (op: OpOf<U, K>, ctx: StepContext<P>) => string | null };

/**
 * The operation kinds a planner's steps use, with their executors: `M` the operations, `U` the
 * undo operations, `P` what steps produce for later ones, `E` what verify expects.
 */
export interface StepKinds {
  ops: OpMap;
  undos: object;
  produced: object;
  expect: unknown;
}

/** A planner that never acts (view, backup_info). */
export interface NoSteps {
  ops: Record<never, never>;
  undos: Record<never, never>;
  produced: Record<never, never>;
  expect: never;
}

export type StepOf<K extends Pick<StepKinds, 'ops' | 'undos'>> = Step<OpOf<K['ops']>, OpOf<K['undos']>>;

export type Decision<K extends StepKinds = NoSteps> =
  /** The desired state is already there: nothing to do (but perhaps some tidying, see Tidy). */
  | { kind: 'met'; msg: string; tidy?: Tidy }
  /** The request cannot be carried out safely: nothing is run. */
  | { kind: 'refuse'; msg: string }
  /** `expect`: what verify checks the state read back against (the image this run names...). */
  | { kind: 'act'; msg: string; steps: StepOf<K>[]; expect: K['expect']; diff?: Diff };

/**
 * Housekeeping on the 'met' path, outside check mode: e.g. the lock and temporary file a killed
 * run left beside a good image. It changes no managed state, so the run stays changed: false;
 * what it did (or null: nothing) is reported as a warning.
 */
export interface Tidy {
  run(): Promise<string | null>;
}

/**
 * Why the engine reads: `check` (check mode: the one read, which shows the plan), `first` (apply:
 * decides only whether to take the guard), `locked` (the guard held: the decision that runs),
 * `after` (the steps ran: what verify sees). A planner reads what costs most (the free space, what
 * keep would remove) only where a plan is made: `check` and `locked`.
 */
export type ReadAt = 'check' | 'first' | 'locked' | 'after';

export interface Guard {
  release(): Promise<void>;
  /** Said in the result, e.g. how long the run waited for another one. */
  note?: string;
  /** Said as warnings, e.g. a lock the run had to go without. */
  warnings?: string[];
}

export interface Planner<S, K extends StepKinds = NoSteps> {
  read(at: ReadAt): Promise<Result<S>>;
  /** A function of the state alone: the same state gives the same decision, steps included. */
  decide(state: S): Decision<K>;
  executors: Executors<K['ops'], K['produced']>;
  undoers: Undoers<K['undos'], K['produced']>;
  /**
   * Exclusive access for the apply phase, given the state first read (a restore locks the volume
   * group the image holds); the engine reads and decides again once it holds it.
   */
  guard?(state: S): Promise<Result<Guard>>;
  /**
   * After the steps ran: does the state read back hold what the decision expected? Defaults to
   * decide() saying 'met'; a module whose decide() always acts (force) supplies its own check.
   */
  verify?(state: S, expect: K['expect']): Result<null>;
  /** Module-specific result fields (structured image info...) from the state read last. */
  report(state: S | null): Partial<ModuleResult>;
}
