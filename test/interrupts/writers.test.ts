// Never two writers: a module SIGKILLed mid-mksysb (alone, or with its process group, as an
// async timeout does) leaves its mksysb running in the command's own group; the lock names that
// command, so the next run waits for it or fails naming it and never starts a second mksysb.
// Two system backups to two locations, and two savevg of one VG, never run at once either.
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBench, type Bench } from '../helpers/backup';
import { runModule, startModule } from '../helpers/module';
import { alive, lockedCommandPid, noLiveCommand, noStateLocks, nothingBeside, overlaps, partialOf, printedFileList, until } from './helpers';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

describe.each(['the module process only', 'its whole process group'] as const)('SIGKILL to %s mid-mksysb', (target) => {
  it('the orphaned mksysb keeps the lock: the next run fails naming it, a later one waits for it; never two mksysb at once', async () => {
    const location = join(b.dir, 'rootvg.img');
    const args = { action: 'create', type: 'mksysb', location, force: true };
    expect((await b.backup(args)).result.changed).toBe(true);
    const old = readFileSync(location);
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '12000', '--times', '1']);

    const { child, exited } = startModule('backup', args, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    // The module makes the temporary image, then starts mksysb and names it in the lock.
    await until('the lock naming the running mksysb', () => lockedCommandPid(location, 'mksysb') !== undefined);
    // Killed before mksysb has printed its file list, the module leaves a pipe nobody reads:
    // mksysb's first write would end it at once. Past that it waits out the slow fault.
    await until('mksysb to print its file list', () => printedFileList(b, child.pid!));
    expect(partialOf(location)).toBeDefined();
    const orphan = b.lpar.invocations().filter((i) => i.cmd === 'mksysb' && i.end === null).pop()!;
    expect(orphan.pid).toBe(lockedCommandPid(location, 'mksysb'));
    if (target === 'its whole process group') process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
    expect((await exited).signal).toBe('SIGKILL');
    expect(alive(orphan.pid)).toBe(true);

    const refused = await b.backup({ ...args, lock_timeout: 1 });
    expect(refused.result.failed).toBe(true);
    expect(String(refused.result.msg)).toMatch(new RegExp(`^location is locked by \\S+/usr/bin/mksysb \\(pid ${orphan.pid}, running since \\S+\\), left running by process ${child.pid}, which is gone .*waited 1 s \\(lock_timeout\\); nothing was run\\. It may still be writing: wait for it to end \\(ps -p ${orphan.pid}\\), or stop it \\(kill -TERM -${orphan.pid}\\)`));
    expect(String(refused.result.msg)).not.toMatch(/Internal error/);

    const waited = await b.backup({ ...args, lock_timeout: 30 });
    expect(waited.result.changed, waited.result.msg).toBe(true);
    expect(String(waited.result.msg)).toMatch(/waited \d+ s for another run on this location/);
    const runs = noLiveCommand(b);
    expect(overlaps(runs, 'mksysb')).toEqual([]);
    expect(runs.filter((r) => r.cmd === 'mksysb')).toHaveLength(3);
    expect(readFileSync(location).equals(old)).toBe(false);
    expect(b.lpar.run('listvgbackup', ['-f', location]).rc).toBe(0);
    nothingBeside(location);
    noStateLocks(b);
  });
});

describe('one system backup per LPAR', () => {
  it('two mksysb to two locations at once: the second waits for the first, the invocation log shows no overlap', async () => {
    // Slow enough that the second run starts while the first's mksysb runs, however loaded the machine.
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '8000', '--times', '1']);
    const one = join(b.dir, 'one.mksysb');
    const otherDir = join(b.dir, 'other');
    mkdirSync(otherDir);
    const two = join(otherDir, 'two.mksysb');
    const env = { AIX_ROOT: b.lpar.root };
    const first = startModule('backup', { action: 'create', type: 'mksysb', location: one }, { env });
    await until('the first mksysb', () => b.lpar.invocations().some((i) => i.cmd === 'mksysb'));
    const lockDir = join(b.lpar.root, 'var/powerops/locks');
    expect(statSync(lockDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(lockDir, 'system-backup.lock')).mode & 0o777).toBe(0o600);
    expect(statSync(`${one}.lock`).mode & 0o777).toBe(0o600);
    const second = await runModule('backup', { action: 'create', type: 'mksysb', location: two }, { env });
    const done = JSON.parse((await first.exited).stdout) as { changed: boolean };
    expect(done.changed).toBe(true);
    expect(second.result.changed, second.result.msg).toBe(true);
    expect(String(second.result.msg)).toMatch(/waited \d+ s for another system backup on this LPAR/);
    expect(overlaps(b.lpar.invocations(), 'mksysb')).toEqual([]);
    noStateLocks(b);
  });

  it('lock_timeout bounds that wait and the message names what it waited for', async () => {
    // The first mksysb outlasts the second run by far, however loaded the machine: the second
    // must give up while it still runs.
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '15000', '--times', '1']);
    const env = { AIX_ROOT: b.lpar.root };
    const first = startModule('backup', { action: 'create', type: 'mksysb', location: join(b.dir, 'one.mksysb') }, { env });
    await until('the first mksysb', () => b.lpar.invocations().some((i) => i.cmd === 'mksysb'));
    const started = Date.now();
    const second = await runModule('backup', { action: 'create', type: 'mksysb', location: join(b.dir, 'two.mksysb'), lock_timeout: 1 }, { env });
    expect(Date.now() - started).toBeLessThan(12_000);
    expect(b.lpar.invocations().find((i) => i.cmd === 'mksysb')?.end, 'the first mksysb still running').toBeNull();
    expect(second.result.failed).toBe(true);
    expect(String(second.result.msg)).toMatch(/^system backup on this LPAR \(one mksysb or alt_disk operation at a time: they share \/image\.data, \/bosinst\.data and \/tmp\) is locked by process \d+ on \S+ since \S+ \(.*system-backup\.lock\); waited 1 s \(lock_timeout\)/);
    await first.exited;
    expect(b.lpar.invocations().filter((i) => i.cmd === 'mksysb')).toHaveLength(1);
    expect(b.files()).toEqual(['one.mksysb']);
  });

  it('two savevg of one volume group to two locations never overlap', async () => {
    b.lpar.sim(['fault', 'set', '--cmd', 'savevg', '--kind', 'slow', '--ms', '4000']);
    const env = { AIX_ROOT: b.lpar.root };
    const runs = await Promise.all(['a.savevg', 'b.savevg'].map((n) => runModule('backup', { action: 'create', type: 'savevg', name: 'datavg', location: join(b.dir, n) }, { env })));
    for (const r of runs) expect(r.result.changed, r.result.msg).toBe(true);
    expect(runs.some((r) => /waited \d+ s for another run on volume group datavg/.test(String(r.result.msg)))).toBe(true);
    expect(overlaps(b.lpar.invocations(), 'savevg')).toEqual([]);
  });
});

