// The engine's own operation: one AIX command judged by its exit code alone (bootlist,
// alt_rootvg_op), with the words of its failure and of its success given as data by the planner.
import { ok } from '../result';
import type { CommandLine, StepContext, StepOutcome } from './plan';

export interface CommandParams {
  runs: readonly [CommandLine];
  /** Starts the failure message: "<failed> (rc N): <what it printed><after>". */
  failed: string;
  after?: string;
  /** A warning the command's success is worth (the bootlist was moved...). */
  said?: string;
}

export type CommandOps = { command: CommandParams };

export async function runCommandOp<P>(op: { kind: 'command' } & CommandParams, { io }: StepContext<P>): Promise<StepOutcome<P>> {
  const [line] = op.runs;
  const run = await io.run(line.command, line.args);
  if (run.rc !== 0) return { ok: false, msg: `${op.failed} (rc ${run.rc}): ${run.stderr.trim() || run.stdout.trim()}${op.after ?? ''}`, run };
  return ok({ run, ...(op.said !== undefined ? { warnings: [op.said] } : {}) });
}

/** The executors every planner may spread into its table. */
export const engineExecutors = { command: runCommandOp };
