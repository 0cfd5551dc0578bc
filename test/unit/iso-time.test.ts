// isoTime stands in for Date.prototype.toISOString in every record, lock and log line: it must
// give the same text for every time a Date can hold, and refuse an invalid one the same way.
import fc from 'fast-check';
import { transformSync } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../../lib/iso-time';
import { makeBench } from '../helpers/backup';
import { runModule } from '../helpers/module';

const MAX_MS = 8.64e15;

describe('isoTime', () => {
  it('gives toISOString\'s text for any time a Date can hold', () => {
    const ms = fc.oneof(fc.integer({ min: -MAX_MS, max: MAX_MS }), fc.integer({ min: -62198755200000, max: 253402300799999 }), fc.constantFrom(0, -1, MAX_MS, -MAX_MS, -62167219200000, -62167219200001, 253402300799999, 253402300800000));
    fc.assert(fc.property(ms, (t) => isoTime(new Date(t)) === new Date(t).toISOString()), { numRuns: 20000 });
  });

  it('says now when given nothing', () => {
    const before = Date.now();
    const now = Date.parse(isoTime());
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('refuses an invalid time as toISOString does', () => {
    expect(() => new Date(NaN).toISOString()).toThrow(RangeError);
    expect(() => isoTime(new Date(NaN))).toThrow(RangeError);
  });

  it('never makes Node.js read the local time zone', () => {
    // TZ names a FIFO: whatever opens the zone file blocks there until the timeout kills it.
    // toISOString blocks (so the probe can fail); isoTime must not.
    const dir = mkdtempSync(join(tmpdir(), 'iso-time-'));
    try {
      const fifo = join(dir, 'zone');
      execFileSync('mkfifo', [fifo]);
      const lib = join(dir, 'iso-time.js');
      writeFileSync(lib, transformSync(readFileSync(join(__dirname, '../../lib/iso-time.ts'), 'utf8'), { loader: 'ts', format: 'cjs' }).code);
      // The run that must answer gets room for a loaded machine; the one that must block, 3 s.
      const run = (expr: string, timeout: number): string =>
        execFileSync(process.execPath, ['-e', `const { isoTime } = require(${JSON.stringify(lib)}); process.stdout.write(${expr})`], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH, TZ: `:${fifo}` },
          timeout,
          killSignal: 'SIGKILL',
        });
      expect(run('isoTime(new Date(0))', 20_000)).toBe('1970-01-01T00:00:00.000Z');
      expect(() => run('new Date(0).toISOString()', 3000)).toThrow(/ETIMEDOUT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the built module', () => {
  it('answers a no-op without reading the local time zone', async () => {
    const b = makeBench();
    try {
      const args = { action: 'create', type: 'mksysb', location: join(b.dir, 'nightly.mksysb') };
      expect((await b.backup(args)).result.changed).toBe(true);
      const fifo = join(b.dir, 'zone');
      execFileSync('mkfifo', [fifo]);
      const commands = b.lpar.invocations().length;
      // Twice: once writing its code cache, once using it, as every later no-op does.
      for (let i = 0; i < 2; i++) {
        const r = await runModule('backup', args, { env: { PATH: process.env.PATH, AIX_ROOT: b.lpar.root, TZ: `:${fifo}` }, bareEnv: true, timeoutMs: 10_000 });
        expect(r.result).toMatchObject({ changed: false });
      }
      expect(b.lpar.invocations()).toHaveLength(commands);
    } finally {
      b.cleanup();
    }
  }, 60_000);
});
