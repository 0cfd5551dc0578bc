// One suite per example playbook, run with the real ansible-playbook against fresh simulated
// LPARs: the first run changes (and shows a diff), the second changes nothing, --check changes
// nothing on the LPAR, and every result key of the module is documented in RETURN.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { describeAnsible, REPO, runPlaybook, total, type PlaybookRun, type TaskResult } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';

export const MODULE = 'powerops.aix.backup';

export interface ExampleSpec {
  file: string;
  hosts?: string[];
  extraVars?: Record<string, unknown>;
  /** Another example run first, on the same LPARs (an image to look at). */
  after?: string;
  /** The example only looks: its first run changes nothing either. */
  readOnly?: boolean;
  /** Tasks that change on every run by design (force: true), as the example says. */
  alwaysChanged?: string[];
  /** It only makes images: --check on a fresh LPAR can preview every step. */
  previewOnFreshLpar?: boolean;
}

/** Keys ansible-core itself adds to a module's result (async ones included). */
const ANSIBLE_KEYS = new Set(['invocation', 'action', 'failed', '_ansible_no_log', 'ansible_job_id', 'started', 'finished', 'results_file', 'stdout_lines', 'stderr_lines']);
const RETURN_KEYS = new Set(Object.keys(parse(readFileSync(join(REPO, 'schemas/backup.return.yml'), 'utf8')) as object));

export function undocumented(result: TaskResult): string[] {
  return Object.keys(result).filter((k) => !RETURN_KEYS.has(k) && !ANSIBLE_KEYS.has(k));
}

export function moduleResults(run: PlaybookRun): { task: string; host: string; result: TaskResult }[] {
  return run.resultsOf(MODULE);
}

function changedTasks(run: PlaybookRun): string[] {
  return run.tasks.filter((t) => Object.values(t.hosts).some((r) => r.changed)).map((t) => t.name);
}

export function exampleSuite(spec: ExampleSpec): void {
  describeAnsible(`examples/${spec.file}`, () => {
    let box: Sandbox;
    const play = (extra: { check?: boolean; diff?: boolean } = {}, file = spec.file, sandbox = box): Promise<PlaybookRun> =>
      runPlaybook(`examples/${file}`, { hosts: sandbox.hosts, vars: sandbox.vars, extraVars: spec.extraVars, tmp: sandbox.dir, ...extra });

    beforeAll(async () => {
      box = makeSandbox(spec.hosts);
      if (spec.after) expect((await play({}, spec.after)).rc).toBe(0);
    });
    afterAll(() => box?.cleanup());

    it(spec.readOnly ? 'first run succeeds and changes nothing' : 'first run changes the LPAR and shows a diff under --diff', async () => {
      const run = await play({ diff: true });
      expect(run.rc, JSON.stringify(run.tasks, null, 1)).toBe(0);
      expect(total(run, 'failures')).toBe(0);
      const results = moduleResults(run);
      expect(results.length).toBeGreaterThan(0);
      for (const { task, result } of results) expect(undocumented(result), `${task}: keys missing from schemas/backup.return.yml`).toEqual([]);
      if (spec.readOnly) {
        expect(total(run, 'changed')).toBe(0);
        return;
      }
      const changed = results.filter((r) => r.result.changed);
      expect(changed.length).toBeGreaterThan(0);
      for (const { task, result } of changed) {
        const diff = result.diff as { before: string; after: string } | undefined;
        expect(diff, `${task} changed but returned no diff`).toBeDefined();
        expect(diff!.before).not.toBe(diff!.after);
      }
    });

    it(spec.alwaysChanged ? 'second run changes only the tasks forced to' : 'second run reports changed=0', async () => {
      const run = await play();
      expect(run.rc, JSON.stringify(run.tasks, null, 1)).toBe(0);
      if (spec.alwaysChanged) expect(changedTasks(run).sort()).toEqual([...spec.alwaysChanged].sort());
      else expect(Object.values(run.stats).map((s) => s.changed)).toEqual(Object.values(run.stats).map(() => 0));
    });

    it('--check changes nothing on the simulated LPAR', async () => {
      const before = box.snapshot();
      const run = await play({ check: true });
      expect(run.rc, JSON.stringify(run.tasks, null, 1)).toBe(0);
      expect(box.snapshot()).toEqual(before);
      for (const { result } of moduleResults(run)) expect(result.plan === undefined || result.changed).toBe(true);
    });

    if (spec.previewOnFreshLpar) {
      it('--check on a fresh LPAR reports what it would do and makes no image', async () => {
        const fresh = makeSandbox(spec.hosts);
        try {
          const before = fresh.snapshot();
          const run = await play({ check: true, diff: true }, spec.file, fresh);
          expect(run.rc, JSON.stringify(run.tasks, null, 1)).toBe(0);
          const results = moduleResults(run);
          expect(results.length).toBeGreaterThan(0);
          for (const { result } of results) {
            expect(result.changed).toBe(true);
            expect(result.msg).toMatch(/^Check mode: /);
            expect(Array.isArray(result.plan)).toBe(true);
          }
          expect(fresh.snapshot()).toEqual(before);
        } finally {
          fresh.cleanup();
        }
      });
    }
  });
}
