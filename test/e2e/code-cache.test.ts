// The V8 code cache of the module file (scripts/module-loader.ts) can cost a compile, never a
// failed run or other code: the built module as a process, with the cache directory under a
// simulated root, given damaged, foreign, planted and rejected caches.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { DIST, MODULE_NODE, shebangFlags } from '../helpers/module';

const MODULE = join(DIST, 'modules/backup_info.js');

describe('V8 code cache of the module file', () => {
  let lpar: Lpar;
  const dir = () => join(lpar.root, 'var/powerops/cache');
  const caches = (name = 'backup_info') => (existsSync(dir()) ? readdirSync(dir()).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.bin')) : []);
  const only = () => {
    const all = caches();
    expect(all).toHaveLength(1);
    return join(dir(), all[0]!);
  };
  /** One run as ansible-core starts it (with the flags of the first line unless told otherwise). */
  function run(flags: string[] = shebangFlags(MODULE), module = MODULE): Record<string, unknown> {
    const p = spawnSync(MODULE_NODE, [...flags, module], { input: JSON.stringify({ paths: [lpar.root] }), encoding: 'utf8', env: { ...process.env, AIX_ROOT: lpar.root }, timeout: 30_000 });
    expect(p.error).toBeUndefined();
    expect(p.status, p.stderr).toBe(0);
    const result = JSON.parse(p.stdout) as Record<string, unknown>;
    expect(result.failed, String(result.msg)).toBeFalsy();
    return result;
  }

  beforeEach(() => {
    lpar = makeLpar();
  });
  afterEach(() => lpar.cleanup());

  it('is written after the first run, 0600 in a 0700 directory, then used as it is', () => {
    run();
    const file = only();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir()).mode & 0o777).toBe(0o700);
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('POC2');
    const before = statSync(file);
    run();
    const after = statSync(file);
    // Accepted: not rewritten (a rejected or missing cache is written anew at exit).
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('is keyed by the flags V8 runs with: another flag set gets a cache of its own', () => {
    run();
    run(['--stack-size=900']);
    expect(caches()).toHaveLength(2);
  });

  it('holds the source it was made from: an edited module file of the same length runs its own code, never the cached one', () => {
    run();
    const copy = join(lpar.root, 'backup_info.js');
    // Same length, other code: V8 alone would take the cache (it compares lengths only).
    const source = readFileSync(MODULE, 'utf8');
    expect(source).toContain('AIX_ROOT is set to');
    writeFileSync(copy, source.replace('AIX_ROOT is set to', 'AIX_ROOT is set at'));
    expect(statSync(copy).size).toBe(statSync(MODULE).size);
    const edited = run(shebangFlags(MODULE), copy);
    expect(JSON.stringify(edited.warnings)).toContain('AIX_ROOT is set at');
    // Same length, same cache file name: the copy's cache replaced the original's.
    expect(readFileSync(only()).includes('AIX_ROOT is set at')).toBe(true);
    const original = run();
    expect(JSON.stringify(original.warnings)).toContain('AIX_ROOT is set to');
    expect(JSON.stringify(original.warnings)).not.toContain('AIX_ROOT is set at');
    expect(readFileSync(only()).includes('AIX_ROOT is set to')).toBe(true);
  });

  it('a module file whose code does not end where its loader expects says so, and runs nothing', () => {
    const copy = join(lpar.root, 'backup_info.js');
    writeFileSync(copy, `${readFileSync(MODULE, 'utf8')}\n`);
    const p = spawnSync(MODULE_NODE, [...shebangFlags(MODULE), copy], { input: '{}', encoding: 'utf8', env: { ...process.env, AIX_ROOT: lpar.root }, timeout: 30_000 });
    expect(p.status).not.toBe(0);
    expect(p.stdout).toBe('');
    expect(p.stderr).toContain(`${copy} is damaged`);
    expect(caches()).toEqual([]);
  });

  it('a module of another length gets a cache file of its own', () => {
    run();
    const copy = join(lpar.root, 'backup_info.js');
    // Four bytes more code, and the loader's length of it to match.
    const source = readFileSync(MODULE, 'utf8').replace('AIX_ROOT is set to', 'AIX_ROOT is now set to');
    writeFileSync(copy, source.replace(/LENGTH = (\d+);/, (_, n: string) => `LENGTH = ${Number(n) + 4};`));
    const result = run(shebangFlags(MODULE), copy);
    expect(JSON.stringify(result.warnings)).toContain('AIX_ROOT is now set to');
    expect(caches()).toHaveLength(2);
  });

  it('a cache whose copy of the source, or whose second copy of the data, differs by one byte is deleted and replaced', () => {
    run();
    const file = only();
    const good = readFileSync(file);
    const codeBytes = good.readUInt32LE(4);
    const dataBytes = good.readUInt32LE(8);
    expect(good.length).toBe(12 + codeBytes + 2 * dataBytes);
    for (const at of [12 + (codeBytes >> 1), good.length - 1]) {
      const bad = Buffer.from(good);
      bad.writeUInt8(bad.readUInt8(at) ^ 0x01, at);
      rmSync(file);
      writeFileSync(file, bad, { mode: 0o600 });
      const badIno = statSync(file).ino;
      run();
      expect(statSync(only()).ino).not.toBe(badIno);
      expect(readFileSync(only()).equals(bad)).toBe(false);
    }
  });

  it('a damaged cache is deleted, the run goes on, and a good one replaces it', () => {
    run();
    const file = only();
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1);
    writeFileSync(file, bytes, { mode: 0o600 });
    const damagedIno = statSync(file).ino;
    run();
    const now = readFileSync(only());
    expect(statSync(only()).ino).not.toBe(damagedIno);
    expect(now.equals(bytes)).toBe(false);
  });

  it('a cache V8 rejects (a whole valid file of another source, under this name) is deleted and replaced', () => {
    run();
    const own = only();
    const ownBytes = readFileSync(own);
    // mksysb's cache, under backup_info's name: its header is right for its data, V8 says no.
    const p = spawnSync(MODULE_NODE, [...shebangFlags(MODULE), join(DIST, 'modules/mksysb.js')], { input: '{}', encoding: 'utf8', env: { ...process.env, AIX_ROOT: lpar.root } });
    expect(p.stdout).toMatch(/^\{/);
    const foreign = join(dir(), caches('mksysb')[0]!);
    copyFileSync(foreign, own);
    run();
    expect(readFileSync(only()).equals(readFileSync(foreign))).toBe(false);
    expect(readFileSync(only()).length).toBeGreaterThan(0);
    expect(ownBytes.length).toBeGreaterThan(0);
  });

  it("a cache owned by another user, or writable by others, is never read; root's own replaces it", () => {
    run();
    const file = only();
    chownSync(file, 65534, 65534);
    run();
    expect(statSync(only()).uid).toBe(0);
    chmodSync(only(), 0o666);
    run();
    expect(statSync(only()).mode & 0o777).toBe(0o600);
  });

  it('a symlink at the cache path is not followed: its target stays as it was', () => {
    run();
    const name = only();
    rmSync(name);
    const target = join(lpar.root, 'precious');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, name);
    run();
    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(lstatSync(name).isFile()).toBe(true);
  });

  it('a FIFO at the cache path does not hang the run', () => {
    run();
    const name = only();
    rmSync(name);
    expect(spawnSync('mkfifo', [name]).status).toBe(0);
    run();
    expect(lstatSync(name).isFile()).toBe(true);
  });

  it('a cache directory owned by another user is neither read nor written', () => {
    mkdirSync(dir(), { recursive: true, mode: 0o700 });
    chownSync(dir(), 65534, 65534);
    run();
    run();
    expect(caches()).toEqual([]);
  });
});
