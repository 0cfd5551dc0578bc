// The V8 code cache of the module file (scripts/module-loader.ts) can cost a compile, never a
// failed run or other code: the built module as a process, with the cache directory under a
// simulated root, given damaged, foreign, planted, linked and rejected caches, and module files
// whose compressed code was edited or damaged; and a cache made by a run that acted, which the
// first no-op to use it deletes so that the next writes a no-op's.
import { spawn as start, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, closeSync, constants, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { moduleCode, packCode as packed, withPayload } from '../../scripts/module-loader';
import { DIST, MODULE_NODE, shebangFlags } from '../helpers/module';

const MODULE = join(DIST, 'modules/backup_info.js');
const BACKUP = join(DIST, 'modules/backup.js');
/** A warning of backup_info's under a simulated root, and an edit of it of the same length. */
const OWN = 'AIX_ROOT is set to';
const OTHER = 'AIX_ROOT is set at';

/**
 * A cache file: "POC4", the payload's, code's and V8 data's lengths and the writer's kind, the
 * payload, then code and data twice.
 */
interface CacheFile {
  payload: Buffer;
  code: Buffer;
  data: Buffer;
  /** 1: written by a no-op (exit code 0, no AIX command started), 0: by any other run. */
  kind: number;
}

const HEAD = 20;
const NOOP = 1;

function parseCache(buf: Buffer): CacheFile & { magic: string; secondCopy: Buffer } {
  const [p, l, n] = [buf.readUInt32LE(4), buf.readUInt32LE(8), buf.readUInt32LE(12)];
  expect(buf.length).toBe(HEAD + p + 2 * (l + n));
  const block = HEAD + p;
  return {
    magic: buf.toString('latin1', 0, 4),
    kind: buf.readUInt32LE(16),
    payload: buf.subarray(HEAD, block),
    code: buf.subarray(block, block + l),
    data: buf.subarray(block + l, block + l + n),
    secondCopy: buf.subarray(block + l + n),
  };
}

function cacheBytes(c: CacheFile, second: Buffer = Buffer.concat([c.code, c.data])): Buffer {
  const head = Buffer.alloc(HEAD);
  head.write('POC4', 0, 'latin1');
  head.writeUInt32LE(c.payload.length, 4);
  head.writeUInt32LE(c.code.length, 8);
  head.writeUInt32LE(c.data.length, 12);
  head.writeUInt32LE(c.kind, 16);
  return Buffer.concat([head, c.payload, c.code, c.data, second]);
}

/** The module file with another payload, and the lengths its loader expects. */
function moduleWithPayload(payload: string, lengths: { payload: number; code: number }): string {
  return withPayload(readFileSync(MODULE), payload, lengths);
}

/** The module file with other code, and its loader's lengths to match. */
function moduleWith(code: Buffer): string {
  const payload = packed(code);
  return moduleWithPayload(payload, { payload: payload.length, code: code.length });
}

function edited(from: string, to: string): Buffer {
  const code = moduleCode(readFileSync(MODULE)).code.toString('latin1');
  expect(code).toContain(from);
  return Buffer.from(code.replace(from, to), 'latin1');
}

describe('V8 code cache of the module file', () => {
  let lpar: Lpar;
  const dir = () => join(lpar.root, 'var/powerops/cache');
  const caches = (name = 'backup_info') => (existsSync(dir()) ? readdirSync(dir()).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.bin')) : []);
  const only = () => {
    const all = caches();
    expect(all).toHaveLength(1);
    return join(dir(), all[0]!);
  };
  const plant = (file: string, bytes: Buffer) => {
    rmSync(file, { force: true });
    writeFileSync(file, bytes, { mode: 0o600 });
  };
  /**
   * The planted file is gone and a cache of the shipped module is in its place (the loader never
   * edits a cache file, so other bytes mean another file; inode numbers are reused too soon to say).
   */
  const replaced = (planted: Buffer) => {
    const now = readFileSync(only());
    expect(now.equals(planted)).toBe(false);
    const cache = parseCache(now);
    const shipped = moduleCode(readFileSync(MODULE));
    expect([cache.magic, cache.payload.equals(shipped.payload), cache.code.equals(shipped.code)]).toEqual(['POC4', true, true]);
    return cache;
  };
  const copyPath = () => join(lpar.root, 'backup_info.js');
  function spawn(flags: string[], module: string, input: string, env: NodeJS.ProcessEnv = {}) {
    return spawnSync(MODULE_NODE, [...flags, module], { input, encoding: 'utf8', env: { ...process.env, AIX_ROOT: lpar.root, ...env }, timeout: 30_000 });
  }
  /** One run as ansible-core starts it (with the flags of the first line unless told otherwise). */
  function run(flags: string[] = shebangFlags(MODULE), module = MODULE, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
    const p = spawn(flags, module, JSON.stringify({ paths: [lpar.root] }), env);
    expect(p.error).toBeUndefined();
    expect(p.status, p.stderr).toBe(0);
    const result = JSON.parse(p.stdout) as Record<string, unknown>;
    expect(result.failed, String(result.msg)).toBeFalsy();
    return result;
  }
  /**
   * A cache no run of this module makes: its payload, and the code and V8 data of a module of
   * other code (the same length; the data holds the bytecode and constants of every function that
   * ran, so code and data must agree for the other code to show).
   */
  function craftedCache(): Buffer {
    writeFileSync(copyPath(), moduleWith(edited(OWN, OTHER)));
    expect(said(run(shebangFlags(MODULE), copyPath()))).toBe(OTHER);
    // Same code length, same name: the copy's cache replaced the module's.
    const theirs = parseCache(readFileSync(only()));
    expect(theirs.code.includes(OTHER)).toBe(true);
    return cacheBytes({ payload: moduleCode(readFileSync(MODULE)).payload, code: theirs.code, data: theirs.data, kind: theirs.kind });
  }
  /** Which of the two warnings the code that ran printed. */
  const said = (result: Record<string, unknown>) => {
    const text = JSON.stringify(result.warnings);
    expect(text.includes(OWN) !== text.includes(OTHER), text).toBe(true);
    return text.includes(OWN) ? OWN : OTHER;
  };

  beforeEach(() => {
    lpar = makeLpar();
  });
  afterEach(() => lpar.cleanup());

  it('is written after the first run, 0600 in a 0700 directory, holding the payload and its code, then used as it is', () => {
    run();
    const file = only();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir()).mode & 0o777).toBe(0o700);
    const cache = parseCache(readFileSync(file));
    const shipped = moduleCode(readFileSync(MODULE));
    expect(cache.magic).toBe('POC4');
    // The run acted: it ran listvgbackup on the two files under the root that it took for images.
    expect(cache.kind).toBe(0);
    expect(cache.payload.equals(shipped.payload)).toBe(true);
    expect(cache.code.equals(shipped.code)).toBe(true);
    expect(cache.secondCopy.equals(Buffer.concat([cache.code, cache.data]))).toBe(true);
    const before = statSync(file);
    run();
    const after = statSync(file);
    // Accepted: not rewritten (a rejected or missing cache is written anew at exit), nor deleted by a run that acted.
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('spares the no-op node:zlib: a run that finds its cache never loads it, one that does not inflates the payload', () => {
    const probe = join(lpar.root, 'probe.js');
    const seen = join(lpar.root, 'zlib-loaded');
    // At exit, whether the module's process loaded node:zlib (the preload changes the cache's key, the same on both runs).
    writeFileSync(probe, `process.argv[1] === ${JSON.stringify(MODULE)} && process.on('exit', () => require('fs').appendFileSync(${JSON.stringify(seen)}, process.moduleLoadList.some((m) => / zlib$/.test(m)) + '\\n'));\n`);
    const env = { NODE_OPTIONS: `--require ${probe}` };
    run(shebangFlags(MODULE), MODULE, env);
    run(shebangFlags(MODULE), MODULE, env);
    expect(readFileSync(seen, 'utf8')).toBe('true\nfalse\n');
  });

  it('is keyed by the flags V8 runs with: another flag set gets a cache of its own', () => {
    run();
    run(['--stack-size=900']);
    expect(caches()).toHaveLength(2);
  });

  it('holds the payload it was made from: an edited module file with a payload of the same length runs its own code, never the cached one', () => {
    run();
    // Same code length, same payload length, other code: V8 alone would take the cache (it
    // compares lengths only), and the cache file has the same name.
    const shipped = readFileSync(MODULE);
    const candidates = [OTHER, ...'abcdefghijklmnopqrstuvwxyz'.split('').map((c) => `AIX_ROOT is set ${c}${c}`)];
    const same = candidates.map((to) => moduleWith(edited(OWN, to))).find((text) => text.length === shipped.length);
    expect(same, 'no edit of the same compressed length').toBeDefined();
    writeFileSync(copyPath(), same!);
    const warning = (r: Record<string, unknown>) => JSON.stringify(r.warnings);
    const copyResult = run(shebangFlags(MODULE), copyPath());
    expect(warning(copyResult)).not.toContain(OWN);
    // The copy's cache replaced the original's...
    expect(parseCache(readFileSync(only())).payload.equals(moduleCode(Buffer.from(same!, 'latin1')).payload)).toBe(true);
    // ...and the original, finding a cache of another payload, runs its own code and takes the file back.
    expect(said(run())).toBe(OWN);
    expect(parseCache(readFileSync(only())).payload.equals(moduleCode(shipped).payload)).toBe(true);
    expect(said(run())).toBe(OWN);
  });

  it('a module file whose payload is not of the length its loader expects says so, and runs nothing', () => {
    const payload = moduleCode(readFileSync(MODULE)).payload.toString('latin1');
    writeFileSync(copyPath(), moduleWithPayload(payload.slice(4), { payload: payload.length, code: moduleCode(readFileSync(MODULE)).code.length }));
    const p = spawn(shebangFlags(MODULE), copyPath(), '{}');
    expect(p.status).not.toBe(0);
    expect(p.stdout).toBe('');
    expect(p.stderr).toContain(`${copyPath()} is damaged: its code is not of the length its loader expects`);
    expect(caches()).toEqual([]);
  });

  it('a payload that does not inflate, or not to the length its loader holds, says so and runs nothing, cache or not', () => {
    run();
    const good = readFileSync(only());
    const shipped = moduleCode(readFileSync(MODULE));
    const payload = shipped.payload.toString('latin1');
    const longer = edited(OWN, 'AIX_ROOT is now set to');
    const damaged = [
      // Cut short, its loader's payload length to match: the deflate stream ends early.
      moduleWithPayload(payload.slice(0, -40), { payload: payload.length - 40, code: shipped.code.length }),
      // Whole, but of more code than its loader says, and of less.
      moduleWithPayload(packed(longer), { payload: packed(longer).length, code: longer.length - 4 }),
      moduleWithPayload(packed(longer), { payload: packed(longer).length, code: longer.length + 4 }),
    ];
    for (const text of damaged) {
      writeFileSync(copyPath(), text);
      const p = spawn(shebangFlags(MODULE), copyPath(), '{}');
      expect(p.status).not.toBe(0);
      expect(p.stdout).toBe('');
      expect(p.stderr).toContain(`${copyPath()} is damaged: its code does not inflate to the`);
    }
    // The first found the good cache of the same name, of another payload: deleted, and none written.
    expect(caches()).toEqual([]);
    expect(said(run())).toBe(OWN);
    expect(parseCache(readFileSync(only())).payload.equals(parseCache(good).payload)).toBe(true);
  });

  it('a module of another code length gets a cache file of its own', () => {
    run();
    writeFileSync(copyPath(), moduleWith(edited(OWN, 'AIX_ROOT is now set to')));
    const result = run(shebangFlags(MODULE), copyPath());
    expect(JSON.stringify(result.warnings)).toContain('AIX_ROOT is now set to');
    expect(caches()).toHaveLength(2);
  });

  it('a cache whose payload, code or data differs by one byte in one place is refused: deleted and replaced', () => {
    run();
    const file = only();
    const good = readFileSync(file);
    const cache = parseCache(good);
    const block = HEAD + cache.payload.length;
    const at = cache.code.indexOf(OWN);
    expect(at).toBeGreaterThan(0);
    // A byte of the payload, the first code copy (where the warning is written), the first data copy, the second code copy, the last byte.
    const places = [HEAD + (cache.payload.length >> 1), block + at + OWN.length - 1, block + cache.code.length + (cache.data.length >> 1), block + cache.code.length + cache.data.length + at + OWN.length - 1, good.length - 1];
    for (const place of places) {
      const bad = Buffer.from(good);
      bad.writeUInt8(bad.readUInt8(place) ^ 0x01, place);
      plant(file, bad);
      expect(said(run())).toBe(OWN);
      replaced(bad);
    }
  });

  it('a damaged cache is deleted, the run goes on, and a good one replaces it', () => {
    run();
    const file = only();
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1);
    plant(file, bytes);
    run();
    replaced(bytes);
  });

  it('a cache of the formats before it ("POC3" without the writer\'s kind, "POC2" uncompressed; same name) is deleted and replaced', () => {
    run();
    const file = only();
    const good = readFileSync(file);
    const cache = parseCache(good);
    const poc2 = Buffer.alloc(12);
    poc2.write('POC2', 0, 'latin1');
    poc2.writeUInt32LE(cache.code.length, 4);
    poc2.writeUInt32LE(cache.data.length, 8);
    const poc3 = Buffer.alloc(16);
    poc3.write('POC3', 0, 'latin1');
    poc3.writeUInt32LE(cache.payload.length, 4);
    poc3.writeUInt32LE(cache.code.length, 8);
    poc3.writeUInt32LE(cache.data.length, 12);
    for (const old of [Buffer.concat([poc2, cache.code, cache.data, cache.data]), Buffer.concat([poc3, cache.payload, cache.code, cache.data, cache.code, cache.data])]) {
      plant(file, old);
      expect(said(run())).toBe(OWN);
      replaced(old);
    }
  });

  it('a foreign cache (a whole valid file of another module, under this name) is deleted and replaced', () => {
    run();
    const own = only();
    const p = spawn(shebangFlags(MODULE), join(DIST, 'modules/mksysb.js'), '{}');
    expect(p.stdout).toMatch(/^\{/);
    const foreign = join(dir(), caches('mksysb')[0]!);
    copyFileSync(foreign, own);
    expect(said(run())).toBe(OWN);
    expect(readFileSync(only()).equals(readFileSync(foreign))).toBe(false);
    expect(parseCache(readFileSync(only())).payload.equals(moduleCode(readFileSync(MODULE)).payload)).toBe(true);
  });

  it("a cache V8 rejects (this module's payload and code, another module's data) is deleted, and the payload is inflated and compiled", () => {
    run();
    const own = only();
    const p = spawn(shebangFlags(MODULE), join(DIST, 'modules/mksysb.js'), '{}');
    expect(p.stdout).toMatch(/^\{/);
    const foreign = parseCache(readFileSync(join(dir(), caches('mksysb')[0]!)));
    const mine = parseCache(readFileSync(own));
    // Every check of the loader's passes; V8 finds the data made for a source of another length.
    const planted = cacheBytes({ payload: mine.payload, code: mine.code, data: foreign.data, kind: mine.kind });
    plant(own, planted);
    expect(said(run())).toBe(OWN);
    expect(replaced(planted).data.equals(foreign.data)).toBe(false);
  });

  it('on a hit the code comes from the cache, not from the payload: which is why only a private file is read', () => {
    // A cache is trusted as far as its V8 data, which is already code in effect: a file only this
    // user could have written, as private as the checks below require. One holding the right
    // payload and other code of the same length (as only a hand could make it) runs that code.
    const crafted = craftedCache();
    plant(only(), crafted);
    expect(said(run())).toBe(OTHER);
  });

  it("a cache owned by another user, or writable by others, is never read; root's own replaces it", () => {
    // Code that would say so if it ran (see the test above).
    const crafted = craftedCache();
    const file = only();
    plant(file, crafted);
    chownSync(file, 65534, 65534);
    expect(said(run())).toBe(OWN);
    expect(statSync(only()).uid).toBe(0);
    plant(file, crafted);
    chmodSync(file, 0o666);
    expect(said(run())).toBe(OWN);
    expect(statSync(only()).mode & 0o777).toBe(0o600);
    plant(file, crafted);
    chmodSync(file, 0o620);
    expect(said(run())).toBe(OWN);
    expect(statSync(only()).mode & 0o777).toBe(0o600);
  });

  it('a cache file with a second link is never read, and the other link is left as it was', () => {
    const crafted = craftedCache();
    const file = only();
    plant(file, crafted);
    const other = join(lpar.root, 'other-link');
    linkSync(file, other);
    expect(said(run())).toBe(OWN);
    expect(readFileSync(other).equals(crafted)).toBe(true);
    expect(statSync(only()).nlink).toBe(1);
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

  it('a cache directory that is a symlink to a private directory is neither read nor written', () => {
    const crafted = craftedCache();
    const real = join(lpar.root, 'elsewhere');
    mkdirSync(real, { mode: 0o700 });
    const name = caches()[0]!;
    writeFileSync(join(real, name), crafted, { mode: 0o600 });
    rmSync(dir(), { recursive: true });
    symlinkSync(real, dir());
    expect(said(run())).toBe(OWN);
    expect(readdirSync(real)).toEqual([name]);
  });

  describe("the writer's kind: a cache made by a run that acted gives way to a no-op's", () => {
    const image = () => join(lpar.root, 'nfs/rootvg.mksysb');
    const backupCache = () => {
      const all = caches('backup');
      expect(all.length).toBeLessThanOrEqual(1);
      return all[0] === undefined ? undefined : join(dir(), all[0]);
    };
    const kindNow = () => {
      const file = backupCache();
      return file === undefined ? 'none' : parseCache(readFileSync(file)).kind;
    };
    /** The file as it is: a run that keeps it neither rewrites nor replaces it. */
    const identity = (file: string) => {
      const st = statSync(file);
      return { ino: st.ino, mtimeMs: st.mtimeMs, bytes: readFileSync(file).toString('base64') };
    };
    function backup(args: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
      const p = spawn(shebangFlags(BACKUP), BACKUP, JSON.stringify(args), env);
      expect(p.error).toBeUndefined();
      return { status: p.status, result: JSON.parse(p.stdout) as { changed?: boolean; failed?: boolean; msg?: string; commands?: unknown[] } };
    }
    const create = (env: NodeJS.ProcessEnv = {}) => backup({ action: 'create', type: 'mksysb', location: image() }, env);
    /** A no-op: the image is there, made and recorded by this module; no AIX command runs. */
    const noop = (env: NodeJS.ProcessEnv = {}) => {
      const r = create(env);
      expect([r.status, r.result.changed, r.result.failed, r.result.commands], r.result.msg).toEqual([0, false, undefined, []]);
    };
    /** A run that fails before any command: a relative location. */
    const fails = () => {
      const r = backup({ action: 'create', type: 'mksysb', location: 'nfs/rootvg.mksysb' });
      expect([r.status, r.result.failed]).toEqual([1, true]);
    };

    beforeEach(() => mkdirSync(join(lpar.root, 'nfs')));

    it('the create writes kind 0; the first no-op deletes it; the next no-op writes a smaller cache of kind 1, which every later run keeps', () => {
      const made = create();
      expect([made.status, made.result.changed]).toEqual([0, true]);
      expect(kindNow()).toBe(0);
      const createData = parseCache(readFileSync(backupCache()!)).data.length;
      noop();
      expect(kindNow()).toBe('none');
      noop();
      expect(kindNow()).toBe(NOOP);
      const file = backupCache()!;
      const cache = parseCache(readFileSync(file));
      expect(cache.code.equals(moduleCode(readFileSync(BACKUP)).code)).toBe(true);
      // What V8 deserialises at every no-op start: the create path is no longer in it.
      expect(cache.data.length).toBeLessThan(createData * 0.8);
      const kept = identity(file);
      noop();
      expect(identity(file)).toEqual(kept);
      // A run that acts lazily compiles what it needs from the cached code, and keeps the no-op's cache.
      const forced = backup({ action: 'create', type: 'mksysb', location: image(), force: true });
      expect([forced.status, forced.result.changed], forced.result.msg).toEqual([0, true]);
      expect(identity(file)).toEqual(kept);
      fails();
      expect(identity(file)).toEqual(kept);
    });

    it('a no-op that fails, or a run that acts, never deletes a cache of kind 0; the first successful no-op does', () => {
      create();
      const file = backupCache()!;
      const kept = identity(file);
      fails();
      expect(identity(file)).toEqual(kept);
      const forced = backup({ action: 'create', type: 'mksysb', location: image(), force: true });
      expect(forced.result.changed).toBe(true);
      expect(identity(file)).toEqual(kept);
      noop();
      expect(kindNow()).toBe('none');
    });

    it('a run that fails with no cache writes kind 0: not a no-op\'s, so the next no-op replaces it', () => {
      create();
      rmSync(backupCache()!);
      fails();
      expect(kindNow()).toBe(0);
      noop();
      expect(kindNow()).toBe('none');
      noop();
      expect(kindNow()).toBe(NOOP);
    });

    it('the no-op never deletes nor keeps a kind-0 cache that failed a check or that V8 rejects: it is dropped at once, and the no-op writes its own from its own compile', () => {
      create();
      const file = backupCache()!;
      const good = readFileSync(file);
      const cache = parseCache(good);
      const damaged = Buffer.from(good);
      const place = HEAD + cache.payload.length + cache.code.length + (cache.data.length >> 1);
      damaged.writeUInt8(damaged.readUInt8(place) ^ 0x01, place);
      // backup_info's data, made for a source of another length: V8 rejects it.
      run();
      const foreign = parseCache(readFileSync(join(dir(), caches('backup_info')[0]!)));
      const rejected = cacheBytes({ ...cache, data: foreign.data });
      for (const planted of [damaged, rejected]) {
        plant(file, planted);
        noop();
        const now = readFileSync(file);
        const mine = parseCache(now);
        expect([mine.magic, mine.kind, mine.payload.equals(cache.payload), mine.code.equals(cache.code)]).toEqual(['POC4', NOOP, true, true]);
        expect(mine.data.equals(cache.data) || mine.data.equals(foreign.data)).toBe(false);
        expect(mine.secondCopy.equals(Buffer.concat([mine.code, mine.data]))).toBe(true);
      }
    });

    it('a no-op deletes the kind-0 file it read, never one another run put in its place meanwhile', async () => {
      expect(create().result.changed).toBe(true);
      const file = backupCache()!;
      const kind0 = readFileSync(file);
      const other = cacheBytes({ ...parseCache(kind0), kind: NOOP });
      /**
       * A no-op that reads its arguments from a FIFO: the module opens it after its loader has
       * read the cache, so `meanwhile` runs between that read and the no-op's exit.
       */
      const slowNoop = async (meanwhile: () => void) => {
        const fifo = join(lpar.root, 'args.fifo');
        rmSync(fifo, { force: true });
        expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        const child = start(MODULE_NODE, [...shebangFlags(BACKUP), BACKUP, fifo], { env: { ...process.env, AIX_ROOT: lpar.root }, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
        let fd = -1;
        for (let i = 0; i < 1000 && fd < 0; i++) {
          try {
            fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
          } catch {
            await new Promise((r) => setTimeout(r, 10));
          }
        }
        expect(fd, 'the module never opened its arguments').toBeGreaterThanOrEqual(0);
        meanwhile();
        writeSync(fd, JSON.stringify({ action: 'create', type: 'mksysb', location: image() }));
        closeSync(fd);
        expect(await exited).toBe(0);
        expect(JSON.parse(out)).toMatchObject({ changed: false, commands: [] });
      };
      // Alone, the no-op deletes the kind-0 file it read...
      await slowNoop(() => undefined);
      expect(kindNow()).toBe('none');
      // ...but not another writer's file that replaced it while it ran.
      plant(file, kind0);
      await slowNoop(() => plant(file, other));
      expect(readFileSync(file).equals(other)).toBe(true);
    });
  });
});
