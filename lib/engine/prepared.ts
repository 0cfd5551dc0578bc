// What an action's preparation hands the entry: a planner bound to its Io, ready to run (each
// action's planner has its own state type), or the reason nothing can run.
import type { ModuleResult } from '../ansible/result';
import type { Io } from './io';
import type { Planner, StepKinds } from './plan';
import { runPipeline, type PipelineOptions } from './pipeline';

export type Prepared = { ok: true; run(opts: PipelineOptions): Promise<ModuleResult> } | { ok: false; msg: string };

export function ready<S, K extends StepKinds>(planner: Planner<S, K>, io: Io): Prepared {
  return { ok: true, run: (opts) => runPipeline(planner, io, opts) };
}
