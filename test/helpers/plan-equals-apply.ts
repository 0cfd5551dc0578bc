// What "check mode's plan is what apply runs" means, as one check on two module results: the
// check-mode run's `plan` and the apply run's `applied` are equal, the one per-run random token
// aside (the 24 hex digits of the temporary name, drawn afresh by each run); and the AIX commands
// the apply run ran (`commands`) are the commands of those steps, in order and together, with
// only reads before and after them.
import { expect } from 'vitest';

interface Shown {
  title: string;
  cmd?: string;
  op: { runs: { command: string; args: string[] }[] };
}

/** The only part of a plan that may differ between two runs with the same inputs. */
export function withoutToken<T>(plan: T): T {
  return JSON.parse(JSON.stringify(plan).replace(/\.partial-[0-9a-f]{24}/g, '.partial-<token>')) as T;
}

/** Commands that only read: what the module runs outside its steps. */
const READS = [/^listvgbackup -l -f /, /^listvgbackup -f /, /^lsvg( |$)/, /^lspv( |$)/, /^df /, /^ulimit /, /^lquerypv /, /^bootinfo /, /^uname /, /^bootlist -m normal -o$/];

/** The command line as a step lists it: the command's name, not the path the Io runs it from. */
const named = (line: string): string => line.replace(/^\S*\//, '');

export function expectPlanApplied(check: Record<string, unknown>, apply: Record<string, unknown>): void {
  expect(apply.failed, String(apply.msg)).toBeUndefined();
  expect(check.changed).toBe(true);
  const plan = check.plan as Shown[];
  const applied = apply.applied as Shown[];
  expect(Array.isArray(plan) && plan.length > 0).toBe(true);
  expect(withoutToken(applied)).toEqual(withoutToken(plan));
  // Each step's cmd shows exactly the commands its operation runs.
  for (const s of applied) {
    const lines = s.op.runs.map((r) => [r.command, ...r.args].join(' '));
    expect(s.cmd).toBe(lines.length > 0 ? lines.join(' && ') : undefined);
  }
  const stepLines = applied.flatMap((s) => s.op.runs.map((r) => [r.command, ...r.args].join(' ')));
  const ran = (apply.commands as string[]).map(named);
  const at = ran.findIndex((_, i) => stepLines.every((l, j) => ran[i + j] === l));
  expect(at, `the steps' commands ${JSON.stringify(stepLines)} run together in ${JSON.stringify(ran)}`).toBeGreaterThanOrEqual(0);
  const reads = [...ran.slice(0, at), ...ran.slice(at + stepLines.length)];
  for (const r of reads) expect(READS.some((re) => re.test(r)), `${r} is a read`).toBe(true);
}
