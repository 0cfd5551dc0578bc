// Planners run in-process against recorded AIX output (test/fixtures/aix): what they read, what
// they decide, which commands that costs, and the create pipeline end to end on a temporary
// directory, with the backup command's image file written by the recorded answer.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backup as spec } from '../../generated/specs';
import { backup as schemaCheck } from '../../generated/validators';
import { validateOptions } from '../../lib/ansible/validate';
import { runPipeline } from '../../lib/engine/pipeline';
import { createPlanner } from '../../lib/create/create';
import { resolveLocation, type Location } from '../../lib/image/location';
import type { BackupParams } from '../../lib/backup/options/params';
import { viewPlanner } from '../../lib/backup/view';
import { temporaryToken } from '../../lib/image/temporary-name';
import { outputOf } from '../aix/fixture';
import { containing } from '../helpers/matchers';
import { recordedIo, type Answers, type Recorded, type RecordedIo } from './recorded-io';

/** The LPAR of these tests: the one that made the recorded mksysb image (its header's UNAME INFO). */
const UNAME_INFO = 'AIX sapaix 2 7 00C97B604B00';
/** A header as this LPAR's listvgbackup prints it: the recorded one, naming this LPAR. */
const madeHere = (header: string): string => header.replace(/^UNAME INFO:( +).*$/m, `UNAME INFO:$1${UNAME_INFO}`);
const HEADER = outputOf('lsmksysb-l.4.1.S-SKYTAP.txt');
const SAVEVG_HEADER = madeHere(outputOf('lssavevg-l.4.1.S-SKYTAP.txt'));
const MEMBERS = './bosinst.data\n./image.data\n./usr/bin/ls\n';

const ios: RecordedIo[] = [];
afterEach(() => ios.splice(0).forEach((io) => io.cleanup()));

function lpar(answers: Answers, root?: string): RecordedIo {
  const io = recordedIo(answers, root);
  if (root === undefined) ios.push(io);
  mkdirSync(join(io.aixRoot, 'backup'), { recursive: true });
  // Under AIX_ROOT the LPAR's identity is its /image.data, as mksysb -i leaves it.
  writeFileSync(join(io.aixRoot, 'image.data'), `image_data:\n\tUNAME_INFO= ${UNAME_INFO}\n`);
  return io;
}

function location(io: RecordedIo, name: string): Location {
  const r = resolveLocation(join(io.aixRoot, 'backup', name), io.aixRoot, io.stateDir);
  if (!r.ok) throw new Error(r.msg);
  return r.value;
}

/** The two reads of a full image check: the header (-l), then every member. */
function imageAnswers(path: string, header: string, members: Recorded): Record<string, Recorded> {
  return { [`listvgbackup -l -f ${path}`]: { stdout: header }, [`listvgbackup -f ${path}`]: members };
}

function params(given: Record<string, unknown>): BackupParams {
  const v = validateOptions(spec, schemaCheck, given, 'backup');
  if (!v.ok) throw new Error(v.msg);
  return v.value;
}

describe('view against recorded listvgbackup output', () => {
  it('an image it does not know: one full check, then only the header listed while the file stays the same; stdout is the listing', async () => {
    const io = lpar({});
    const loc = location(io, 'rootvg.mksysb');
    writeFileSync(loc.path, 'image bytes');
    const first = lpar(imageAnswers(loc.given, HEADER, { stdout: MEMBERS }), io.aixRoot);
    const r = await runPipeline(viewPlanner(loc, first), first, { checkMode: false });
    expect(first.ran).toEqual([`listvgbackup -l -f ${loc.given}`, `listvgbackup -f ${loc.given}`]);
    expect(r).toMatchObject({ changed: false, backup: { kind: 'mksysb', volume_group: 'rootvg', complete: true, size_mb: 28448, date: '2021-12-16T00:38:18Z' } });
    expect(r.msg).toMatch(new RegExp(`^${loc.given}: complete mksysb image of rootvg, made Thu Dec 16 00:38:18 UTC 2021 \\(\\d+\\.\\d d\\)\\.$`));
    expect(r.stdout).toBe(HEADER);

    // Known from its record: no full check again, only the header for stdout, as IBM's view gives.
    const again = lpar({ [`listvgbackup -l -f ${loc.given}`]: { stdout: HEADER } }, io.aixRoot);
    const r2 = await runPipeline(viewPlanner(loc, again), again, { checkMode: false });
    expect(again.ran).toEqual([`listvgbackup -l -f ${loc.given}`]);
    expect(r2.stdout).toBe(HEADER);
    // The record of the first check adds the file's size; everything else is the same.
    expect(r2.backup).toEqual({ ...(r.backup as object), file_size_bytes: 'image bytes'.length });
  });

  it('a rootvg image without ./bosinst.data is a savevg image', async () => {
    const io = lpar({});
    const loc = location(io, 'rootvg.savevg');
    writeFileSync(loc.path, 'image bytes');
    const run = lpar(imageAnswers(loc.given, HEADER, { stdout: './image.data\n./tmp/vgdata/rootvg/image.data\n' }), io.aixRoot);
    expect(await runPipeline(viewPlanner(loc, run), run, { checkMode: false })).toMatchObject({ backup: { kind: 'savevg', volume_group: 'rootvg' } });
  });

  it('a truncated image is refused with the reason, and checked again next time', async () => {
    const io = lpar({});
    const loc = location(io, 'datavg.savevg');
    writeFileSync(loc.path, 'image bytes');
    const cut: Recorded = { rc: 1, stdout: './image.data\n', stderr: 'restore: 0511-195 An unexpected end of file was encountered.\n' };
    for (let i = 0; i < 2; i++) {
      const run = lpar(imageAnswers(loc.given, SAVEVG_HEADER, cut), io.aixRoot);
      const r = await runPipeline(viewPlanner(loc, run), run, { checkMode: false });
      expect(run.ran).toHaveLength(2);
      expect(r).toMatchObject({ failed: true, backup: { complete: false, kind: null } });
      expect(r.msg).toBe(`The image at ${loc.given} is not usable: reading the whole image failed (listvgbackup exited with 1): restore: 0511-195 An unexpected end of file was encountered.`);
    }
  });

  it('no file: refused naming the location, no command run', async () => {
    const io = lpar({});
    const loc = location(io, 'none.mksysb');
    const r = await runPipeline(viewPlanner(loc, io), io, { checkMode: false });
    expect(io.ran).toEqual([]);
    expect(r).toMatchObject({ failed: true, msg: `No image at ${loc.given}: it does not exist or is empty (0512-054).` });
  });
});

describe('create against recorded command results', () => {
  const job = (loc: Location, given: Record<string, unknown>, vg = 'rootvg') => {
    const p = params({ action: 'create', location: loc.given, ...given });
    return { params: p, location: loc, kind: p.type, vg, userFlags: [], maxAgeSec: p.max_age === '1s' ? 1 : null, checkMode: false, token: temporaryToken(), startedAt: new Date().toISOString() };
  };

  /** mksysb writes its image to the temporary name it is given; listvgbackup reads it back. */
  function backupLpar(root?: string): RecordedIo {
    return lpar((line) => {
      const [command, ...args] = line.split(' ');
      const file = args.at(-1) ?? '';
      if (command === 'mksysb') return { stdout: '0512-038 mksysb: Backup Completed Successfully.\n', effect: () => writeFileSync(file, 'new image') };
      if (command === 'listvgbackup') return args[0] === '-l' ? { stdout: HEADER } : { stdout: MEMBERS };
      return roomAnswer(line);
    }, root);
  }

  /**
   * What the space check reads with the lock held, before the backup runs: the volume group's
   * file systems, one df of every path (plenty of room on each), the file size limit.
   */
  function roomAnswer(line: string): Recorded | undefined {
    if (line === 'lsvg -l rootvg') return { stdout: outputOf('lsvg-l.1.3.S-OSVC.txt') };
    if (line === 'ulimit -f') return { stdout: 'unlimited\n' };
    if (!line.startsWith('df -P -k ')) return undefined;
    const paths = line.slice('df -P -k '.length).split(' ');
    const rows = paths.map((p) => `/dev/fs${p.length} 104857600 1048576 103809024 1% ${p}`);
    return { stdout: ['Filesystem 1024-blocks Used Available Capacity Mounted on', ...rows, ''].join('\n') };
  }
  const ROOM = ['lsvg -l rootvg', /^df -P -k \S+ \/tmp( \S+)+$/, 'ulimit -f'] as const;

  it('no image yet: write to a temporary name, read it back, rename it over; then nothing to do', async () => {
    const io = backupLpar();
    const loc = location(io, 'rootvg.mksysb');
    const r = await runPipeline(createPlanner(job(loc, { type: 'mksysb' }), io), io, { checkMode: false });
    expect(r).toMatchObject({ changed: true, msg: `Created a mksysb image of rootvg at ${loc.given}`, backup: { kind: 'mksysb', complete: true } });
    const temp = /^mksysb (\S+\/\.rootvg\.mksysb\.partial-\S+)$/.exec(io.ran[3] ?? '')?.[1];
    expect(temp, io.ran.join('\n')).toBeDefined();
    // The space is read with the lock held, just before the backup: the first read ran nothing.
    expect(io.ran.slice(0, 3)).toEqual([ROOM[0], expect.stringMatching(ROOM[1]), ROOM[2]]);
    expect(io.ran.slice(3)).toEqual([`mksysb ${temp}`, `listvgbackup -l -f ${temp}`, `listvgbackup -f ${temp}`]);
    expect(readdirSync(join(io.aixRoot, 'backup'))).toEqual(['rootvg.mksysb']);

    const again = lpar({}, io.aixRoot);
    const r2 = await runPipeline(createPlanner(job(loc, { type: 'mksysb' }), again), again, { checkMode: false });
    expect(again.ran).toEqual([]);
    expect(r2).toMatchObject({ changed: false, msg: containing(`A complete mksysb image of rootvg is at ${loc.given}`) });
  });

  it('check mode: the plan names the commands, none runs, nothing is written', async () => {
    const io = backupLpar();
    const loc = location(io, 'rootvg.mksysb');
    const r = await runPipeline(createPlanner(job(loc, { type: 'mksysb' }), io), io, { checkMode: true });
    // Check mode reads what the plan needs (the room for the image), and runs nothing that writes.
    expect(io.ran).toEqual([ROOM[0], expect.stringMatching(ROOM[1]), ROOM[2]]);
    expect(r).toMatchObject({ changed: true, msg: `Check mode: Created a mksysb image of rootvg at ${loc.given}; nothing was changed.` });
    const cmds = (r.plan as { cmd?: string }[]).map((s) => s.cmd).filter((c) => c !== undefined);
    expect(cmds).toEqual([expect.stringMatching(/^mksysb \S+\.partial-[0-9a-f]{24}$/), expect.stringMatching(/^listvgbackup -l -f (\S+) && listvgbackup -f \1$/)]);
    expect(existsSync(loc.path)).toBe(false);
  });

  it('an image older than max_age is replaced; an image of another volume group is refused', async () => {
    const io = backupLpar();
    const loc = location(io, 'rootvg.mksysb');
    writeFileSync(loc.path, 'old image');
    const r = await runPipeline(createPlanner(job(loc, { type: 'mksysb', max_age: '1s' }), io), io, { checkMode: false });
    expect(r).toMatchObject({ changed: true });
    expect(r.msg).toMatch(/^Replaced an image [\d.]+ d old \(max_age 1s\) with a new mksysb image of rootvg/);

    const other = lpar(imageAnswers(join(io.aixRoot, 'backup', 'data.savevg'), SAVEVG_HEADER, { stdout: './image.data\n' }), io.aixRoot);
    const dataLoc = location(other, 'data.savevg');
    writeFileSync(dataLoc.path, 'a savevg image');
    const refused = await runPipeline(createPlanner(job(dataLoc, { type: 'mksysb' }), other), other, { checkMode: false });
    expect(refused).toMatchObject({ failed: true, changed: false });
    expect(refused.msg).toMatch(/holds a structure-only savevg image of app, not a mksysb image of rootvg; nothing was touched/);
    expect(other.ran.every((l) => l.startsWith('listvgbackup'))).toBe(true);
  });

  it('an image whose header names another machine ID under this host name is not this LPAR\'s: refused, not replaced', async () => {
    const io = lpar({});
    const loc = location(io, 'rootvg.mksysb');
    writeFileSync(loc.path, 'their image');
    const theirs = HEADER.replace('00C97B604B00', '00C97B604B01');
    const run = lpar(imageAnswers(loc.given, theirs, { stdout: MEMBERS }), io.aixRoot);
    const r = await runPipeline(createPlanner(job(loc, { type: 'mksysb' }), run), run, { checkMode: false });
    expect(r).toMatchObject({ failed: true, changed: false });
    expect(r.msg).toContain(`${loc.given} holds an image made on another LPAR, sapaix (machine ID 00C97B604B01)`);
    expect(readFileSync(loc.path, 'utf8')).toBe('their image');
    expect(run.ran.every((l) => l.startsWith('listvgbackup'))).toBe(true);
  });

  it('savevg of a volume group that is not varied on: refused after lsvg -o and lsvg, nothing else run', async () => {
    const io = lpar({ 'lsvg -o': { stdout: outputOf('lsvg-list.1.1.S-SKYTAP.txt') }, lsvg: { stdout: 'rootvg\napp\ndata\ndatavg\n' } });
    const loc = location(io, 'datavg.savevg');
    const r = await runPipeline(createPlanner(job(loc, { type: 'savevg', name: 'datavg' }, 'datavg'), io), io, { checkMode: false });
    expect(io.ran).toEqual(['lsvg -o', 'lsvg']);
    expect(r).toMatchObject({ failed: true, msg: 'Volume group datavg is not varied on (active: rootvg, app, data); savevg backs up varied-on volume groups only. Run varyonvg datavg first.' });
  });

  it('savevg of a volume group that does not exist: refused naming the ones that do', async () => {
    const io = lpar({ 'lsvg -o': { stdout: outputOf('lsvg-list.1.1.S-SKYTAP.txt') }, lsvg: { stdout: 'rootvg\napp\ndata\n' } });
    const loc = location(io, 'datvg.savevg');
    const r = await runPipeline(createPlanner(job(loc, { type: 'savevg', name: 'datvg' }, 'datvg'), io), io, { checkMode: false });
    expect(io.ran).toEqual(['lsvg -o', 'lsvg']);
    expect(r).toMatchObject({ failed: true, msg: 'name: volume group datvg does not exist on this LPAR; its volume groups are rootvg, app, data. Check name.' });
  });
});
