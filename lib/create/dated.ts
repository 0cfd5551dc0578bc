// action: create with a directory as location. The desired state: a complete image of the
// volume group among this LPAR's dated images there (the newest younger than max_age when
// given). A new image gets a new dated name, written and verified like any other; only then,
// as the last step, the oldest images beyond `keep` are removed, so a failed run removes nothing.
import { lstatSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { warnOnce, type Io } from '../engine/io';
import type { Decision, Executors, Planner, ReadAt, StepOf } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { describeNew, describeWanted, isWanted, lastImageBytes, prerequisiteRefusal, readPrerequisites, throughLink, verb, verifyMade, writerGuard, type Complete, type MadeImage, type Prerequisites, type Wanted } from './common';
import { datedPath, fileProblem, freeDatedPath, isSeriesLeftover, scanSeries, scanWarnings, type Series } from '../image/dated-images';
import { formatDuration } from '../image/duration';
import { leftoversTidy } from '../image/tidy';
import { readImage } from '../image/reader';
import { ImageStore } from '../image/records';
import type { Location } from '../image/location';
import { seriesLockPath } from '../image/lock';
import type { BackupParams } from '../backup/options/params';
import { identityOnce, originOf, provenanceOf } from '../image/provenance';
import { retentionPlan } from '../image/prune';
import { ageWarning, describeImage, imageAgeSeconds, imageReport, youngEnough } from '../image/report';
import { writeExecutors, writeImageSteps, writeUndoers, type WriteOps, type WriteProduced, type WriteUndos } from './write-image';

export interface DatedJob {
  params: BackupParams;
  series: Series;
  userFlags: string[];
  maxAgeSec: number | null;
  keep: number | null;
  checkMode: boolean;
  /** The random part of this run's temporary name (see temporaryToken). */
  token: () => string;
  /** When the run started (ISO 8601): the image it makes is verified after it. */
  startedAt: string;
  /** The time a new image's name is taken from. */
  clock: () => Date;
  /** The symlink the user gave as location, when the series lives in its target directory. */
  link?: string;
}

/** An image keep removes, known by what it was when read: a file changed since is left alone. */
export interface PruneTarget {
  path: string;
  dev: number;
  ino: number;
  ctimeMs: number;
}

/** keep: N, as the last step: the images to remove, decided with the lock held, before the new one is made. */
export type PruneOps = {
  prune: { runs: readonly []; keep: number; made: string; remove: PruneTarget[]; warnings: string[] };
};

interface DatedKinds {
  ops: WriteOps & PruneOps;
  undos: WriteUndos;
  produced: WriteProduced;
  expect: MadeImage;
}

interface DatedState extends Prerequisites {
  at: ReadAt;
  /** The newest complete image of the series made by this LPAR, if any. */
  newest: { location: Location; image: Complete } | null;
  /** The dated name a new image gets, free when read (null: every name of this second is taken); read only when one must be made. */
  target: string | null;
  /** What keep removes once the new image is made; read only where a plan is made (check mode, and with the lock held). */
  retention: PruneOps['prune'] | null;
}

export function datedCreatePlanner(job: DatedJob, io: Io): Planner<DatedState, DatedKinds> {
  const store = new ImageStore(io.stateDir);
  const { series } = job;
  const { dir, vg, kind } = series;
  const wanted: Wanted = { kind, vg, structureOnly: kind === 'savevg' && job.params.exclude_data };
  const what = describeWanted(wanted);
  const lockPath = seriesLockPath(series);
  const fileAt = (path: string): Location => ({ given: path, kind: 'file', path, lockPath });

  const fresh = (image: Complete): boolean => youngEnough(image, job.maxAgeSec);
  const identity = identityOnce(io);

  return {
    async read(at) {
      const found = await newestComplete();
      // Which images are this LPAR's depends on its identity: without it, nothing is decided.
      if (!found.ok) return fail(`${found.msg} Nothing was run.`);
      const newest = found.value;
      const idle: DatedState = { at, newest, vgs: null, space: null, target: null, retention: null };
      if (newest && fresh(newest.image) && !job.params.force) return ok(idle);
      const now = job.clock();
      const target = freeDatedPath(series, now);
      const pre = await readPrerequisites(io, wanted, job.params, { location: fileAt(target ?? datedPath(series, now)), lastBytes: newest ? lastImageBytes(newest.image) : null }, at);
      if (!pre.ok) return pre;
      const planning = at === 'check' || at === 'locked';
      const retention = planning && job.keep !== null && target !== null ? await retentionOf(job.keep, target, now) : null;
      return ok({ ...idle, ...pre.value, target, retention });
    },

    decide(state): Decision<DatedKinds> {
      const { newest, target, retention } = state;
      const age = newest ? imageAgeSeconds(newest.image) : null;
      if (newest && fresh(newest.image) && !job.params.force) {
        return {
          kind: 'met',
          msg: `The newest complete ${what} in ${dir}${via()} is ${basename(newest.location.given)} (${formatDuration(age ?? 0)} old); nothing to do.`,
          tidy: leftoversTidy(lockPath, dir, isSeriesLeftover(series)),
        };
      }
      const refusal = prerequisiteRefusal(state, vg);
      if (refusal !== null) return { kind: 'refuse', msg: refusal };
      if (target === null) return { kind: 'refuse', msg: `Every name for a new image of ${vg} at this second is taken in ${dir}; nothing was written. Check who creates files there.` };
      const steps: StepOf<DatedKinds>[] = [
        ...writeImageSteps({ kind, vg, params: job.params, userFlags: job.userFlags, target: fileAt(target), token: job.token, leftovers: { series }, noReplace: true }),
        ...(retention !== null ? [pruneStep(retention)] : []),
      ];
      return {
        kind: 'act',
        msg: actMessage(target, newest, age) + (job.checkMode ? pruneNote(retention) : ''),
        steps,
        expect: { location: target, notBefore: job.startedAt },
        diff: { before: newest ? describeImage(newest.location.given, newest.image) : `${dir}: no ${kind} image of ${vg} from ${series.host}\n`, after: describeNew(target, wanted) },
      };
    },

    executors: { ...writeExecutors, prune: pruneImages },
    undoers: writeUndoers,

    verify({ newest }, expect) {
      return verifyMade(newest ? { location: newest.location.given, image: newest.image } : null, expect, `the newest complete ${kind} image of ${vg} in ${dir} is not ${expect.location}`);
    },

    guard: () => writerGuard(lockPath, wanted, io.stateDir, job.params.lock_timeout),

    report(state) {
      const newest = state?.newest ?? null;
      return {
        backup: newest ? imageReport(newest.location.given, newest.image) : null,
        ...(state?.at === 'check' && state.retention ? { would_prune: state.retention.remove.map((r) => r.path) } : {}),
        ...(job.link ? { link: job.link } : {}),
      };
    },
  };

  /**
   * Reads the series from the newest name down to the first complete image of the volume group
   * that this LPAR made: a name, or an image from another LPAR under this LPAR's name, never
   * counts. Files that cannot be this LPAR's images (another owner, links) cost no command.
   */
  async function newestComplete(): Promise<Result<DatedState['newest']>> {
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

  async function firstOfOurs(names: { path: string }[], notOurs: string[]): Promise<Result<DatedState['newest']>> {
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
      if (!origin.ok) return origin;
      if (!origin.value.ours) {
        notOurs.push(`${path} was made on ${originOf(image.info)}, not on this LPAR`);
        continue;
      }
      const suspect = ageWarning(path, image);
      warnOnce(io, suspect);
      return ok({ location, image });
    }
    return ok(null);
  }

  /**
   * What keep removes after this run: the new image is the newest complete one, so every image
   * of the series past the newest keep - 1 complete ones already there (retentionPlan). An image
   * named for this second or later may be newer than the new one: keep then removes nothing this
   * run rather than count the new image among the newest when it is not.
   */
  async function retentionOf(keep: number, made: string, now: Date): Promise<PruneOps['prune']> {
    const plan = await retentionPlan(io, store, series, keep - 1, identity);
    const none = { runs: [] as const, keep, made, remove: [], warnings: plan.ok ? plan.value.warnings : plan.warnings };
    if (!plan.ok) return none;
    const { kept, removable, warnings } = plan.value;
    const second = Math.floor(now.getTime() / 1000) * 1000;
    const newer = new Set(scanSeries(series).names.filter((n) => n.at >= second).map((n) => n.path));
    if (kept.length === keep - 1 && kept.every((p) => newer.has(p)) && removable.some((p) => newer.has(p))) {
      return { ...none, warnings: [...warnings, `keep: ${made} is not among the ${keep} newest images of ${vg} in ${dir}; nothing was removed.`] };
    }
    const remove: PruneTarget[] = [];
    for (const path of removable) {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (st !== undefined) remove.push({ path, dev: st.dev, ino: st.ino, ctimeMs: st.ctimeMs });
    }
    return { ...none, remove };
  }

  function pruneNote(retention: PruneOps['prune'] | null): string {
    if (retention === null) return '';
    if (retention.remove.length === 0) return `; keep: ${job.keep} would remove no image`;
    return `; keep: ${job.keep} would then remove ${retention.remove.map((r) => basename(r.path)).join(', ')}`;
  }

  function via(): string {
    return throughLink(job.link);
  }

  function pruneStep(op: PruneOps['prune']): StepOf<DatedKinds> {
    return { title: `remove the images of ${vg} from ${series.host} in ${dir} older than the newest ${op.keep} complete ones`, op: { kind: 'prune', ...op } };
  }
  function actMessage(made: string, newest: DatedState['newest'], age: number | null): string {
    const created = `${verb('Created', job.checkMode)} a ${what} at ${made}${via()}`;
    if (!newest) return created;
    if (job.params.force) return `${created} (force)`;
    return `${created}; the newest one, ${basename(newest.location.given)}, ${job.checkMode ? 'is' : 'was'} ${formatDuration(age ?? 0)} old (max_age ${job.params.max_age})`;
  }
}

/**
 * Removes the images the decision named, each only while it is still the file that was judged
 * (same device, inode and ctime, a regular file of root with one link). Never fails the run: the
 * new image is made; an image that cannot be removed is a warning.
 */
const pruneImages: Executors<PruneOps, WriteProduced>['prune'] = (op, { io }) => {
  const store = new ImageStore(io.stateDir);
  const removed: string[] = [];
  const warnings = [...op.warnings];
  for (const t of op.remove) {
    const st = lstatSync(t.path, { throwIfNoEntry: false });
    if (st === undefined || st.dev !== t.dev || st.ino !== t.ino || st.ctimeMs !== t.ctimeMs || fileProblem(t.path) !== null) {
      warnings.push(`keep: ${t.path} changed since it was judged; it was not removed.`);
      continue;
    }
    try {
      rmSync(t.path);
      store.forget(t.path);
      removed.push(t.path);
    } catch (err) {
      warnings.push(`keep: could not remove ${t.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  for (const w of warnings) warnOnce(io, w);
  return Promise.resolve(ok({ result: { pruned: removed } }));
};
