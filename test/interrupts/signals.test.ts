// The module stopped by a signal while the image is written, started as Ansible starts it (a
// process group of its own, as async does too): SIGTERM (an async job's or systemd's stop),
// SIGINT (Ctrl-C), SIGHUP (the SSH session dropped), sent to the module's whole group as a
// terminal or a session leader sends them. The AIX command is in a group of its own: the module
// passes the signal on, waits for it, cleans up and answers once.
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeBench, type Bench } from '../helpers/backup';
import { startModule } from '../helpers/module';
import { alive, lockedCommandPid, printedFileList, noLiveCommand, noStateLocks, nothingBeside, oneFailure, partialOf, until } from './helpers';
import { CREATE_KINDS } from '../helpers/kinds';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

describe.each([
  ['mksysb', 'SIGTERM'],
  ['mksysb', 'SIGINT'],
  ['mksysb', 'SIGHUP'],
  ['savevg', 'SIGTERM'],
] as const)('%s interrupted by %s while it writes', (kind, signal) => {
  it('answers once naming the signal, stops the command, keeps the old image, leaves nothing; the next run succeeds', async () => {
    const location = join(b.dir, `${kind}.img`);
    const args = { action: 'create', ...CREATE_KINDS[kind], location, force: true };
    const first = await b.backup(args);
    expect(first.result.changed, first.result.msg).toBe(true);
    const old = readFileSync(location);
    b.lpar.sim(['fault', 'set', '--cmd', kind, '--kind', 'slow', '--ms', '20000', '--times', '1']);

    const { child, exited } = startModule('backup', args, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    // The module makes the temporary image, then starts the backup: wait for the backup itself,
    // past the faults it takes (the slow one is the write).
    await until(`${kind} writing`, () => printedFileList(b, child.pid!));
    expect(partialOf(location)).toBeDefined();
    const writer = b.lpar.invocations().filter((i) => i.cmd === kind && i.end === null).pop();
    const started = Date.now();
    process.kill(-child.pid!, signal);
    const exit = await exited;
    expect(Date.now() - started).toBeLessThan(5000);

    const result = oneFailure(exit, new RegExp(`^Interrupted by ${signal} `));
    expect(result.signal).toBe(signal);
    const msg = String(result.msg);
    expect(msg).toContain(`(pid ${writer!.pid}) was stopped: ${signal} was passed on to it`);
    expect(msg).toContain(`${location} was left as it was`);
    expect(msg).toContain(`released the lock ${location}.lock`);
    expect(alive(writer!.pid)).toBe(false);
    noLiveCommand(b);
    expect(readFileSync(location).equals(old)).toBe(true);
    nothingBeside(location);
    noStateLocks(b);

    const next = await b.backup(args);
    expect(next.result.changed, next.result.msg).toBe(true);
    expect(next.result.msg).not.toMatch(/took over/);
    expect(b.lpar.run('listvgbackup', ['-f', location]).rc).toBe(0);
    nothingBeside(location);
  });
});

function partialText(location: string): string | undefined {
  const partial = partialOf(location);
  return partial === undefined ? undefined : readFileSync(join(b.dir, partial), 'utf8');
}

describe('a command that ignores the signal', () => {
  it('gets SIGKILL after the grace time; the answer says so and nothing is left', async () => {
    const location = join(b.dir, 'rootvg.img');
    const first = await b.backup({ action: 'create', type: 'mksysb', location });
    expect(first.result.changed).toBe(true);
    const old = readFileSync(location);
    // A mksysb stuck where it ignores SIGTERM (a backup blocked in the kernel, a script's trap):
    // it writes the start of an image to its last argument, then hangs.
    writeFileSync(b.lpar.cmdPath('mksysb'), '#!/bin/sh\ntrap "" TERM INT HUP\nfor last; do :; done\necho partial > "$last"\nexec sleep 60\n');
    chmodSync(b.lpar.cmdPath('mksysb'), 0o755);

    const { child, exited } = startModule('backup', { action: 'create', type: 'mksysb', location, force: true }, { env: { AIX_ROOT: b.lpar.root }, detached: true });
    // The lock names each command run under it (the space check's df first): wait for mksysb,
    // then for the text it writes only once its trap is set, or SIGTERM could beat the trap.
    await until('the lock naming the running mksysb', () => lockedCommandPid(location, 'mksysb') !== undefined);
    await until('mksysb past its trap', () => partialText(location) === 'partial\n');
    const pid = lockedCommandPid(location, 'mksysb');
    expect(pid).toBeGreaterThan(0);
    const started = Date.now();
    process.kill(-child.pid!, 'SIGTERM');
    const exit = await exited;
    const took = Date.now() - started;
    expect(took).toBeGreaterThan(9000);
    expect(took).toBeLessThan(15_000);

    const result = oneFailure(exit, /^Interrupted by SIGTERM /);
    expect(String(result.msg)).toContain(`(pid ${pid}) did not end within 10 s of SIGTERM and was killed (SIGKILL)`);
    expect(alive(pid!)).toBe(false);
    expect(readFileSync(location).equals(old)).toBe(true);
    nothingBeside(location);
    noStateLocks(b);
  }, 30_000);
});

