// The simulator's start-up: every simulated AIX command is a Node.js process, so what each one
// loads and compiles before it prints a line is a cost the modules under test never have on AIX.
// Held here: the build's code cache is used (and a stale, damaged or refused one only costs a
// compile), only the runs that may stream gigabytes get a V8 flag (one makes Node.js compile its
// own built-ins from source), and a command loads only its own code (no node:crypto for lsvg,
// df, ulimit).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execaSync } from 'execa';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLpar, SIM, type Lpar } from '../../harness/lpar';
import { AS_PRINTED_SYNC } from '../../harness/processes';
import { SMALL_IMAGE_BYTES } from '../../sim/install';

const DIST_SIM = join(SIM, '..');
let lpar: Lpar;
let dir: string;
beforeAll(() => {
  lpar = makeLpar();
  dir = mkdtempSync(join(tmpdir(), 'sim-startup-'));
});
afterAll(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the built simulator in its own directory, so its cache can be spoilt. */
function simCopy(name: string): string {
  const to = mkdtempSync(join(dir, `${name}-`));
  for (const f of ['aix-sim.js', 'aix-sim-code.js', 'aix-sim.cache', 'aix-sim.cache---max-semi-space-size=2']) copyFileSync(join(DIST_SIM, f), join(to, f));
  return to;
}

const env = { LANG: 'C', LC_ALL: 'C', NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: '' };
const cacheStatus = (sim: string, flags: string[] = []): string =>
  execaSync(process.execPath, [...flags, join(sim, 'aix-sim.js'), '--code-cache-status'], { ...AS_PRINTED_SYNC, env }).stdout.trim();
const lsvgWith = (sim: string): { rc: number | undefined; stdout: string } => {
  const r = execaSync(process.execPath, [join(sim, 'aix-sim.js'), '--root', lpar.root, 'lsvg', '-o'], { ...AS_PRINTED_SYNC, env });
  return { rc: r.exitCode, stdout: r.stdout };
};

describe('code cache', () => {
  it('the build made one that this Node.js uses, with no flag and with the streaming commands\' flag', () => {
    expect(cacheStatus(DIST_SIM)).toBe('used');
    expect(cacheStatus(DIST_SIM, ['--max-semi-space-size=2'])).toBe('used');
    expect(cacheStatus(DIST_SIM, ['--max-old-space-size=300'])).toBe('missing');
  });

  it('a cache made from other code, a damaged one or one V8 refuses costs a compile, never a wrong run', () => {
    const stale = simCopy('stale');
    // Same length, one byte of the code's copy changed: the copy no longer equals the code.
    const cache = readFileSync(join(stale, 'aix-sim.cache'));
    const at = cache.indexOf('lsvg');
    cache[at] = 'L'.charCodeAt(0);
    writeFileSync(join(stale, 'aix-sim.cache'), cache);
    expect(cacheStatus(stale)).toBe('stale');
    const torn = simCopy('torn');
    writeFileSync(join(torn, 'aix-sim.cache'), readFileSync(join(torn, 'aix-sim.cache')).subarray(0, 4000));
    expect(cacheStatus(torn)).toBe('stale');
    const none = simCopy('none');
    rmSync(join(none, 'aix-sim.cache'));
    expect(cacheStatus(none)).toBe('missing');
    // Data made without a flag, under the name for it: V8 refuses it.
    const refused = simCopy('flags');
    copyFileSync(join(refused, 'aix-sim.cache'), join(refused, 'aix-sim.cache---max-old-space-size=300'));
    expect(cacheStatus(refused, ['--max-old-space-size=300'])).toBe('refused');
    const good = lsvgWith(DIST_SIM);
    expect(good).toEqual({ rc: 0, stdout: 'rootvg\ndatavg\n' });
    for (const sim of [stale, torn, none]) expect(lsvgWith(sim)).toEqual(good);
  });
});

describe('command start-up', () => {
  it('a run gets a V8 flag (the young generation\'s cap) only when it may stream gigabytes', () => {
    const probe = join(dir, 'flags.js');
    const log = join(dir, 'flags.log');
    writeFileSync(
      probe,
      `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(log)}, process.argv.slice(4).join(' ') + ': ' + process.execArgv.join(' ') + '\\n'));\n`,
    );
    const img = join(dir, 'flags-img');
    const big = join(dir, 'flags-big');
    const link = join(dir, 'flags-link');
    const run = (cmd: string, args: string[]): void => {
      const r = lpar.run(cmd, args, { env: { NODE_OPTIONS: `--require ${probe}` } });
      expect(r.rc, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    const runs: Array<[string, string[]]> = [
      ['lsvg', ['-l', 'rootvg']],
      ['df', ['-P', '-k', '/tmp']],
      ['ulimit', ['-f']],
      ['mksysb', ['-i', '-X', img]],
      ['mksysb', ['-v', '-i', img]],
      ['mksysb', ['-iv', img]],
      ['listvgbackup', ['-l', '-f', img]],
      ['lsmksysb', ['-lf', img]],
      ['listvgbackup', ['-f', img]],
      ['lsmksysb', ['-f', img]],
      ['listvgbackup', ['-a', '-f', img]],
      ['listvgbackup', ['-f', link]],
      ['restvg', ['-l', '-f', img]],
    ];
    symlinkSync(img, link);
    for (const [cmd, args] of runs) run(cmd, args);
    // An image at or above SMALL_IMAGE_BYTES: its listing keeps the cap.
    lpar.sim(['files', '--vg', 'rootvg', '6000']);
    run('mksysb', ['-i', big]);
    expect(statSync(big).size).toBeGreaterThanOrEqual(SMALL_IMAGE_BYTES);
    expect(statSync(img).size).toBeLessThan(SMALL_IMAGE_BYTES);
    run('listvgbackup', ['-f', big]);
    run('lsmksysb', ['-f', big]);
    const cap = '--max-semi-space-size=2';
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([
      'lsvg -l rootvg: ',
      'df -P -k /tmp: ',
      'ulimit -f: ',
      `mksysb -i -X ${img}: `,
      `mksysb -v -i ${img}: ${cap}`,
      `mksysb -iv ${img}: ${cap}`,
      `listvgbackup -l -f ${img}: `,
      `lsmksysb -lf ${img}: `,
      // The module's read-back of an image it made: one small image named by -f alone.
      `listvgbackup -f ${img}: `,
      `lsmksysb -f ${img}: `,
      // Any other form of a listing keeps the cap; a symlink to a small image is sized by its target.
      `listvgbackup -a -f ${img}: ${cap}`,
      `listvgbackup -f ${link}: `,
      `restvg -l -f ${img}: ${cap}`,
      `mksysb -i ${big}: `,
      `listvgbackup -f ${big}: ${cap}`,
      `lsmksysb -f ${big}: ${cap}`,
    ]);
  });

  it('a listing whose image cannot be sized keeps the cap, and prints what it printed before', () => {
    const probe = join(dir, 'unsized.js');
    const log = join(dir, 'unsized.log');
    writeFileSync(
      probe,
      `process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(log)}, process.argv.slice(4).join(' ') + ': ' + process.execArgv.join(' ') + '\\n'));\n`,
    );
    const missing = join(dir, 'no-such-image');
    const asDir = mkdtempSync(join(dir, 'a-dir-'));
    const outputs = [missing, asDir, '/dev/rmt0'].map((operand) => {
      const r = lpar.run('listvgbackup', ['-f', operand], { env: { NODE_OPTIONS: `--require ${probe}` } });
      return { rc: r.rc, stdout: r.stdout };
    });
    const cap = '--max-semi-space-size=2';
    expect(readFileSync(log, 'utf8').split('\n').filter(Boolean)).toEqual([`listvgbackup -f ${missing}: ${cap}`, `listvgbackup -f ${asDir}: ${cap}`, `listvgbackup -f /dev/rmt0: ${cap}`]);
    // A missing image is still 0512-054 on stdout, rc 1, whatever the wrapper decided.
    expect(outputs[0]).toEqual({ rc: 1, stdout: `0512-054 listvgbackup: File ${missing} does not exist or is empty.\n` });
  });

  it('read-only commands load neither node:crypto nor node:v8; the image commands load node:crypto only', () => {
    const probe = join(dir, 'probe.js');
    const log = join(dir, 'modules.log');
    writeFileSync(
      probe,
      `process.on('exit', () => { const l = process.moduleLoadList; require('fs').appendFileSync(${JSON.stringify(log)}, process.argv.slice(4).join(' ') + ': ' + ['crypto', 'v8'].filter((m) => l.includes('NativeModule ' + m)).join(',') + '\\n'); });\n`,
    );
    const img = join(dir, 'img');
    const run = (cmd: string, args: string[]): void => {
      const r = lpar.run(cmd, args, { env: { NODE_OPTIONS: `--require ${probe}` } });
      expect(r.rc, `${cmd} ${args.join(' ')}: ${r.stderr}`).toBe(0);
    };
    run('lsvg', ['-l', 'rootvg']);
    run('df', ['-P', '-k', '/tmp']);
    run('ulimit', ['-f']);
    run('mksysb', ['-i', img]);
    run('listvgbackup', ['-l', '-f', img]);
    run('listvgbackup', ['-f', img]);
    // node:v8 comes with the first collection of a run that handles 4 MB (sim/heap.ts).
    expect(readFileSync(log, 'utf8')).toBe(
      ['lsvg -l rootvg: ', 'df -P -k /tmp: ', 'ulimit -f: ', `mksysb -i ${img}: crypto`, `listvgbackup -l -f ${img}: `, `listvgbackup -f ${img}: crypto`, ''].join('\n'),
    );
  });
});
