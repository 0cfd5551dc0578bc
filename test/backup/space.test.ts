// action: create checks the room before mksysb or savevg runs: the target file system, /tmp and
// the file size limit, against the image's expected size. The simulated LPAR models the sizes and
// the limit, and its mksysb fails as AIX's would when the image does not fit.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';

let b: Bench;
beforeEach(() => {
  b = makeBench({ hostname: 'lpar1' });
});
afterEach(() => b.cleanup());

describe('space before time', () => {
  const location = (): string => join(b.dir, 'rootvg.mksysb');

  it('a target file system too small is refused with the numbers, before mksysb runs; the simulated mksysb would have failed', async () => {
    b.lpar.sim(['fs', '--path', b.dir, '--size', '20000', '--free', '1000', '--name', 'nfs01:/export/small']);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: location() });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toBe(
      `Not enough room for the mksysb image of rootvg, which needs about 6057 MB (the used space of the mounted file systems of rootvg): ${b.dir} (file system nfs01:/export/small, mounted on ${b.dir}) has 1000 MB free: free space there (remove old images; with a directory location, keep: N removes the oldest), or choose a location on a bigger file system. Nothing was run.`,
    );
    expect(b.mutating()).toEqual([]);
    expect(b.files()).toEqual([]);
    const check = await b.backup({ action: 'create', type: 'mksysb', location: location(), _ansible_check_mode: true });
    expect(check.result).toMatchObject({ failed: true, msg: r.result.msg });
    // What the check saves the admin from: the simulated mksysb runs out of space part of the way.
    const direct = b.lpar.run('mksysb', ['-i', join(b.dir, 'direct.mksysb')]);
    expect(direct.rc).toBe(3);
    expect(direct.stderr).toContain('There is not enough space in the file system.');
    // With room, the same task makes the image.
    b.lpar.sim(['fs', '--path', b.dir, '--size', '20000', '--free', '7000', '--name', 'nfs01:/export/small']);
    expect((await b.backup({ action: 'create', type: 'mksysb', location: location() })).result.changed).toBe(true);
  });

  it('file systems left out with exclude_fs do not count', async () => {
    b.lpar.sim(['fs', '--path', b.dir, '--size', '20000', '--free', '3000']);
    const list = join(b.dir, 'exclude.rootvg.fs');
    writeFileSync(list, '/usr\n');
    const r = await b.backup({ action: 'create', type: 'mksysb', location: location(), exclude_fs: list });
    expect(r.result.changed).toBe(true);
    const refused = await b.backup({ action: 'create', type: 'mksysb', location: location(), force: true });
    expect(refused.result.msg).toMatch(/needs about 6057 MB/);
  });

  it('the image it replaces counts when it is bigger than the used space', async () => {
    await b.backup({ action: 'create', type: 'mksysb', location: location() });
    for (const mount of ['/', '/usr', '/var', '/tmp', '/home', '/opt', '/admin', '/var/adm/ras/livedump']) b.lpar.sim(['fs', '--mount', mount, '--used', '0']);
    b.lpar.sim(['fs', '--path', b.dir, '--size', '100', '--free', '0']);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: location(), force: true });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/^Not enough room for the mksysb image of rootvg, which needs about 1 MB \(the size of the image it replaces\): .* has 0 MB free/);
    expect(b.mutating()).toHaveLength(1);
  });

  it('a structure-only savevg needs next to no room', async () => {
    b.lpar.sim(['fs', '--path', b.dir, '--size', '200', '--free', '100']);
    const full = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'd.savevg') });
    expect(full.result.msg).toMatch(/^Not enough room for the savevg image of datavg, which needs about 7630 MB/);
    const structure = await b.backup({ action: 'create', name: 'datavg', location: join(b.dir, 'd.savevg'), exclude_data: true });
    expect(structure.result.changed).toBe(true);
  });

  it('the file size limit (ulimit -f) is read and compared', async () => {
    b.lpar.sim(['limit', '--fsize', '2097151']);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: location() });
    expect(r.result.failed).toBe(true);
    expect(r.result.msg).toMatch(/which needs about 6057 MB .*: the file size limit of this run is 2097151 blocks \(ulimit -f, 1023 MB\), so mksysb would stop at that size .*chuser fsize=-1 root/);
    expect(r.result.msg).not.toMatch(/MB free/);
    expect(b.mutating()).toEqual([]);
    const direct = b.lpar.run('mksysb', ['-i', join(b.dir, 'direct.mksysb')]);
    expect(direct.rc).toBe(3);
    expect(direct.stderr).toContain('A file cannot be larger than the value set by ulimit.');
    b.lpar.sim(['limit', '--fsize', 'unlimited']);
    expect((await b.backup({ action: 'create', type: 'mksysb', location: location() })).result.changed).toBe(true);
  });

  it('/tmp: too little free space is refused unless extend_fs lets mksysb expand it', async () => {
    b.lpar.sim(['fs', '--mount', '/tmp', '--used', '2040']);
    const r = await b.backup({ action: 'create', type: 'mksysb', location: location() });
    expect(r.result.msg).toMatch(/: \/tmp has 8 MB free and mksysb needs about 32 MB there for its work files: set extend_fs: true \(-X\)/);
    expect(b.mutating()).toEqual([]);
    const extended = await b.backup({ action: 'create', type: 'mksysb', location: location(), extend_fs: true });
    expect(extended.result.changed).toBe(true);
    expect(String(extended.result.cmd)).toMatch(/ -X /);
  });

  it('a tape has no file system: only /tmp is checked; a rerun that finds the image reads no space at all', async () => {
    b.lpar.sim(['limit', '--fsize', '100']);
    const tape = await b.backup({ action: 'create', name: 'datavg', location: '/dev/rmt0' });
    expect(tape.result.changed).toBe(true);
    expect((tape.result.commands as string[]).some((c) => c.endsWith('/usr/bin/ulimit -f'))).toBe(false);
    b.lpar.sim(['limit', '--fsize', 'unlimited']);
    await b.backup({ action: 'create', type: 'mksysb', location: location() });
    b.lpar.sim(['fs', '--path', b.dir, '--size', '100', '--free', '1']);
    const rerun = await b.backup({ action: 'create', type: 'mksysb', location: location() });
    expect(rerun.result).toMatchObject({ changed: false, commands: [] });
  });
});
