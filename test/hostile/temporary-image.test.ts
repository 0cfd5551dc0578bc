// The temporary image in a shared directory: an unprivileged user racing the module (symlink,
// hard link, reading it), names planted in advance, and another LPAR's root user swapping or
// linking the file mid-write. Nothing outside the location is written, the old image survives,
// images are private whatever the umask.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { attackerSync, makeCanary, makeShared, modeOf, RACE_LOOP, sharedDir, startRacer, type RaceReport } from './setup';

let lpar: Lpar;
let dir: string;
let canary: ReturnType<typeof makeCanary>;
beforeEach(() => {
  lpar = makeLpar({ hostname: 'lpar1' });
  dir = sharedDir('sticky');
  canary = makeCanary();
});
afterEach(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
  canary.cleanup();
});

const backup = (args: Record<string, unknown>) => runModule('backup', { action: 'create', type: 'mksysb', ...args }, { env: { AIX_ROOT: lpar.root } });
const view = (location: string) => runModule('backup', { action: 'view', type: 'mksysb', location }, { env: { AIX_ROOT: lpar.root } });
/** Keeps mksysb's temporary image in the directory long enough for a racer to find it. */
const slowMksysb = (ms = 1500) => lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', String(ms), '--times', '1']);

async function oldImage(): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, 'rootvg.mksysb');
  const made = await backup({ location: path });
  expect(made.result.changed).toBe(true);
  return { path, bytes: readFileSync(path) };
}

describe('an unprivileged user racing the module in a sticky world-writable directory (/tmp)', () => {
  for (const mode of ['swap-symlink', 'unlink-symlink', 'hardlink', 'read'] as const) {
    it(`${mode}: the attack fails, the new image is the module's own and private, the canary is untouched`, async () => {
      const old = await oldImage();
      slowMksysb();
      const racer = await startRacer(RACE_LOOP, [dir, canary.path, mode]);
      const r = await backup({ location: old.path, force: true });
      const report = (await racer.stop()) as RaceReport;

      expect(report.seen.length).toBeGreaterThan(0); // the race was real: the attacker saw the temporary image
      expect(report.seen.every((n) => /^\.rootvg\.mksysb\.partial-[0-9a-f]{24}$/.test(n))).toBe(true);
      expect(report.tries).toEqual([]);
      expect(report.errors.length).toBeGreaterThan(0);
      expect(report.errors.every((e) => /: (EPERM|EACCES|EEXIST)$/.test(e))).toBe(true);

      expect(r.result.failed).toBeUndefined();
      expect(r.result.changed).toBe(true);
      expect(canary.intact()).toBe(true);
      expect(modeOf(old.path)).toBe('600');
      expect((await view(old.path)).result.backup).toMatchObject({ complete: true, volume_group: 'rootvg' });
      expect(readdirSync(dir).filter((n) => n.includes('.partial-') && !n.endsWith('.x'))).toEqual([]);
    });
  }

  it('names planted in advance at temporary names (old predictable ones and guesses) are never written through', async () => {
    const old = await oldImage();
    const planted = attackerSync(
      `const fs = require('fs'); const [dir, canary] = process.argv.slice(1);
       for (let pid = 1; pid < 400; pid++) fs.symlinkSync(canary, dir + '/.rootvg.mksysb.partial-lpar1-' + pid);
       for (let i = 0; i < 50; i++) fs.symlinkSync(canary, dir + '/.rootvg.mksysb.partial-' + i.toString(16).padStart(24, '0'));
       fs.symlinkSync(canary, dir + '/rootvg.mksysb.lock.tmp');
       fs.mkdirSync(dir + '/.rootvg.mksysb.partial-' + 'f'.repeat(24));
       console.log(fs.readdirSync(dir).length);`,
      [dir, canary.path],
    );
    expect(planted.rc).toBe(0);
    const r = await backup({ location: old.path, force: true });
    expect(r.result.changed).toBe(true);
    expect(canary.intact()).toBe(true);
    expect(modeOf(old.path)).toBe('600');
    expect((await view(old.path)).result.backup).toMatchObject({ complete: true });
  });

  it('images are created 0600 under umask 000, unreadable by others; mode: "0640" opens them to the group only', async () => {
    const was = process.umask(0);
    try {
      const path = join(dir, 'rootvg.mksysb');
      expect((await backup({ location: path })).result.changed).toBe(true);
      expect(modeOf(path)).toBe('600');
      const read = attackerSync(`try { require('fs').readFileSync(process.argv[1]); console.log('read'); } catch (e) { console.log(e.code); }`, [path]);
      expect(read.stdout.trim()).toBe('EACCES');

      const shared = join(dir, 'group.mksysb');
      expect((await backup({ location: shared, mode: '0640' })).result.changed).toBe(true);
      expect(modeOf(shared)).toBe('640');
    } finally {
      process.umask(was);
    }
  });

  it('a mode that would let others change an image is refused, naming the option, before any command runs', async () => {
    const r = await backup({ location: join(dir, 'rootvg.mksysb'), mode: '0666' });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/\bmode\b/);
    expect(lpar.invocations()).toEqual([]);
  });
});

describe('the root user of another LPAR writing the same export, mid-write', () => {
  for (const [mode, cause] of [
    ['swap-symlink', /replaced by a symbolic link/],
    ['hardlink', /has 2 hard links/],
  ] as const) {
    it(`${mode}: the run fails naming the tampering; the old image is intact and verifies; the canary is untouched`, async () => {
      const old = await oldImage();
      slowMksysb();
      const before = lpar.invocations().length;
      const racer = await startRacer(RACE_LOOP, [dir, canary.path, mode, 'after-write'], 'root');
      const r = await backup({ location: old.path, force: true });
      const report = (await racer.stop()) as RaceReport;
      expect(report.tries.length).toBeGreaterThan(0);

      expect(r.result.failed).toBe(true);
      expect(r.result.msg).toMatch(/^The temporary image was tampered with: /);
      expect(r.result.msg).toMatch(cause);
      expect(r.result.msg).toContain(`${old.path} was left as it was`);
      expect(readFileSync(old.path).equals(old.bytes)).toBe(true);
      expect((await view(old.path)).result.backup).toMatchObject({ complete: true });
      expect(canary.intact()).toBe(true);
      // Nothing was verified nor renamed: no listvgbackup ran on the temporary name.
      expect(lpar.invocations().slice(before).filter((i) => i.cmd === 'listvgbackup' && i.argv.some((a) => a.includes('.partial-')))).toEqual([]);
    });
  }
});

describe('directories that others could change are refused before any command runs', () => {
  for (const kind of ['open', 'group', 'nobody-owned'] as const) {
    it(`${kind}: one JSON answer naming the directory, its mode, its owner and the fix; the old image is untouched`, async () => {
      const shared = mkdtempSync(join(tmpdir(), 'hostile-made-private-'));
      try {
        // The old image was made while the directory was still private.
        const path = join(shared, 'rootvg.mksysb');
        expect((await backup({ location: path })).result.changed).toBe(true);
        const bytes = readFileSync(path);
        makeShared(shared, kind);
        const planted = attackerSync(`try { require('fs').symlinkSync(process.argv[1], process.argv[2]); console.log('planted'); } catch (e) { console.log(e.code); }`, [canary.path, join(shared, '.rootvg.mksysb.partial-planted')]);
        expect(planted.stdout.trim()).toBe('planted');
        const before = lpar.invocations().length;

        const r = await backup({ location: path, force: true });
        expect(r.result.failed).toBe(true);
        expect(r.result.msg).toContain(`location: directory ${shared} `);
        expect(r.result.msg).toMatch(/\(mode d[rwxtT-]{9} \(0\d{3}\), owner uid \d+\)/);
        expect(r.result.msg).toMatch(/Fix: ch(mod|own) /);
        expect(lpar.invocations().length).toBe(before);
        expect(readFileSync(path).equals(bytes)).toBe(true);
        expect(canary.intact()).toBe(true);
      } finally {
        rmSync(shared, { recursive: true, force: true });
      }
    });
  }

  it('an ancestor that others could change is named, as sshd StrictModes does', async () => {
    const top = sharedDir('open');
    try {
      const inner = join(top, 'images');
      mkdirSync(inner, { mode: 0o755 });
      const r = await backup({ location: join(inner, 'rootvg.mksysb') });
      expect(r.result.failed).toBe(true);
      expect(r.result.msg).toContain(`directory ${top}, above ${inner},`);
      expect(r.result.msg).toContain('writable by everyone without the sticky bit');
      expect(lpar.invocations()).toEqual([]);
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
