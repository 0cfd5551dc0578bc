// The promises of DESIGN.md "Safety rules", as assertions shared by the fault matrix: the last
// good image survives byte for byte and still verifies, nothing is left beside it, no disk or VG
// changed, and a failure is one JSON document naming its cause.
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { expect } from 'vitest';
import type { Bench } from '../helpers/backup';
import type { ModuleRun } from '../helpers/module';
import { partialsOf } from '../../lib/create/write-image';

export interface Snapshot {
  location: string;
  image: Buffer;
  /** The simulated LPAR's disks, VGs, LVs and bootlist, as bytes. */
  lpar: Buffer;
}

const statePath = (b: Bench): string => join(b.lpar.root, 'var/aix-sim/state.json');

/** Makes a good image at `location` with the module and records what must survive. */
export async function goodImage(b: Bench, args: Record<string, unknown>): Promise<Snapshot> {
  const made = await b.backup({ action: 'create', ...args });
  expect(made.result.changed, made.result.msg).toBe(true);
  const location = String(args.location);
  return { location, image: readFileSync(location), lpar: readFileSync(statePath(b)) };
}

/** Takes the LPAR snapshot again, e.g. after setting a fault (faults are part of the state). */
export function retake(b: Bench, s: Snapshot): Snapshot {
  return { ...s, lpar: readFileSync(statePath(b)) };
}

/** Exactly one JSON document on stdout, exit code 1, failed, and a message matching the cause. */
export function failedWith(run: ModuleRun, cause: RegExp): void {
  expect(run.stdout.trim().split('\n')).toHaveLength(1);
  expect(JSON.parse(run.stdout)).toEqual(run.result);
  expect(run.rc).toBe(1);
  expect(run.result.failed).toBe(true);
  expect(run.result.changed).toBe(false);
  expect(String(run.result.msg)).toMatch(cause);
  // A fault of the matrix is a condition the admin can fix, never a bug of the module.
  expect(String(run.result.msg)).not.toMatch(/Internal error/);
}

/** The old image is the same bytes, and both the simulator and the module (from scratch) read it whole. */
export async function oldImageSurvives(b: Bench, s: Snapshot): Promise<void> {
  expect(readFileSync(s.location).equals(s.image), `${s.location} changed`).toBe(true);
  expect(b.lpar.run('listvgbackup', ['-f', s.location]).rc).toBe(0);
  // Forget what the module recorded, so view proves the image by reading it in full.
  rmSync(join(b.lpar.root, 'var/powerops/images'), { recursive: true, force: true });
  const view = await b.backup({ action: 'view', location: s.location });
  expect(view.result.failed, view.result.msg).toBeUndefined();
}

export function disksUnchanged(b: Bench, s: Snapshot): void {
  expect(readFileSync(statePath(b)).equals(s.lpar), 'the LPAR state changed').toBe(true);
}

/** Temporary images and locks of `location` still in its directory. */
export function leftovers(location: string): string[] {
  const name = basename(location);
  return readdirSync(dirname(location)).filter((f) => f.startsWith(`.${name}.partial-`) || f.startsWith(`${name}.lock`));
}

/** A temporary image of `location` being written, if any (the module's own rule for its name). */
export function partialOf(location: string): string | undefined {
  return readdirSync(dirname(location)).find(partialsOf(location));
}

export async function until(what: string, cond: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
