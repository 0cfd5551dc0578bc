// What every simulated AIX command gets from the entry point.
import type { Out } from './out';
import type { Fault } from './types';

export interface Ctx {
  root: string;
  cmd: string;
  argv: string[];
  out: Out;
  err: Out;
  faults: Fault[];
  /** Die as SIGKILL would, after recording the end of the run in the invocation log. */
  die(): never;
}

/** A simulated command: its exit code, once it has done its work (most need no waiting). */
export type Command = (ctx: Ctx) => number | Promise<number>;

export const fault = (ctx: Ctx, kind: Fault['kind']): Fault | undefined => ctx.faults.find((f) => f.kind === kind);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
