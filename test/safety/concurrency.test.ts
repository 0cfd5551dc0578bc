// Ten runs at once on one location (safety rule 3): one writes, the others wait for its lock and
// then find its image, or give up on the lock saying who holds it; never two writers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import type { ModuleRun } from '../helpers/module';
import { leftovers } from './invariants';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

async function tenAtOnce(args: Record<string, unknown>): Promise<ModuleRun[]> {
  // Slow enough that every run starts while the first one still writes.
  b.lpar.sim(['fault', 'set', '--cmd', 'savevg', '--kind', 'slow', '--ms', '3000']);
  return Promise.all(Array.from({ length: 10 }, () => b.backup({ action: 'create', type: 'savevg', name: 'datavg', ...args })));
}

function oneWriterOneImage(runs: ModuleRun[], location: string): void {
  for (const r of runs) {
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect([0, 1]).toContain(r.rc);
  }
  expect(runs.filter((r) => r.result.changed === true)).toHaveLength(1);
  expect(b.lpar.invocations().filter((i) => i.cmd === 'savevg')).toHaveLength(1);
  expect(leftovers(location)).toEqual([]);
  expect(b.files()).toEqual(['datavg.img']);
  expect(b.lpar.run('listvgbackup', ['-f', location]).rc).toBe(0);
}

describe('ten runs at once on one location', () => {
  it('waiting for the lock: one makes the image, nine find it made', async () => {
    const location = join(b.dir, 'datavg.img');
    const runs = await tenAtOnce({ location });
    oneWriterOneImage(runs, location);
    const others = runs.filter((r) => r.result.changed !== true);
    for (const r of others) {
      expect(r.result.failed, r.result.msg).toBeUndefined();
      expect(r.result.msg).toMatch(/^A complete savevg image of datavg is at /);
    }
    expect(others.some((r) => /\(waited \d+ s for another run on this location\)$/.test(String(r.result.msg)))).toBe(true);
  });

  it('lock_timeout 0: one makes the image, the others find it or fail naming the lock holder', async () => {
    const location = join(b.dir, 'datavg.img');
    const runs = await tenAtOnce({ location, lock_timeout: 0 });
    oneWriterOneImage(runs, location);
    const writer = runs.find((r) => r.result.changed === true)!;
    const refused = runs.filter((r) => r.result.failed === true);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(r.rc).toBe(1);
      expect(r.result.msg).toMatch(new RegExp(`^location is locked by process \\d+ on \\S+ since \\S+ \\(${location}\\.lock\\); waited 0 s`));
    }
    for (const r of runs.filter((x) => x !== writer && x.result.failed !== true)) expect(r.result.changed).toBe(false);
  });
});

describe('a lock left by a killed run', () => {
  it('an empty lock file (killed while creating it) is taken over once it is old enough', async () => {
    const location = join(b.dir, 'datavg.img');
    writeFileSync(`${location}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${location}.lock`, old, old);
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location, lock_timeout: 0 });
    expect(r.result.changed, r.result.msg).toBe(true);
    expect(leftovers(location)).toEqual([]);
  });

  it('a fresh empty lock file is a live run creating it: the run waits, then names the lock', async () => {
    const location = join(b.dir, 'datavg.img');
    writeFileSync(`${location}.lock`, '');
    // Dated a minute ahead, it stays fresh however slowly this run reaches its lock.
    const ahead = new Date(Date.now() + 60_000);
    utimesSync(`${location}.lock`, ahead, ahead);
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location, lock_timeout: 1 });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^location is locked by another run \(.*datavg\.img\.lock\); waited 1 s/);
    expect(b.mutating()).toEqual([]);
  });
});
