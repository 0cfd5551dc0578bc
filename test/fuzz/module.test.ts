// Property: whatever arguments arrive, every run prints exactly one JSON document and exits 0 or
// 1; arguments invalid by construction fail before any AIX command runs (the simulator logs every
// invocation); no shell ever sees a payload: the marker file a shell would create never appears,
// and a payload that reaches an AIX command arrives as a verbatim piece of what was given.
// FUZZ_RUNS cases (CI default below; `npm run fuzz` runs 10,000). Every FUZZ_PROCESS_EVERY-th
// case runs as a real process; the invalid ones among them run in-process too, and both outputs
// must be identical (see harness.ts).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { makeLpar, type Invocation, type Lpar } from '../../harness/lpar';
import { cases, payloads, type Case } from './arbitraries';
import { moduleEnv, runAsProcess, runInProcess, type Outcome } from './harness';

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);
const CASE_TIMEOUT_MS = 20_000;
const PROCESS_EVERY = Number(process.env.FUZZ_PROCESS_EVERY ?? 10);

let lpar: Lpar;
let work: string;
let images: string;
let markers: string;
let marker: string;
const invocationLog = (): string => join(lpar.root, 'var/aix-sim/invocations.jsonl');

beforeAll(() => {
  lpar = makeLpar({ files: 3 });
  work = mkdtempSync(join(tmpdir(), 'fuzz-'));
  images = join(work, 'images');
  markers = join(work, 'markers');
  mkdirSync(images);
  mkdirSync(markers);
  marker = join(markers, `PWNED-${process.pid}`);
});
afterAll(() => {
  lpar.cleanup();
  rmSync(work, { recursive: true, force: true });
});

function logSize(): number {
  return existsSync(invocationLog()) ? statSync(invocationLog()).size : 0;
}

/** Invocations logged since byte `from` (start and end records both name the argv). */
function invocationsSince(from: number): Invocation[] {
  if (!existsSync(invocationLog())) return [];
  return readFileSync(invocationLog()).subarray(from).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Invocation);
}

/** Every string anywhere in the arguments (keys too), as the module may have received it. */
function givenStrings(c: Case): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) {
      out.push(k);
      walk(x);
    }
  };
  walk(c.args);
  if (c.raw !== undefined) out.push(c.raw);
  return out;
}

// The module's flags tokenizer removes quotes and backslashes as a shell would (without running one).
const unquoted = (s: string): string => s.replace(/["'\\]/g, '');

function document(o: Outcome): Record<string, unknown> {
  expect(o.signal).toBeNull();
  expect([0, 1]).toContain(o.rc);
  expect(o.stdout.endsWith('\n')).toBe(true);
  expect(o.stdout.slice(0, -1)).not.toContain('\n');
  const doc: unknown = JSON.parse(o.stdout);
  expect(doc !== null && typeof doc === 'object' && !Array.isArray(doc)).toBe(true);
  const result = doc as Record<string, unknown>;
  expect(typeof result.changed).toBe('boolean');
  expect(result.failed === true).toBe(o.rc === 1);
  if (result.failed) expect(typeof result.msg === 'string' && result.msg.length > 0).toBe(true);
  expect(typeof result.msg === 'string' ? result.msg : '').not.toMatch(/^Internal error in the module/);
  return result;
}

/** A shell runs in the module's working directory: the markers directory for a process, this one in-process. */
function noMarker(): void {
  expect(readdirSync(markers)).toEqual([]);
  expect(existsSync(basename(marker))).toBe(false);
}

let seen = { total: 0, processes: 0, invalid: 0, reachedAix: 0, changed: 0 };

async function check(c: Case, index: number): Promise<void> {
  const argsFile = join(work, 'args.json');
  writeFileSync(argsFile, c.raw ?? JSON.stringify(c.args));
  const env = moduleEnv(lpar.root);
  const before = logSize();
  const asProcess = index % PROCESS_EVERY === 0;
  const outcome = asProcess ? await runAsProcess(argsFile, env, CASE_TIMEOUT_MS, markers) : await runInProcess(argsFile, env, CASE_TIMEOUT_MS);
  const result = document(outcome);
  const ran = invocationsSince(before);

  seen.total++;
  if (asProcess) seen.processes++;
  if (ran.length > 0) seen.reachedAix++;
  if (result.changed) seen.changed++;
  if (c.invalid !== null) {
    seen.invalid++;
    expect(result.failed, `${c.invalid}: ${String(result.msg)}`).toBe(true);
    expect(ran.map((i) => i.cmd), c.invalid).toEqual([]);
    if (asProcess) {
      const inProcess = await runInProcess(argsFile, env);
      expect(inProcess.stdout).toBe(outcome.stdout);
      expect(inProcess.rc).toBe(outcome.rc);
    }
  }
  noMarker();
  const given = givenStrings(c).map(unquoted);
  for (const inv of ran) {
    for (const arg of inv.argv) {
      for (const around of markerContexts(unquoted(arg))) {
        expect(given.some((g) => g.includes(around)), `${inv.cmd} got ${JSON.stringify(arg)}`).toBe(true);
      }
    }
  }
}

/**
 * The text around each marker name in an argument. The module adds to what it was given (the
 * temporary name of an image) and splits flags, but what stands next to a payload must be what
 * was given: a shell would have replaced `$(touch NAME)` by nothing.
 */
function markerContexts(arg: string): string[] {
  const name = basename(marker);
  const out: string[] = [];
  for (let i = arg.indexOf(name); i >= 0; i = arg.indexOf(name, i + 1)) out.push(arg.slice(Math.max(0, i - 2), i + name.length + 1));
  return out;
}

describe('fuzzing the backup module', () => {
  it(`${RUNS} generated argument sets: one JSON document, exit 0 or 1, no command on invalid input, no shell`, async () => {
    let index = 0;
    const started = Date.now();
    seen = { total: 0, processes: 0, invalid: 0, reachedAix: 0, changed: 0 };
    const details = await fc.check(
      fc.asyncProperty(cases(images, marker), async (c) => check(c, index++)),
      { numRuns: RUNS, endOnFailure: process.env.FUZZ_SHRINK === undefined, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
    // Cases can hold strings of 300 KB: report the failing one cut short, with how to replay it.
    if (details.failed) {
      const shown = JSON.stringify(details.counterexample).slice(0, 3000);
      throw new Error(`fuzz case failed (FUZZ_SEED=${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}\ncase: ${shown}`);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${JSON.stringify(seen)} in ${seconds} s`);
    // The mix must keep reaching the simulator, or "no shell" would only be tested on refusals.
    if (RUNS >= 1000) expect(seen.reachedAix).toBeGreaterThan(RUNS / 100);
  }, 3_600_000);

  it('payloads in location, name, flags and disk reach AIX commands verbatim and are never run', async () => {
    const [sub, tick, semi] = payloads(marker, basename(marker));
    const location = join(images, `img ${sub} ${tick} ${semi}`);
    const run = (args: Record<string, unknown>): Promise<Outcome> => runAsProcess(argsFileOf(args), moduleEnv(lpar.root), CASE_TIMEOUT_MS, markers);
    const made = document(await run({ action: 'create', type: 'savevg', name: 'datavg', location, lock_timeout: 0 }));
    expect(made.changed, String(made.msg)).toBe(true);
    expect(existsSync(location)).toBe(true);
    const savevg = lpar.invocations().filter((i) => i.cmd === 'savevg').pop()!;
    expect(savevg.argv.some((a) => a.startsWith(join(images, `.img ${sub} ${tick} ${semi}.partial-`)))).toBe(true);

    for (const args of [
      { action: 'view', location },
      { action: 'create', type: 'savevg', name: `datavg${semi}`, location: join(images, 'n.img'), lock_timeout: 0 },
      { action: 'create', type: 'mksysb', location: join(images, 'f.img'), flags: `-x '${sub}'`, lock_timeout: 0 },
      { action: 'restore', type: 'mksysb', location, disk: [`hdisk2${sub}`], lock_timeout: 0 },
    ]) document(await run(args));
    noMarker();
  });
});

function argsFileOf(args: Record<string, unknown>): string {
  const file = join(work, `args-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(args));
  return file;
}
