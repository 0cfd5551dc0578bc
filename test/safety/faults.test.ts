// The fault matrix of action create: whatever fails or is killed, the last good image survives
// byte for byte and still verifies, no partial file stays beside it after the next run, the LPAR
// is unchanged, and the failure is one JSON document naming its cause.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { makeBench, type Bench } from '../helpers/backup';
import { disksUnchanged, failedWith, goodImage, leftovers, oldImageSurvives, retake, type Snapshot } from './invariants';
import { CREATE_KINDS, type CreateKind } from '../helpers/kinds';

let b: Bench;
beforeEach(() => {
  b = makeBench({ files: 5 });
});
afterEach(() => b.cleanup());

async function imageOf(kind: CreateKind): Promise<Snapshot> {
  return goodImage(b, { ...CREATE_KINDS[kind], location: join(b.dir, `${kind}.img`) });
}

function fault(cmd: string, ...spec: string[]): void {
  b.lpar.sim(['fault', 'set', '--cmd', cmd, ...spec]);
}

/** After a failure: the next run with the same arguments makes a good image and leaves nothing else. */
async function nextRunRecovers(kind: CreateKind, s: Snapshot): Promise<void> {
  b.lpar.sim(['fault', 'clear']);
  const next = await b.backup({ action: 'create', ...CREATE_KINDS[kind], location: s.location, force: true });
  expect(next.result.changed, next.result.msg).toBe(true);
  expect(leftovers(s.location)).toEqual([]);
  expect(b.files()).toEqual([`${kind}.img`]);
}

describe.each(['mksysb', 'savevg'] as const)('%s: the write fails', (kind) => {
  const cmd = kind; // the command that writes the image is named as its kind
  it.each([
    ['exits non-zero with its message', ['--kind', 'fail', '--rc', '3', '--message', `0512-005 ${kind}: Backup Completed.`], /failed, .* was left as it was: .*0512-005/],
    ['is killed by a signal midway', ['--kind', 'kill', '--after-bytes', '3000'], /failed, .* was left as it was: the backup was killed before it finished/],
    ['fills the file system', ['--kind', 'fs-full', '--after-bytes', '3000'], /failed, .* was left as it was: .*not enough space in the file system/],
    ['exits 0 without saying the backup completed', ['--kind', 'fail', '--rc', '0', '--message', 'mksysb: done'], /never printed 0512-038/],
  ])('%s', async (_what, spec, cause) => {
    const made = await imageOf(kind);
    fault(cmd, ...spec);
    const s = retake(b, made);
    const run = await b.backup({ action: 'create', ...CREATE_KINDS[kind], location: s.location, force: true });
    failedWith(run, cause);
    expect(leftovers(s.location)).toEqual([]);
    disksUnchanged(b, s);
    await oldImageSurvives(b, s);
    await nextRunRecovers(kind, s);
  });
});

describe('the other commands fail', () => {
  it('verification of the new image fails: the new image is discarded, the old one stays', async () => {
    const made = await imageOf('mksysb');
    // The old image is known to the module, so the first listvgbackup is the check of the new one.
    fault('listvgbackup', '--kind', 'fail', '--rc', '1', '--message', 'restore: the image is damaged');
    const s = retake(b, made);
    const run = await b.backup({ action: 'create', type: 'mksysb', location: s.location, force: true });
    failedWith(run, /^The new image failed verification, .* was left as it was: .*damaged/);
    expect(leftovers(s.location)).toEqual([]);
    disksUnchanged(b, s);
    b.lpar.sim(['fault', 'clear']);
    await oldImageSurvives(b, s);
  });

  it('listvgbackup fails on an image the module never saw: it is not replaced by nothing', async () => {
    const s = await imageOf('savevg');
    // As if the image had been copied here from another LPAR: no record, a full read is needed.
    fault('listvgbackup', '--kind', 'fail', '--rc', '1', '--message', 'restore: I/O error');
    const before = retake(b, s);
    rmSync(join(b.lpar.root, 'var/powerops/images'), { recursive: true, force: true });
    const run = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: s.location });
    failedWith(run, /I\/O error/);
    expect(leftovers(s.location)).toEqual([]);
    disksUnchanged(b, before);
    b.lpar.sim(['fault', 'clear']);
    await oldImageSurvives(b, s);
  });

  it('lsvg -o fails before a savevg: nothing is written', async () => {
    const s = await imageOf('savevg');
    fault('lsvg', '--kind', 'fail', '--rc', '2', '--message', '0516-1201 lsvg: Warning: The Physical Partition Size of 32 requires');
    const before = retake(b, s);
    const run = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: s.location, force: true });
    failedWith(run, /^Cannot list the active volume groups: lsvg -o exited with 2: 0516-1201/);
    expect(b.mutating().filter((m) => m.startsWith('savevg'))).toHaveLength(1);
    disksUnchanged(b, before);
    b.lpar.sim(['fault', 'clear']);
    await oldImageSurvives(b, s);
  });
});

describe('what is at the location, or the VG, is wrong', () => {
  it('a truncated image never counts as present, and view says so; create replaces it', async () => {
    const s = await imageOf('savevg');
    truncateSync(s.location, Math.floor(statSync(s.location).size / 3));
    const view = await b.backup({ action: 'view', location: s.location });
    failedWith(view, /^The image at .* is not usable: reading the whole image failed .*truncated/);
    const run = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: s.location });
    expect(run.result.msg).toMatch(/^Replaced an incomplete image \(reading the whole image failed/);
    expect(b.files()).toEqual(['savevg.img']);
    expect(b.lpar.run('listvgbackup', ['-f', s.location]).rc).toBe(0);
  });

  it('an image of another VG is refused untouched, with nothing run that writes', async () => {
    const made = await imageOf('mksysb');
    const s = retake(b, made);
    const writes = b.mutating().length;
    const run = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: s.location });
    failedWith(run, /holds a mksysb image of rootvg, not a savevg image of datavg; nothing was touched/);
    expect(b.mutating()).toHaveLength(writes);
    expect(leftovers(s.location)).toEqual([]);
    disksUnchanged(b, s);
    await oldImageSurvives(b, s);
  });

  it('a varied-off VG: even with force the old image stays and the message says how to fix it', async () => {
    const made = await imageOf('savevg');
    b.lpar.sim(['varyoff', 'datavg']);
    const s = retake(b, made);
    const run = await b.backup({ action: 'create', type: 'savevg', name: 'datavg', location: s.location, force: true });
    failedWith(run, /^Volume group datavg is not varied on .*varyonvg datavg/);
    expect(leftovers(s.location)).toEqual([]);
    disksUnchanged(b, s);
    await oldImageSurvives(b, s);
  });
});

// Refusals of restore (a disk in use, altinst_rootvg on other disks) are in test/restore/, with
// the LPAR state compared byte for byte. Here: the restoring command itself dies.
describe('restore: the AIX command is killed', () => {
  it.each([
    // restvg restores a VG that is not there: datavg's definition is removed after its backup.
    ['restvg', { type: 'savevg', name: 'hdisk2' }, 'savevg', ['exportvg', 'datavg']],
    ['alt_disk_mksysb', { type: 'mksysb', disk: ['hdisk2'] }, 'mksysb', null],
  ] as const)('%s', async (cmd, args, kind, prepare) => {
    const made = await imageOf(kind);
    if (prepare) b.lpar.sim([...prepare]);
    fault(cmd, '--kind', 'kill');
    const s = retake(b, made);
    const run = await b.backup({ action: 'restore', ...args, location: s.location });
    failedWith(run, /killed before it finished/);
    disksUnchanged(b, s);
    b.lpar.sim(['fault', 'clear']);
    await oldImageSurvives(b, s);
  });
});
