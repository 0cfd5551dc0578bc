// What else a hostile host can plant: an AIX_ROOT (or its command directories, or a command) that
// another user could have written, an image of another LPAR at a file location, and a data_file
// that someone changes between the module's check and the command.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import { NOBODY, sharedDir, startRacer } from './setup';

let lpar: Lpar;
let dir: string;
beforeEach(() => {
  lpar = makeLpar({ hostname: 'lpar1' });
  dir = sharedDir('sticky');
});
afterEach(() => {
  lpar.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const backup = (on: Lpar, args: Record<string, unknown>) => runModule('backup', args, { env: { AIX_ROOT: on.root } });

describe('AIX_ROOT is honoured only where no one but root could have put the commands', () => {
  const cases: [string, (root: string) => void, RegExp][] = [
    ['AIX_ROOT owned by nobody', (r) => chownSync(r, NOBODY, NOBODY), /^AIX_ROOT: \S+ is owned by uid 65534, not root/],
    ['usr/bin writable by everyone, even with the sticky bit', (r) => chmodSync(join(r, 'usr/bin'), 0o1777), /^AIX_ROOT: \S+\/usr\/bin is writable by everyone/],
    ['usr/sbin owned by nobody', (r) => chownSync(join(r, 'usr/sbin'), NOBODY, NOBODY), /^AIX_ROOT: \S+\/usr\/sbin is owned by uid 65534/],
    ['a command writable by its group', (r) => chmodSync(join(r, 'usr/bin/mksysb'), 0o775), /^AIX_ROOT: \S+\/usr\/bin\/mksysb is writable by its group/],
    ['a command owned by nobody', (r) => chownSync(join(r, 'usr/sbin/lsvg'), NOBODY, NOBODY), /^AIX_ROOT: \S+\/usr\/sbin\/lsvg is owned by uid 65534/],
  ];
  for (const [what, plant, message] of cases) {
    it(`${what}: refused with one JSON answer naming the path and the fix; nothing runs`, async () => {
      plant(lpar.root);
      for (const module of ['backup', 'backup_info'] as const) {
        const args = module === 'backup' ? { action: 'create', type: 'mksysb', location: join(dir, 'rootvg.mksysb') } : { paths: [dir] };
        const r = await runModule(module, args, { env: { AIX_ROOT: lpar.root } });
        expect(r.result.failed).toBe(true);
        expect(r.result.msg).toMatch(message);
        expect(r.result.msg).toContain('Fix: ');
        expect(r.result.msg).toContain('nothing was run');
      }
      expect(lpar.invocations()).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('the programs are checked before the first command: a no-op that runs none answers, the next run that needs one is refused before it', async () => {
    const location = join(dir, 'rootvg.mksysb');
    expect((await backup(lpar, { action: 'create', type: 'mksysb', location })).result.changed).toBe(true);
    const bytes = readFileSync(location);
    chmodSync(join(lpar.root, 'usr/bin'), 0o1777);
    const before = lpar.invocations().length;
    const noop = await backup(lpar, { action: 'create', type: 'mksysb', location });
    expect(noop.result.failed, noop.result.msg).toBeUndefined();
    expect(noop.result.changed).toBe(false);
    expect(noop.result.commands).toEqual([]);
    for (const args of [{ action: 'create', type: 'mksysb', location, force: true }, { action: 'create', type: 'mksysb', location: join(dir, 'other.mksysb') }]) {
      const r = await backup(lpar, args);
      expect(r.result.failed).toBe(true);
      expect(r.result.msg).toMatch(/^AIX_ROOT: \S+\/usr\/bin is writable by everyone .*nothing was run\. Fix: chmod go-w \S+\/usr\/bin, or unset AIX_ROOT\.$/);
      expect(r.result.commands).toEqual([]);
    }
    expect(lpar.invocations().slice(before)).toEqual([]);
    expect(readdirSync(dir)).toEqual(['rootvg.mksysb']);
    expect(readFileSync(location).equals(bytes)).toBe(true);
  });

  it('an AIX_ROOT inside a sticky /tmp, root-owned and closed to others, is used', async () => {
    const r = await backup(lpar, { action: 'create', type: 'mksysb', location: join(dir, 'rootvg.mksysb') });
    expect(r.result.changed).toBe(true);
  });
});

describe('an image of another LPAR at a file location', () => {
  it("never satisfies this LPAR's create; without force the module fails naming that LPAR and touches nothing", async () => {
    const other = makeLpar({ hostname: 'lpar2' });
    try {
      const path = join(dir, 'rootvg.mksysb');
      expect((await backup(other, { action: 'create', type: 'mksysb', location: path })).result.changed).toBe(true);
      const bytes = readFileSync(path);
      const before = lpar.invocations().length;
      const r = await backup(lpar, { action: 'create', type: 'mksysb', location: path });
      expect(r.result.failed).toBe(true);
      expect(r.result.msg).toMatch(/holds an image made on another LPAR, lpar2 \(machine ID [0-9A-F]+\); it is not this LPAR's backup and nothing was touched\. .*force: true/);
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(lpar.invocations().slice(before).filter((i) => i.mutates)).toEqual([]);

      const forced = await backup(lpar, { action: 'create', type: 'mksysb', location: path, force: true });
      expect(forced.result.changed).toBe(true);
      expect((forced.result.backup as { hostname: string }).hostname).toBe('lpar1');
    } finally {
      other.cleanup();
    }
  });
});

describe('data_file is read once', () => {
  it('restvg gets a private copy, checked there: a user rewriting the original all along cannot make the command see another file than the one checked', async () => {
    const image = join(dir, 'datavg.savevg');
    expect((await backup(lpar, { action: 'create', type: 'savevg', name: 'datavg', location: image })).result.changed).toBe(true);
    lpar.sim(['exportvg', 'datavg']);
    // The admin's vgname.data, in a directory another user can write.
    const data = join(dir, 'datavg.data');
    writeFileSync(data, readFileSync(join(lpar.root, 'tmp/vgdata/datavg/datavg.data'), 'utf8').replace(/VG_SOURCE_DISK_LIST=.*/, 'VG_SOURCE_DISK_LIST= hdisk2'));
    chownSync(data, NOBODY, NOBODY);
    // The file's owner flips its disk list between hdisk2 and hdisk3 as fast as it can.
    const racer = await startRacer(
      `const fs = require('fs'); const f = process.argv[1]; const text = fs.readFileSync(f, 'utf8'); let n = 0, stop = false;
       process.stdin.on('end', () => { stop = true; }).resume();
       (function flip() { fs.writeFileSync(f + '.new', text.replace('hdisk2', n++ % 2 ? 'hdisk3' : 'hdisk2')); fs.renameSync(f + '.new', f); if (stop) { console.log(JSON.stringify({ flips: n })); process.exit(0); } setTimeout(flip, 1); })(); process.stderr.write('ready\\n');`,
      [data],
    );
    const r = await backup(lpar, { action: 'restore', type: 'savevg', location: image, data_file: data });
    const { flips } = (await racer.stop()) as { flips: number };
    expect(flips).toBeGreaterThan(10);
    expect(r.result.failed, r.result.msg).toBeUndefined();
    // What the module checked is what restvg used: the disks it reports hold the volume group.
    const datavg = lpar.state().vgs.find((v: { name: string }) => v.name === 'datavg');
    expect(datavg?.disks).toEqual(r.result.disks);
    const restvg = lpar.invocations().find((i) => i.cmd === 'restvg')!;
    const copy = restvg.argv[restvg.argv.indexOf('-d') + 1]!;
    expect(copy).not.toBe(data);
    expect(copy.startsWith(join(lpar.root, 'var/powerops/private/'))).toBe(true);
    expect(existsSync(copy)).toBe(false); // removed when the run ended
  });

  it('a FIFO as data_file is refused at once, never a hang', async () => {
    const fifo = join(dir, 'datavg.data');
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const started = Date.now();
    const r = await backup(lpar, { action: 'restore', type: 'savevg', location: join(dir, 'x.savevg'), data_file: fifo });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toBe(`data_file: ${fifo} is not a regular file.`);
  });
});
