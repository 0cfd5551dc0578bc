// Verbose output at scale: names are generated lazily and streamed with back-pressure, so a
// million-file listing runs in a small, fixed heap.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeLpar, SIM, type Lpar } from '../../harness/lpar';

let lpar: Lpar;
let dir: string;
beforeAll(() => {
  lpar = makeLpar();
  dir = mkdtempSync(join(tmpdir(), 'aix-img-'));
});
afterAll(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the simulator with a 48 MB heap and counts stdout lines without keeping them. */
function countLines(args: string[]): Promise<{ rc: number | null; lines: number; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, ['--max-old-space-size=48', SIM, '--root', lpar.root, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    c.stdout.on('data', (b: Buffer) => {
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
      // A slow reader: pause now and then so the writer has to wait for drain.
      if (lines % 50 === 0) {
        c.stdout.pause();
        setTimeout(() => c.stdout.resume(), 1);
      }
    });
    c.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    c.on('close', (rc) => resolve({ rc, lines, stderr }));
  });
}

it('savevg -v lists a million files, and the full listing reads them back', async () => {
  lpar.sim(['files', '--mount', '/data1', '1000000']);
  const img = join(dir, 'big.savevg');
  const v = await countLines(['savevg', '-v', '-f', img, 'datavg']);
  expect(v.stderr).toBe('');
  expect(v.rc).toBe(0);
  // every member, plus the progress and result lines
  expect(v.lines).toBeGreaterThan(1_000_020);
  const l = await countLines(['lssavevg', '-f', img]);
  expect(l.rc).toBe(0);
  expect(l.lines).toBe(1_000_026);
}, 120_000);
