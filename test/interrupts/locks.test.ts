// Locks that cannot be wedged: whatever sits at a lock path (a FIFO, a directory, a link, a file
// of another user, a lock naming a live pid that is not the run that wrote it) costs a clear
// refusal at once or a takeover, never a hang and never a write through it.
import { chmodSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBench, type Bench } from '../helpers/backup';
import { parseEtime, processStart, psStart, sameStart } from '../../lib/image/process-start';
import { nothingBeside } from './helpers';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

describe('locks that cannot be wedged', () => {
  const cases: [string, (path: string) => void, RegExp][] = [
    ['a FIFO', (p) => execFileSync('mkfifo', [p]), /is a FIFO, not a lock file this module made; nothing was run\. Remove it/],
    ['a directory', (p) => mkdirSync(p), /is a directory, not a lock file this module made/],
    ['a symbolic link', (p) => symlinkSync('/etc/passwd', p), /is a symbolic link, not a lock file this module made/],
    ['a dangling symbolic link', (p) => symlinkSync('/nonexistent/x', p), /is a symbolic link, not a lock file this module made/],
  ];
  it.each(cases)('%s at the lock path is refused at once, never a hang', async (_what, plant, cause) => {
    const location = join(b.dir, 'rootvg.img');
    plant(`${location}.lock`);
    const started = Date.now();
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 60 });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.result.failed).toBe(true);
    expect(String(r.result.msg)).toMatch(cause);
    expect(b.mutating()).toEqual([]);
    expect(readFileSync('/etc/passwd', 'utf8')).toMatch(/^root:/);
    expect(lstatSync(`${location}.lock`)).toBeDefined();
  });

  it('a no-op beside a FIFO at the lock path says so in a warning, and changes nothing', async () => {
    const location = join(b.dir, 'rootvg.img');
    expect((await b.backup({ action: 'create', type: 'mksysb', location })).result.changed).toBe(true);
    execFileSync('mkfifo', [`${location}.lock`]);
    const r = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(r.result).toMatchObject({ changed: false, rc: 0 });
    expect(((r.result.warnings ?? []) as string[]).some((w) => w.includes(`${location}.lock is a FIFO, not a lock file this module made`))).toBe(true);
  });

  it('a lock naming a live pid whose start time differs (a reused pid) is taken over', async () => {
    const location = join(b.dir, 'rootvg.img');
    const planted = { host: hostname(), pid: process.pid, start: 'proc:1:1', since: '2020-01-01T00:00:00Z', token: 'planted' };
    writeFileSync(`${location}.lock`, JSON.stringify(planted), { mode: 0o600 });
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 5 });
    expect(r.result.changed, r.result.msg).toBe(true);
    expect(String(r.result.msg)).toContain(`took over the lock left by process ${process.pid}, which is gone`);
    nothingBeside(location);
  });

  it('a lock of another machine with the same host name (a clone) is never taken for stale here', async () => {
    const location = join(b.dir, 'rootvg.img');
    const planted = { host: hostname(), machine: 'another-machine', pid: 2 ** 22 + 999, start: 'proc:1:1', since: '2020-01-01T00:00:00Z', token: 'clone' };
    writeFileSync(`${location}.lock`, JSON.stringify(planted), { mode: 0o600 });
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 1 });
    expect(r.result.failed).toBe(true);
    expect(String(r.result.msg)).toContain(`is locked by process ${2 ** 22 + 999} on ${hostname()} (another machine of that name, ID another-machine) since 2020-01-01T00:00:00Z`);
    expect(b.mutating()).toEqual([]);
  });

  it('a lock file owned by another user is refused, naming its owner', async () => {
    const location = join(b.dir, 'rootvg.img');
    writeFileSync(`${location}.lock`, '{}');
    chmodSync(`${location}.lock`, 0o600);
    execFileSync('chown', ['65534:65534', `${location}.lock`]);
    const r = await b.backup({ action: 'create', type: 'mksysb', location, lock_timeout: 60 });
    expect(String(r.result.msg)).toMatch(/is a file owned by uid 65534, not a lock file this module made/);
    expect(b.mutating()).toEqual([]);
  });
});

describe('process start times', () => {
  it('/proc (what this machine has) tells a process by pid and start; a dead pid has none', () => {
    const mine = processStart(process.pid);
    expect(mine).toMatch(/^proc:\d+:\d+$/);
    expect(processStart(process.pid)).toBe(mine);
    expect(processStart(2 ** 22 + 12345)).toBeNull();
  });

  it('the portable reading (POSIX ps -o etime, used where /proc has no stat files, as on AIX) agrees with itself and with the clock', () => {
    const a = psStart(process.pid);
    expect(a).toMatch(/^ps:\d+$/);
    const startSec = Number(String(a).slice(3));
    const upSec = process.uptime();
    expect(Math.abs(Date.now() / 1000 - upSec - startSec)).toBeLessThan(3);
    expect(sameStart(String(a), `ps:${startSec + 1}`)).toBe(true);
    expect(sameStart(String(a), `ps:${startSec + 60}`)).toBe(false);
    expect(sameStart(String(a), String(processStart(process.pid)))).toBe(false);
    expect(psStart(2 ** 22 + 12345)).toBeNull();
    expect(parseEtime('1-02:03:04')).toBe(93784);
    expect(parseEtime('03:04')).toBe(184);
    expect(parseEtime('02:03:04')).toBe(7384);
    expect(parseEtime('x')).toBeNull();
  });
});
