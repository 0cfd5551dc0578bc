// action: create with a directory as location. The desired state: a complete image of the
// volume group among this LPAR's dated images there (the newest younger than max_age when
// given). A new image gets a new dated name, written and verified like any other; only then,
// as the last step, the oldest images beyond `keep` are removed, so a failed run removes nothing.
import { basename } from 'node:path';
import type { Io } from '../engine/io';
import type { Decision, Planner, Step } from '../engine/plan';
import { describeWanted, isWanted, lastImageBytes, prerequisitesReader, verb, vgRefusal, type Complete, type VgLists, type Wanted } from './create-common';
import { datedPath, isSeriesLeftover, seriesLockPath, seriesPaths, type Series } from './dated-images';
import { formatDuration } from './duration';
import { lockGuard } from './guard';
import { leftoversTidy } from './tidy';
import { readImage } from './image-reader';
import { ImageStore } from './image-store';
import type { Location } from './location';
import type { BackupParams } from './params';
import { pruneSeries } from './prune';
import { describeImage, imageAgeSeconds, imageReport, youngEnough } from './report';
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
  /** The newest complete image of the series, if any. */
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

  return {
    async read() {
      const newest = await newestComplete();
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
      target = datedPath(series, new Date());
      const steps: Step[] = [
        ...writeImageSteps(io, store, { kind, vg, params: job.params, userFlags: job.userFlags, target: fileAt(target), isLeftover: isSeriesLeftover(series) }),
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

    guard: () => lockGuard(lockPath, job.params.lock_timeout),

    report(state) {
      const newest = state?.newest ?? null;
      const recorded = newest?.image.info.hostname;
      return {
        backup: newest ? imageReport(newest.location.given, newest.image) : null,
        ...(pruned !== null ? { pruned } : {}),
        ...(state?.wouldPrune ? { would_prune: state.wouldPrune } : {}),
        ...(job.link ? { link: job.link } : {}),
        ...(recorded && recorded !== series.host
          ? { warnings: [`${newest?.location.given} is named for host ${series.host}, but its header says it was made on ${recorded}: check the LPAR's host name.`] }
          : {}),
      };
    },
  };

  /** Reads the series from the newest name down to the first complete image of the volume group. */
  async function newestComplete(): Promise<DatedState['newest']> {
    for (const path of seriesPaths(series)) {
      const location = fileAt(path);
      const image = await readImage(io, location, store);
      if (isWanted(image, wanted)) return { location, image };
    }
    return null;
  }

  /**
   * What keep would remove after this run: the new image is the newest complete one, so every
   * image of the series past the newest keep - 1 complete ones already there (pruneSeries).
   */
  async function prunePreview(keep: number): Promise<string[]> {
    const paths = seriesPaths(series);
    let complete = 0;
    for (let i = 0; i < paths.length; i++) {
      if (complete === keep - 1) return paths.slice(i);
      const image = await readImage(io, fileAt(paths[i]), store);
      if (image.present && image.complete && image.kind === kind && image.info.volumeGroup === vg) complete++;
    }
    return [];
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
        const result = await pruneSeries(io, store, series, keep, made);
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
