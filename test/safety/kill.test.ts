// The module SIGKILLed while mksysb or savevg writes, as Ansible's async timeout does it (the
// whole process group) and as a lone `kill -9` of the module does it (either way its writer, in a
// process group of its own, is orphaned and finishes on its own). The old image must come through untouched, and the next run must take
// over the stale lock, clear the partial file and make a good image.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { startModule } from '../helpers/module';
import { disksUnchanged, goodImage, leftovers, oldImageSurvives, partialOf, retake, until } from './invariants';
import { CREATE_KINDS } from '../helpers/kinds';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

describe.each([
  ['mksysb', 'the module process only'],
  ['mksysb', 'its whole process group'],
  ['savevg', 'the module process only'],
  ['savevg', 'its whole process group'],
] as const)('%s: SIGKILL to %s while the image is written', (kind, target) => {
  it('keeps the old image; the next run takes over the lock and leaves only the new image', async () => {
    const args = { action: 'create', ...CREATE_KINDS[kind], location: join(b.dir, `${kind}.img`), force: true };
    const made = await goodImage(b, args);
    b.lpar.sim(['fault', 'set', '--cmd', kind, '--kind', 'slow', '--ms', '2500', '--times', '1']);
    const s = retake(b, made);

    const group = target === 'its whole process group';
    const { child, exited } = startModule('backup', args, { env: { AIX_ROOT: b.lpar.root }, detached: group });
    // The module creates the partial file itself before it starts the writer: wait until the
    // writer has written into it.
    const written = (): boolean => {
      const partial = partialOf(s.location);
      return partial !== undefined && (statSync(join(b.dir, partial), { throwIfNoEntry: false })?.size ?? 0) > 0;
    };
    await until('the writer to write the partial file', written);
    expect(leftovers(s.location)).toContain(`${kind}.img.lock`);
    if (group) process.kill(-child.pid!, 'SIGKILL');
    else child.kill('SIGKILL');
    const killed = await exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).toBe('');

    // The writer runs in a process group of its own, so neither kill reaches it: it is orphaned
    // and left to finish, and the checks also cover what an orphan does once its parent is gone
    // (test/interrupts/writers.test.ts runs the next run while it still writes).
    const writer = (): { end: number | null; rc: number | null } | undefined => b.lpar.invocations().filter((i) => i.cmd === kind).pop();
    await until(`the orphaned ${kind} to finish`, () => writer()?.rc === 0);
    expect(partialOf(s.location)).toBeDefined();
    disksUnchanged(b, s);
    await oldImageSurvives(b, s);

    const next = await b.backup(args);
    expect(next.result.changed, next.result.msg).toBe(true);
    expect(next.result.msg).toContain(`took over the lock left by process ${child.pid}, which is gone`);
    expect(leftovers(s.location)).toEqual([]);
    expect(b.files()).toEqual([`${kind}.img`]);
    expect(b.lpar.run('listvgbackup', ['-f', s.location]).rc).toBe(0);
  });
});
