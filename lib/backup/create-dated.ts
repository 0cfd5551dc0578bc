// action: create with a directory as location. The desired state: a complete image of the
// volume group among this LPAR's dated images there (the newest younger than max_age when
// given). A new image gets a new dated name, written and verified like any other; only then,
// as the last step, the oldest images beyond `keep` are removed, so a failed run removes nothing.
import { basename } from 'node:path';
import { warnOnce, type Io } from '../engine/io';
import type { Decision, Planner, Step } from '../engine/plan';
import { describeWanted, isWanted, lastImageBytes, prerequisitesReader, verb, vgRefusal, type Complete, type VgLists, type Wanted } from './create-common';
import { datedPath, fileProblem, freeDatedPath, isSeriesLeftover, scanSeries, scanWarnings, type Series } from './dated-images';
import { formatDuration } from './duration';
import { LOCATION, locksGuard, lparLock } from './guard';
import { leftoversTidy } from './tidy';
import { readImage } from './image-reader';
import { ImageStore } from './image-store';
import type { Location } from './location';
import { seriesLockPath } from './lock';
import type { BackupParams } from './params';
import { identityOnce, originOf, provenanceOf } from './provenance';
import { pruneSeries, retentionPlan } from './prune';
import { ageWarning, describeImage, imageAgeSeconds, imageReport, youngEnough } from './report';
import { spaceRefusal, type SpaceCheck } from './space';
import { writeImageSteps } from './write-image';

export interface DatedJob {
  params: BackupParams;
  series: Series;
  userFlags: string[];
  maxAgeSec: number | null;
  keep: number | null;
  checkMode: boolean;
  /** The symlink the user gave as location, when the series lives in its target directory. */
  link?: string;
}

interface DatedState {
  /** The newest complete image of the series made by this LPAR, if any. */
  newest: { location: Location; image: Complete } | null;
  /** Read only when an image must be made (savevg): the no-op path runs no AIX command. */
  vgs: VgLists | null;
  space: SpaceCheck | null;
  /** In check mode: the images keep would remove once the new one is made. */
  wouldPrune: string[] | null;
}

export function datedCreatePlanner(job: DatedJob, io: Io): Planner<DatedState> {
  const store = new ImageStore(io.stateDir);
  const startedAt = new Date().toISOString();
  const { series } = job;
  const { dir, vg, kind } = series;
  const wanted: Wanted = { kind, vg, structureOnly: kind === 'savevg' && job.params.exclude_data };
  const what = describeWanted(wanted);
  const prerequisites = prerequisitesReader(io, wanted, job.params, job.checkMode);
  const lockPath = seriesLockPath(series);
  const fileAt = (path: string): Location => ({ given: path, kind: 'file', path, lockPath });
  /** The name the new image gets: set by the last decision, the one taken with the lock held. */
  let target: string | null = null;
  /** What keep removed; null until the pruning step has run. */
  let pruned: string[] | null = null;

  const fresh = (image: Complete): boolean => youngEnough(image, job.maxAgeSec);
  const identity = identityOnce(io);

  return {
    async read() {
      const found = await newestComplete();
      // Which images are this LPAR's depends on its identity: without it, nothing is decided.
      if ('error' in found) return { ok: false, msg: `${found.error} Nothing was run.` };
      const { newest } = found;
      const idle = { newest, vgs: null, space: null, wouldPrune: null };
      if (newest && fresh(newest.image) && !job.params.force) return { ok: true, state: idle };
      const pre = await prerequisites(fileAt(datedPath(series, new Date())), newest ? lastImageBytes(newest.image) : null);
      if (!pre.ok) return pre;
      const wouldPrune = job.checkMode && job.keep !== null ? await prunePreview(job.keep) : null;
      return { ok: true, state: { ...idle, ...pre.state, wouldPrune } };
    },

    decide({ newest, vgs, space: room, wouldPrune }): Decision {
      const age = newest ? imageAgeSeconds(newest.image) : null;
      if (newest && fresh(newest.image) && !job.params.force) {
        return {
          kind: 'met',
          msg: `The newest complete ${what} in ${dir}${via()} is ${basename(newest.location.given)} (${formatDuration(age ?? 0)} old); nothing to do.`,
          tidy: leftoversTidy(lockPath, dir, isSeriesLeftover(series)),
        };
      }
      const vgProblem = vgRefusal(vgs, vg);
      if (vgProblem !== null) return { kind: 'refuse', msg: vgProblem };
      const noRoom = room === null ? null : spaceRefusal(room);
      if (noRoom !== null) return { kind: 'refuse', msg: noRoom };
      target = freeDatedPath(series, new Date());
      if (target === null) return { kind: 'refuse', msg: `Every name for a new image of ${vg} at this second is taken in ${dir}; nothing was written. Check who creates files there.` };
      const steps: Step[] = [
        ...writeImageSteps(io, store, { kind, vg, params: job.params, userFlags: job.userFlags, target: fileAt(target), isLeftover: isSeriesLeftover(series), noReplace: true }),
        ...(job.keep !== null ? [pruneStep(job.keep, target)] : []),
      ];
      return {
        kind: 'act',
        msg: actMessage(target, newest, age) + pruneNote(wouldPrune),
        steps,
        diff: { before: newest ? describeImage(newest.location.given, newest.image) : `${dir}: no ${kind} image of ${vg} from ${series.host}\n`, after: describeAfter(target) },
      };
    },

    verify({ newest }) {
      if (!newest || newest.location.given !== target) return { ok: false, msg: `the newest complete ${kind} image of ${vg} in ${dir} is not ${target ?? 'the new one'}` };
      if (newest.image.record.verifiedAt < startedAt) return { ok: false, msg: `${target} is not the image this run made` };
      return { ok: true };
    },

    guard: () => locksGuard([{ path: lockPath, subject: LOCATION }, lparLock(io.stateDir, kind === 'mksysb' ? { kind: 'system' } : { kind: 'vg', vg })], job.params.lock_timeout),

    report(state) {
      const newest = state?.newest ?? null;
      return {
        backup: newest ? imageReport(newest.location.given, newest.image) : null,
        ...(pruned !== null ? { pruned } : {}),
        ...(state?.wouldPrune ? { would_prune: state.wouldPrune } : {}),
        ...(job.link ? { link: job.link } : {}),
      };
    },
  };

  /**
   * Reads the series from the newest name down to the first complete image of the volume group
   * that this LPAR made: a name, or an image from another LPAR under this LPAR's name, never
   * counts. Files that cannot be this LPAR's images (another owner, links) cost no command.
   */
  async function newestComplete(): Promise<{ newest: DatedState['newest'] } | { error: string }> {
    const scan = scanSeries(series);
    for (const w of scanWarnings(series, scan)) warnOnce(io, w);
    const notOurs: string[] = [];
    const found = await firstOfOurs(scan.names, notOurs);
    if (notOurs.length > 0) {
      const shown = notOurs.slice(0, 3).join('; ');
      warnOnce(io, `${notOurs.length} file(s) in ${dir} named like this LPAR's images are not counted: ${shown}${notOurs.length > 3 ? '; ...' : ''}.`);
    }
    return found;
  }

  async function firstOfOurs(names: { path: string }[], notOurs: string[]): Promise<{ newest: DatedState['newest'] } | { error: string }> {
    for (const { path } of names) {
      const problem = fileProblem(path);
      if (problem !== null) {
        notOurs.push(`${path} ${problem}`);
        continue;
      }
      const location = fileAt(path);
      const image = await readImage(io, location, store);
      if (!isWanted(image, wanted)) continue;
      const origin = await provenanceOf(image.info, image.record.madeHere, identity);
      if (!origin.ok) return { error: origin.msg };
      if (!origin.value.ours) {
        notOurs.push(`${path} was made on ${originOf(image.info)}, not on this LPAR`);
        continue;
      }
      const suspect = ageWarning(path, image);
      warnOnce(io, suspect);
      return { newest: { location, image } };
    }
    return { newest: null };
  }

  /**
   * What keep would remove after this run: the new image is the newest complete one, so every
   * image of the series past the newest keep - 1 complete ones already there (pruneSeries).
   */
  async function prunePreview(keep: number): Promise<string[]> {
    const plan = await retentionPlan(io, store, series, keep - 1, identity);
    return plan.ok ? plan.value.removable : [];
  }

  function pruneNote(wouldPrune: string[] | null): string {
    if (wouldPrune === null) return '';
    if (wouldPrune.length === 0) return `; keep: ${job.keep} would remove no image`;
    return `; keep: ${job.keep} would then remove ${wouldPrune.map((p) => basename(p)).join(', ')}`;
  }

  function via(): string {
    return job.link ? ` (through the symlink ${job.link}, which is kept)` : '';
  }

  function pruneStep(keep: number, made: string): Step {
    return {
      title: `remove the images of ${vg} from ${series.host} in ${dir} older than the newest ${keep} complete ones`,
      run: async () => {
        const result = await pruneSeries(io, store, series, keep, made, identity);
        pruned = result.removed;
        return { ok: true, warnings: result.warnings };
      },
    };
  }

  function actMessage(made: string, newest: DatedState['newest'], age: number | null): string {
    const created = `${verb('Created', job.checkMode)} a ${what} at ${made}${via()}`;
    if (!newest) return created;
    if (job.params.force) return `${created} (force)`;
    return `${created}; the newest one, ${basename(newest.location.given)}, ${job.checkMode ? 'is' : 'was'} ${formatDuration(age ?? 0)} old (max_age ${job.params.max_age})`;
  }

  function describeAfter(made: string): string {
    return [`location: ${made}`, `kind: ${kind}`, `volume_group: ${vg}`, `scope: ${wanted.structureOnly ? 'structure only' : 'full'}`, 'date: (new)', ''].join('\n');
  }
}
