// The host as admins find it at 2 a.m., made for real: a read-only and a full image directory
// (tmpfs mounts), a full and a read-only /var, a run that is not root, a half-installed LPAR
// missing an AIX command, a name too long. Every one answers with one JSON document naming the
// path, the condition and the fix (never "Internal error"), leaves nothing beside the image, and
// a full or read-only /var never stops a backup or a restore.
import { chmodSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBench, type Bench } from '../helpers/backup';
import { runModule } from '../helpers/module';
import { noLiveCommand, noStateLocks, nothingBeside, oneFailure, runAsNobody, tmpfsAt } from './helpers';

let b: Bench;
const mounts: { undo(): void }[] = [];
beforeEach(() => {
  b = makeBench({ files: 3 });
});
afterEach(() => {
  for (const m of mounts.splice(0).reverse()) m.undo();
  b.cleanup();
});

function mounted(dir: string, size: string): ReturnType<typeof tmpfsAt> {
  mkdirSync(dir, { recursive: true });
  const m = tmpfsAt(dir, size);
  mounts.push(m);
  return m;
}

const mksysb = (location: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ action: 'create', type: 'mksysb', location, ...more });

describe('the image directory', () => {
  it('read-only: create fails before any command, naming the file system and the fix; view and a no-op still work', async () => {
    const dir = join(b.dir, 'nfs');
    const fs = mounted(dir, '2m');
    const location = join(dir, 'rootvg.mksysb');
    expect((await b.backup(mksysb(location))).result.changed).toBe(true);
    const old = readFileSync(location);
    fs.readOnly();
    const seen = b.lpar.invocations().length;

    const r = await b.backup(mksysb(location, { force: true }));
    oneFailure(r, new RegExp(`^location: the lock ${location}\\.lock cannot be made: ${dir} is on a read-only file system: remount it read-write .*\\(EROFS, open ${location}\\.lock\\)`));
    expect(b.lpar.invocations().slice(seen).filter((i) => i.mutates)).toEqual([]);
    expect(readFileSync(location).equals(old)).toBe(true);
    nothingBeside(location);
    noStateLocks(b);

    const noop = await b.backup(mksysb(location));
    expect(noop.result).toMatchObject({ changed: false, rc: 0, stdout: '', stderr: '' });
    const view = await b.backup({ action: 'view', location });
    expect(view.result).toMatchObject({ changed: false, rc: 0 });
    expect(String(view.result.stdout)).toMatch(/VOLUME GROUP:\s+rootvg/);
  });

  it('read-only with a stale lock in it: refused at once, never a wait for lock_timeout', async () => {
    const dir = join(b.dir, 'nfs');
    const fs = mounted(dir, '2m');
    const location = join(dir, 'rootvg.mksysb');
    expect((await b.backup(mksysb(location))).result.changed).toBe(true);
    writeFileSync(`${location}.lock`, JSON.stringify({ host: hostname(), pid: 2 ** 22 + 4321, start: 'proc:1:1', since: '2020-01-01T00:00:00Z', token: 'gone' }), { mode: 0o600 });
    fs.readOnly();
    const started = Date.now();
    const r = await b.backup(mksysb(location, { force: true, lock_timeout: 60 }));
    expect(Date.now() - started).toBeLessThan(10_000);
    oneFailure(r, new RegExp(`^location: the stale lock ${location}\\.lock \\(left by process ${2 ** 22 + 4321} on \\S+, which is gone\\) cannot be removed: ${dir} is on a read-only file system`));
    expect(b.mutating().filter((c) => c.startsWith('mksysb'))).toHaveLength(1);
  });

  it('full while mksysb writes: the failure quotes the command, the partial image is removed, the old one kept', async () => {
    const dir = join(b.dir, 'nfs');
    const fs = mounted(dir, '1m');
    const location = join(dir, 'rootvg.mksysb');
    expect((await b.backup(mksysb(location))).result.changed).toBe(true);
    const old = readFileSync(location);
    // Leave room for the lock, not for a second image.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(1024 * 1024 - old.length - 64 * 1024));
    void fs;
    const r = await b.backup(mksysb(location, { force: true }));
    oneFailure(r, new RegExp(`^mksysb failed, ${location} was left as it was: .*(ENOSPC|not enough space|no space)`, 'i'));
    expect(r.result.rc).not.toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['filler', 'rootvg.mksysb']);
    expect(readFileSync(location).equals(old)).toBe(true);
    noLiveCommand(b);
    noStateLocks(b);
  });

  it('full to the last byte: the lock cannot be written, and no empty lock is left', async () => {
    const dir = join(b.dir, 'nfs');
    const fs = mounted(dir, '256k');
    fs.fill();
    const location = join(dir, 'rootvg.mksysb');
    const r = await b.backup(mksysb(location));
    oneFailure(r, new RegExp(`^location: the lock ${location}\\.lock cannot be made: the file system holding ${dir} is full: free space there \\(df -g ${dir}\\)`));
    expect(readdirSync(dir)).toEqual(['filler']);
    expect(b.mutating()).toEqual([]);
  });
});

describe('the state directory (/var) is optional', () => {
  it.each(['full', 'read-only'] as const)('%s: a backup and a restore still succeed, with warnings; nothing is left beside the image', async (how) => {
    const state = join(b.lpar.root, 'var/powerops');
    const fs = mounted(state, '64k');
    if (how === 'full') fs.fill();
    else fs.readOnly();
    const location = join(b.dir, 'datavg.savevg');
    const made = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    expect(made.result.changed, made.result.msg).toBe(true);
    expect(made.result.failed).toBeUndefined();
    const warnings = (made.result.warnings ?? []) as string[];
    expect(warnings.join('\n')).toMatch(new RegExp(`No run log was written: ${state}/log could not be written`));
    expect(warnings.join('\n')).toMatch(new RegExp(`Went on without the lock of datavg: volume group datavg \\(one savevg or restvg at a time\\): the lock ${state}/locks/vg-datavg\\.lock cannot be made: .*(full|read-only)`));
    expect(b.lpar.run('listvgbackup', ['-f', location]).rc).toBe(0);
    nothingBeside(location);

    b.lpar.sim(['exportvg', 'datavg']);
    const restored = await runModule('backup', { action: 'restore', type: 'savevg', location, name: 'hdisk1' }, { env: { AIX_ROOT: b.lpar.root } });
    expect(restored.result.changed, restored.result.msg).toBe(true);
    expect(((restored.result.warnings ?? []) as string[]).join('\n')).toMatch(/Went on without the restore lock/);
    expect(String(restored.result.msg)).not.toMatch(/Internal error/);
  });
});

describe('who runs the module', () => {
  it('not root: a clear message that the module must run as root, before anything runs', () => {
    chmodSync(b.dir, 0o755);
    const location = join(b.dir, 'rootvg.mksysb');
    const before = b.lpar.invocations().length;
    const exit = runAsNobody('backup', mksysb(location), { AIX_ROOT: b.lpar.root });
    oneFailure(exit, /^powerops\.aix\.backup must run as root on the managed host; it runs as uid 65534\..*become: true/);
    expect(readdirSync(b.dir)).toEqual([]);
    expect(b.lpar.invocations().length).toBe(before);
  });

  it('not root, backup_info: a failure naming root and the uid, never "no stale volume group"', () => {
    chmodSync(b.dir, 0o755);
    const location = join(b.dir, 'rootvg.mksysb');
    expect(b.lpar.run('mksysb', ['-i', location]).rc).toBe(0);
    chmodSync(location, 0o644);
    const exit = runAsNobody('backup_info', { paths: [b.dir] }, { AIX_ROOT: b.lpar.root });
    const result = oneFailure(exit, /^powerops\.aix\.backup_info must run as root on the managed host; it runs as uid 65534\./) as { msg: string };
    expect(result.msg).not.toMatch(/no stale/);
  });
});

describe('a half-installed LPAR', () => {
  it('savevg removed: the run names the command and asks whether this is AIX; nothing is left', async () => {
    rmSync(b.lpar.cmdPath('savevg'));
    const location = join(b.dir, 'datavg.savevg');
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location });
    oneFailure(r, new RegExp(`${b.lpar.cmdPath('savevg')} not found: is this an AIX LPAR\\?`));
    nothingBeside(location);
    noStateLocks(b);
  });

  it('lsvg removed: the read fails with the same message, before anything is written', async () => {
    const lsvg = b.lpar.cmdPath('lsvg');
    rmSync(lsvg);
    const r = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, 'x.savevg') });
    oneFailure(r, new RegExp(`^${lsvg} not found: is this an AIX LPAR\\? .*\\(while reading the current state\\)\\.$`));
    expect(readdirSync(b.dir)).toEqual([]);
  });

  it('listvgbackup not executable: the message says so and how to check it', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    expect(b.lpar.run('mksysb', ['-i', location]).rc).toBe(0);
    chmodSync(b.lpar.cmdPath('listvgbackup'), 0o644);
    const r = await b.backup({ action: 'view', location });
    oneFailure(r, new RegExp(`${b.lpar.cmdPath('listvgbackup')} cannot be run \\(permission denied\\)`));
  });

  it('backup_info without listvgbackup fails instead of reporting "0 complete; no stale volume group"', async () => {
    const location = join(b.dir, 'rootvg.mksysb');
    expect((await b.backup(mksysb(location))).result.changed).toBe(true);
    rmSync(join(b.lpar.root, 'var/powerops/images'), { recursive: true, force: true });
    rmSync(b.lpar.cmdPath('listvgbackup'));
    const r = await runModule('backup_info', { paths: [b.dir] }, { env: { AIX_ROOT: b.lpar.root } });
    oneFailure(r, new RegExp(`${b.lpar.cmdPath('listvgbackup')} not found: is this an AIX LPAR\\?`));
    expect(String(r.result.msg)).not.toMatch(/no stale/);
  });

  it('backup_info names an image it cannot read in its message, never only "no stale volume group"', async () => {
    writeFileSync(join(b.dir, 'garbage.mksysb'), 'not an image\n');
    const r = await runModule('backup_info', { paths: [b.dir] }, { env: { AIX_ROOT: b.lpar.root } });
    expect(r.result.failed).toBeUndefined();
    expect(r.result.msg).toBe(`1 image in 1 path, 0 complete; 1 not usable (each one's problem is in images): ${join(b.dir, 'garbage.mksysb')}; no stale volume group among the images that could be read (warn_age 14d).`);
  });
});

describe('names too long', () => {
  it('are refused before mksysb runs, naming the limit', async () => {
    const location = join(b.dir, `${'r'.repeat(200)}.mksysb`);
    const r = await b.backup(mksysb(location));
    oneFailure(r, /^location: the file name r+\.mksysb is 207 bytes; with the temporary and lock names made beside it, it must stay under 159 bytes \(AIX allows 255 per name\)/);
    expect(b.lpar.invocations()).toEqual([]);
    expect(readdirSync(b.dir)).toEqual([]);
  });
});
