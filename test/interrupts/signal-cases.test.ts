// Signals at other moments than a backup's write: during a restore (a step with no undo), with
// nobody left to read the answer (the SSH session is gone), while the run waits for a lock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBench, type Bench } from '../helpers/backup';
import { startModule } from '../helpers/module';
import { alive, handlesStopSignals, noLiveCommand, printedFileList, noStateLocks, nothingBeside, oneFailure, partialOf, until } from './helpers';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

describe('a restore interrupted', () => {
  it('says which step was under way and that it has no undo; the restore and VG locks are released', async () => {
    const location = join(b.dir, 'datavg.savevg');
    expect((await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location })).result.changed).toBe(true);
    b.lpar.sim(['exportvg', 'datavg']);
    b.lpar.sim(['fault', 'set', '--cmd', 'restvg', '--kind', 'slow', '--ms', '20000', '--times', '1']);
    const { child, exited } = startModule('backup', { action: 'restore', type: 'savevg', location, name: 'hdisk1' }, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    await until('restvg', () => b.lpar.invocations().some((i) => i.cmd === 'restvg' && !i.argv.includes('-l')));
    process.kill(-child.pid!, 'SIGTERM');
    const result = oneFailure(await exited, /^Interrupted by SIGTERM /);
    const msg = String(result.msg);
    expect(msg).toMatch(/restvg \(pid \d+\) was stopped: SIGTERM was passed on to it/);
    expect(msg).toContain(`the step under way, "restore volume group datavg from ${location}", was stopped part way and cannot be undone: check what it changed`);
    expect(msg).toMatch(/released the lock \S+restore\.lock; released the lock \S+vg-datavg\.lock/);
    noLiveCommand(b);
    noStateLocks(b);
  });
});

describe('SIGHUP when the SSH session is gone', () => {
  it('nobody reads the answer any more: the run still stops the command, cleans up and exits 1', async () => {
    const location = join(b.dir, 'rootvg.img');
    const first = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(first.result.changed).toBe(true);
    const old = readFileSync(location);
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '20000', '--times', '1']);
    const { child, exited } = startModule('backup', { action: 'create', type: 'mksysb', location, force: true }, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    // The module makes the temporary image, then starts mksysb: wait for mksysb itself, past the
    // faults it takes (the slow one is the write).
    await until('mksysb writing', () => printedFileList(b, child.pid!));
    expect(partialOf(location)).toBeDefined();
    const writer = b.lpar.invocations().filter((i) => i.cmd === 'mksysb' && i.end === null).pop()!;
    // The reading end of the module's stdout goes away, as with a dropped connection.
    child.stdout!.destroy();
    process.kill(-child.pid!, 'SIGHUP');
    const exit = await exited;
    expect(exit.rc).toBe(1);
    expect(alive(writer.pid)).toBe(false);
    expect(readFileSync(location).equals(old)).toBe(true);
    nothingBeside(location);
    noStateLocks(b);
  });
});

describe('a signal while the run waits for a lock', () => {
  it('answers at once: nothing was running and nothing had been written', async () => {
    const location = join(b.dir, 'rootvg.img');
    // Another run of this LPAR holds the location (a live process: this test).
    // Its mksysb is slow, set before it starts so it cannot reach mksysb first.
    b.lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '10000', '--times', '1']);
    const other = startModule('backup', { action: 'create', type: 'mksysb', location }, { env: { AIX_ROOT: b.lpar.root } });
    await until('the first run to write', () => partialOf(location) !== undefined);
    const { child, exited } = startModule('backup', { action: 'create', type: 'mksysb', location, lock_timeout: 60 }, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    await until('the second run to set its signal handlers', () => handlesStopSignals(child.pid!));
    // No AIX command runs before the lock: from here on, what the answer says holds. The pause
    // lets the run reach its wait for the lock, the moment this test is about.
    await new Promise((r) => setTimeout(r, 300));
    process.kill(-child.pid!, 'SIGINT');
    const exit = await exited;
    const result = oneFailure(exit, /^Interrupted by SIGINT before the task finished: no AIX command was running and nothing had been written/);
    expect(result.rc).toBe(130);
    const done = await other.exited;
    expect((JSON.parse(done.stdout) as { changed: boolean }).changed).toBe(true);
    expect(b.lpar.invocations().filter((i) => i.cmd === 'mksysb')).toHaveLength(1);
    nothingBeside(location);
  });
});
