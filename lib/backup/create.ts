// action: create. The desired state: a complete image of the volume group at `location`
// (younger than max_age when given). A new image is written to a temporary name beside the old
// one, read back in full, and only then renamed over it: the last good image survives any failure.
import { readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { parseVgList } from '../aix/lsvg';
import { classifyLine, newClassifier, summarizeBackupRun } from '../aix/messages';
import type { Io } from '../engine/io';
import type { Decision, Planner, Step } from '../engine/plan';
import { formatDuration, parseDuration } from './duration';
import { mksysbFlags, savevgFlags } from './flag-tables';
import { checkImage, readImage, type ImageState } from './image-reader';
import { ImageStore, type ImageKind } from './image-store';
import { acquireLock } from './lock';
import type { Location } from './location';
import type { BackupParams } from './params';
import { describeImage, imageAgeSeconds, imageReport } from './report';

export interface CreateJob {
  params: BackupParams;
  location: Location;
  kind: ImageKind;
  vg: string;
  userFlags: string[];
  maxAgeSec: number | null;
}

interface CreateState {
  image: ImageState;
  /** Read only when an image must be made: the no-op path runs no AIX command. */
  activeVgs: string[] | null;
}

const PARTIAL_MARK = '.partial-';

export function createPlanner(job: CreateJob, io: Io): Planner<CreateState> {
  const store = new ImageStore(io.stateDir);
  const startedAt = new Date().toISOString();
  const { location, vg, kind } = job;
  const writePath = location.kind === 'file' ? temporaryPath(location.given) : location.given;

  const matches = (image: ImageState): boolean =>
    image.present && image.complete && image.info.volumeGroup === vg && image.kind === kind;
  const fresh = (image: ImageState): boolean => {
    if (job.maxAgeSec === null) return true;
    const age = imageAgeSeconds(image);
    return age !== null && age <= job.maxAgeSec;
  };

  return {
    async read() {
      const image = await readImage(io, location, store);
      const wanted = matches(image) && fresh(image) && !job.params.force;
      if (wanted || kind === 'mksysb') return { ok: true, state: { image, activeVgs: null } };
      const lsvg = await io.run('lsvg', ['-o']);
      if (lsvg.rc !== 0) return { ok: false, msg: `Cannot list the active volume groups: lsvg -o exited with ${lsvg.rc}: ${lsvg.stderr.trim()}` };
      return { ok: true, state: { image, activeVgs: parseVgList(lsvg.stdout) } };
    },

    decide({ image, activeVgs }): Decision {
      const age = imageAgeSeconds(image);
      if (matches(image) && !job.params.force) {
        if (fresh(image)) {
          return { kind: 'met', msg: `A complete ${kind} image of ${vg} is at ${location.given} (${formatDuration(age ?? 0)} old); nothing to do.` };
        }
      } else if (image.present && image.complete && !matches(image) && !job.params.force) {
        return {
          kind: 'refuse',
          msg: `${location.given} holds a ${image.kind} image of ${image.info.volumeGroup}, not a ${kind} image of ${vg}; nothing was touched. Choose another location, or set force: true to replace it.`,
        };
      }
      if (activeVgs !== null && !activeVgs.includes(vg)) {
        return { kind: 'refuse', msg: `Volume group ${vg} is not varied on (active: ${activeVgs.join(', ') || 'none'}); savevg backs up varied-on volume groups only. Run varyonvg ${vg} first, or check name.` };
      }
      return { kind: 'act', msg: actMessage(image, age), steps: steps(), diff: { before: describeImage(location.given, image), after: describeAfter() } };
    },

    verify({ image }) {
      if (!matches(image)) return { ok: false, msg: `${location.given} does not hold a complete ${kind} image of ${vg}` };
      if (image.present && image.complete && image.record.verifiedAt < startedAt) return { ok: false, msg: `${location.given} is not the image this run made` };
      return { ok: true };
    },

    async guard() {
      const lock = await acquireLock(location.lockPath, job.params.lock_timeout);
      if (!lock.ok) return { ok: false, msg: lock.error };
      const notes: string[] = [];
      if (lock.waitedMs > 1000) notes.push(`waited ${formatDuration(lock.waitedMs / 1000)} for another run on this location`);
      if (lock.tookOver) notes.push(`took over the lock left by process ${lock.tookOver.pid}, which is gone`);
      return { ok: true, guard: { release: async () => lock.release(), ...(notes.length ? { note: notes.join('; ') } : {}) } };
    },

    report(state) {
      return {
        backup: state ? imageReport(location.given, state.image) : null,
        ...(location.kind === 'device'
          ? { device_note: `${location.given} is a device: the image was written in place (no temporary copy and rename are possible there).` }
          : {}),
      };
    },
  };

  function actMessage(image: ImageState, age: number | null): string {
    const what = `${kind} image of ${vg} at ${location.given}`;
    if (!image.present) return `Created a ${what}`;
    if (!image.complete) return `Replaced an incomplete image (${image.reason}) with a complete ${what}`;
    if (job.params.force) return `Made a new ${what} (force)`;
    return `Replaced an image ${formatDuration(age ?? 0)} old (max_age ${job.params.max_age}) with a new ${what}`;
  }

  function describeAfter(): string {
    return [`location: ${location.given}`, `kind: ${kind}`, `volume_group: ${vg}`, 'date: (new)', ''].join('\n');
  }

  function commandLine(): { command: 'mksysb' | 'savevg'; args: string[] } {
    if (kind === 'mksysb') return { command: 'mksysb', args: [...mksysbFlags.render(job.params), ...job.userFlags, writePath] };
    return { command: 'savevg', args: [...savevgFlags.render({ ...job.params, location: writePath }), ...job.userFlags, vg] };
  }

  function steps(): Step[] {
    const { command, args } = commandLine();
    const list: Step[] = [];
    if (location.kind === 'file') {
      list.push({ title: `remove temporary files left beside ${location.given} by runs that were killed`, run: async () => (removeLeftovers(location.given), { ok: true }) });
    }
    list.push({
      title: `write the image${location.kind === 'file' ? ` to ${writePath}` : ''}`,
      argv: [command, ...args],
      main: true,
      run: async () => {
        const classifier = newClassifier('backup');
        const run = await io.run(command, args, { onLine: (line) => classifyLine(classifier, line) });
        const summary = summarizeBackupRun(run.signal ? null : run.rc, classifier);
        if (summary.status === 'failed') {
          const why = run.spawnError ?? summary.messages.join(' ');
          return { ok: false, msg: `${command} failed, ${location.given} was left as it was: ${why}`, run };
        }
        const warnings = summary.status === 'partial' ? [`${command} could not archive some files (0512-003); the image was made without them: ${summary.messages.join(' ')}`] : [];
        return { ok: true, run, warnings };
      },
      undo: async () => {
        if (location.kind === 'file') rmSync(writePath, { force: true });
      },
    });
    list.push({
      title: 'read the new image back in full and check its volume group',
      argv: ['listvgbackup', '-f', writePath],
      run: async () => {
        const checked = await checkImage(io, writePath);
        if (!checked.present || !checked.complete) {
          return { ok: false, msg: `The new image failed verification, ${location.given} was left as it was: ${checked.present ? checked.reason : 'the command wrote no image'}` };
        }
        if (checked.info.volumeGroup !== vg || checked.kind !== kind) {
          return { ok: false, msg: `The new image holds a ${checked.kind} image of ${checked.info.volumeGroup}, not of ${vg}; it was discarded.` };
        }
        install(checked);
        return { ok: true };
      },
    });
    return list;
  }

  /** Renames the verified image over the location (files), and records what was verified. */
  function install(checked: Extract<ImageState, { complete: true }>): void {
    if (location.kind !== 'file') return;
    renameSync(writePath, location.given);
    const st = statSync(location.path);
    store.save({ ...checked.record, location: location.given, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, madeHere: true });
  }
}

/** A name beside the image that no one can take for an image: hidden, and marked partial. */
function temporaryPath(location: string): string {
  return join(dirname(location), `.${basename(location)}${PARTIAL_MARK}${hostname()}-${process.pid}`);
}

/** Called with the location's lock held: any partial file of this location is a leftover. */
function removeLeftovers(location: string): void {
  const prefix = `.${basename(location)}${PARTIAL_MARK}`;
  for (const f of readdirSync(dirname(location))) {
    if (f.startsWith(prefix)) rmSync(join(dirname(location), f), { force: true });
  }
}

export function createKind(params: BackupParams): { kind: ImageKind; vg: string } | { error: string } {
  if (params.type === 'mksysb') return { kind: 'mksysb', vg: 'rootvg' };
  if (!params.name) return { error: 'name: action create with type savevg needs the volume group to back up in name, e.g. name: datavg.' };
  if (params.exclude_data && params.name === 'rootvg') return { error: 'exclude_data: cannot be used on rootvg; back up rootvg with type: mksysb instead.' };
  return { kind: 'savevg', vg: params.name };
}

export function maxAgeSeconds(params: BackupParams): number | null {
  return params.max_age === undefined ? null : parseDuration(params.max_age);
}
