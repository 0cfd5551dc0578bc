// Fault injection, the invocation log, and state updates from concurrent commands.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLpar, type Invocation, type Lpar } from '../../harness/lpar';
import { until } from '../safety/invariants';

let lpar: Lpar;
let dir: string;
beforeEach(() => {
  lpar = makeLpar();
  dir = mkdtempSync(join(tmpdir(), 'aix-img-'));
});
afterEach(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Most runs of `cmd` alive at the same moment, from the start/end records. */
function maxOverlap(runs: Invocation[]): number {
  const events = runs.flatMap((r): [number, number][] => [
    [r.start, 1],
    [r.end ?? Infinity, -1],
  ]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (now += d));
  return max;
}

describe('faults', () => {
  it('fail: message on the chosen stream and rc; --times 1 fires once', () => {
    lpar.sim(['fault', 'set', '--cmd', 'lsvg', '--kind', 'fail', '--rc', '7', '--message', 'boom', '--stream', 'stdout', '--times', '1']);
    expect(lpar.run('lsvg')).toMatchObject({ rc: 7, stdout: 'boom\n', stderr: '' });
    expect(lpar.run('lsvg')).toMatchObject({ rc: 0, stdout: 'rootvg\ndatavg\n' });
    lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fail', '--rc', '3', '--message', '0512-005 mksysb: Backup Completed.']);
    for (let i = 0; i < 2; i++) expect(lpar.run('mksysb', [join(dir, 'x')])).toMatchObject({ rc: 3, stderr: '0512-005 mksysb: Backup Completed.\n' });
    expect(existsSync(join(dir, 'x'))).toBe(false);
    expect(JSON.parse(lpar.sim(['fault', 'list']).split('\n')[1] ?? '')).toMatchObject({ cmd: 'mksysb', remaining: null });
    lpar.sim(['fault', 'clear', '--cmd', 'mksysb']);
    expect(lpar.run('mksysb', [join(dir, 'x')]).rc).toBe(0);
  });

  it('kill: the writer dies by SIGKILL after N bytes, leaving a short file a full read rejects', () => {
    lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'kill', '--after-bytes', '50000']);
    const img = join(dir, 'killed');
    const r = lpar.run('mksysb', [img]);
    expect(r.signal).toBe('SIGKILL');
    expect(statSync(img).size).toBe(50000);
    expect(r.stdout).not.toContain('0512-038');
    const run = lpar.invocations().find((i) => i.cmd === 'mksysb')!;
    expect(run).toMatchObject({ rc: 137, signal: 'SIGKILL', mutates: true });
    const list = lpar.run('lsmksysb', ['-f', img]);
    expect(list.rc).not.toBe(0);
    expect(list.stderr).toMatch(/truncated/);
  });

  it('fs-full: writing stops after N bytes, write error on stderr, 0512-005 on stdout, rc 3', () => {
    lpar.sim(['fault', 'set', '--cmd', 'savevg', '--kind', 'fs-full', '--after-bytes', '4096', '--times', '1']);
    const img = join(dir, 'full');
    const r = lpar.run('savevg', ['-f', img, 'datavg']);
    expect(r.rc).toBe(3);
    expect(r.stderr).toContain('There is not enough space in the file system.');
    expect(r.stdout).toContain('0512-005 savevg: Backup Completed.\n\tThe backup command completed with errors.');
    expect(statSync(img).size).toBe(4096);
    expect(lpar.run('lssavevg', ['-f', img]).rc).not.toBe(0);
    expect(lpar.run('savevg', ['-f', img, 'datavg']).rc).toBe(0);
  });

  it('early-stop: the image stops at N bytes, rc 0, no 0512 message; a full read rejects it', () => {
    lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'early-stop', '--after-bytes', '20000', '--times', '1']);
    const img = join(dir, 'early');
    const r = lpar.run('mksysb', [img]);
    expect(r.rc).toBe(0);
    expect(r.stdout).not.toMatch(/0512-\d{3}/);
    expect(statSync(img).size).toBe(20000);
    expect(lpar.run('lsmksysb', ['-f', img]).stderr).toMatch(/truncated/);
    expect(lpar.run('mksysb', [img]).stdout).toContain('0512-038');
  });

  it('note: an informational message on the chosen stream, then the command runs as usual', () => {
    lpar.sim(['fault', 'set', '--cmd', 'lsvg', '--kind', 'note', '--message', '0516-1164 chvg: Volume group rootvg changed.', '--times', '1']);
    expect(lpar.run('lsvg')).toMatchObject({ rc: 0, stdout: 'rootvg\ndatavg\n', stderr: '0516-1164 chvg: Volume group rootvg changed.\n' });
    expect(lpar.run('lsvg').stderr).toBe('');
    expect(() => lpar.sim(['fault', 'set', '--cmd', 'lsvg', '--kind', 'note'])).toThrow(/note needs --message/);
  });

  it('slow: ten mksysb at once overlap in the invocation log and each lasts the given time', async () => {
    lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '1500']);
    const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => lpar.runAsync('mksysb', [join(dir, `m${i}`)])));
    expect(rs.every((r) => r.rc === 0 && r.stdout.includes('0512-038'))).toBe(true);
    const runs = lpar.invocations().filter((i) => i.cmd === 'mksysb');
    expect(runs).toHaveLength(10);
    for (const r of runs) expect(r.end! - r.start).toBeGreaterThanOrEqual(1500);
    expect(maxOverlap(runs)).toBeGreaterThan(1);
    for (let i = 0; i < 10; i++) expect(lpar.run('lsmksysb', ['-f', join(dir, `m${i}`)]).rc).toBe(0);
  });

  it('a running command shows as a start record without end', async () => {
    lpar.sim(['fault', 'set', '--cmd', 'lspv', '--kind', 'slow', '--ms', '1500']);
    const pending = lpar.runAsync('lspv');
    // Polled rather than waited for: the start record is written as the command starts.
    await until('the start record of lspv', () => lpar.invocations().some((i) => i.cmd === 'lspv'));
    expect(lpar.invocations().find((i) => i.cmd === 'lspv')).toMatchObject({ end: null, rc: null, mutates: false });
    expect((await pending).rc).toBe(0);
    expect(lpar.invocations().find((i) => i.cmd === 'lspv')!.rc).toBe(0);
  });
});

describe('concurrent state updates', () => {
  it('lose no update when many writers run at once', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `/data1/locked${i}`);
    const sim = join(__dirname, '../../dist/sim/aix-sim.js');
    const { spawn } = await import('node:child_process');
    await Promise.all(
      paths.map(
        (p) =>
          new Promise<void>((resolve, reject) => {
            const c = spawn(process.execPath, [sim, 'unreadable', '--root', lpar.root, p]);
            c.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`rc ${code}`))));
          }),
      ),
    );
    const fs = lpar.state().vgs[1]?.lvs.find((lv) => lv.mount === '/data1')?.fs;
    expect([...(fs?.unreadable ?? [])].sort()).toEqual([...paths].sort());
  });

  it('mksysb runs alongside lspv and bootlist changes; the state stays valid JSON throughout', async () => {
    const jobs = [
      ...Array.from({ length: 5 }, (_, i) => lpar.runAsync('mksysb', [join(dir, `c${i}`)])),
      ...Array.from({ length: 5 }, () => lpar.runAsync('lspv')),
      lpar.runAsync('bootlist', ['-m', 'normal', 'hdisk0', 'hdisk3']),
    ];
    const rs = await Promise.all(jobs);
    expect(rs.every((r) => r.rc === 0)).toBe(true);
    expect(() => {
      JSON.parse(readFileSync(join(lpar.root, 'var/aix-sim/state.json'), 'utf8'));
    }).not.toThrow();
    expect(lpar.state().bootlist.normal).toEqual(['hdisk0', 'hdisk3']);
  });

  it('takes over a lock left by a dead process', () => {
    // pid 2^22+1 is above Linux's pid_max default, so it is not running.
    const lock = join(lpar.root, 'var/aix-sim/state.lock');
    writeFileSync(lock, String(4194305));
    expect(lpar.run('bootlist', ['-m', 'normal', 'hdisk2']).rc).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });
});
