// action: create. The desired state: a complete image of the volume group at `location`, of the
// scope asked for (full, or structure only with exclude_data), younger than max_age when given.
// A new image is written to a temporary name beside the old one, read back in full, and only
// then renamed over it: the last good image survives any failure.
import { dirname } from 'node:path';
import { warnOnce, type Io } from '../engine/io';
import type { Decision, Planner } from '../engine/plan';
import { fail, ok, type Result } from '../result';
import { describeComplete, describeNew, describeWanted, isWanted, lastImageBytes, prerequisiteRefusal, readPrerequisites, throughLink, verb, verifyMade, writerGuard, type CreateKinds, type Prerequisites, type Wanted } from './common';
import { formatDuration, parseDuration } from '../image/duration';
import { readImage, type ImageState } from '../image/reader';
import { ImageStore, type ImageKind } from '../image/records';
import type { Location } from '../image/location';
import type { BackupParams } from '../backup/options/params';
import { foreignImage, identityOnce } from '../image/provenance';
import { ageWarning, describeImage, imageAgeSeconds, imageReport, youngEnough } from '../image/report';
import { leftoversTidy } from '../image/tidy';
import { partialsOf, writeExecutors, writeImageSteps, writeUndoers } from './write-image';

export interface CreateJob {
  params: BackupParams;
  location: Location;
  kind: ImageKind;
  vg: string;
  userFlags: string[];
  maxAgeSec: number | null;
  checkMode: boolean;
  /** The random part of this run's temporary name (see temporaryToken). */
  token: () => string;
  /** When the run started (ISO 8601): the image it makes is verified after it. */
  startedAt: string;
}

interface CreateState extends Prerequisites {
  image: ImageState;
  /** Why the complete image there is not this LPAR's (another LPAR made it), or null. */
  foreign: string | null;
}

export function createPlanner(job: CreateJob, io: Io): Planner<CreateState, CreateKinds> {
  const store = new ImageStore(io.stateDir);
  const { location, vg, kind } = job;
  const wanted: Wanted = { kind, vg, structureOnly: kind === 'savevg' && job.params.exclude_data };
  const what = describeWanted(wanted);

  const matches = (image: ImageState): boolean => isWanted(image, wanted);
  const fresh = (image: ImageState): boolean => youngEnough(image, job.maxAgeSec);
  const identity = identityOnce(io);

  return {
    async read(at) {
      const image = await readImage(io, location, store);
      const suspect = ageWarning(location.given, image);
      warnOnce(io, suspect);
      const foreign = image.present && image.complete ? await foreignImage(location.given, image.info, image.record.madeHere, identity) : null;
      // Nothing to write (or another LPAR's image to refuse): the no-op runs no further command.
      if ((foreign !== null || (matches(image) && fresh(image))) && !job.params.force) return ok({ image, vgs: null, space: null, foreign });
      const pre = await readPrerequisites(io, wanted, job.params, { location, lastBytes: lastImageBytes(image) }, at);
      return pre.ok ? ok({ image, ...pre.value, foreign }) : pre;
    },

    decide(state): Decision<CreateKinds> {
      const { image, foreign } = state;
      if (foreign !== null && !job.params.force) return { kind: 'refuse', msg: foreign };
      const age = imageAgeSeconds(image);
      if (matches(image) && !job.params.force && fresh(image)) {
        return {
          kind: 'met',
          msg: `A complete ${what} is at ${location.given}${via()} (${formatDuration(age ?? 0)} old); nothing to do.`,
          ...(location.kind === 'file' ? { tidy: leftoversTidy(location.lockPath, dirname(location.given), partialsOf(location.given)) } : {}),
        };
      }
      const refusal = otherImageRefusal(image) ?? prerequisiteRefusal(state, vg);
      if (refusal !== null) return { kind: 'refuse', msg: refusal };
      return {
        kind: 'act',
        msg: actMessage(image, age),
        steps: writeImageSteps({ kind, vg, params: job.params, userFlags: job.userFlags, target: location, token: job.token }),
        expect: { location: location.given, notBefore: job.startedAt },
        diff: { before: describeImage(location.given, image), after: describeNew(location.given, wanted) },
      };
    },

    executors: writeExecutors,
    undoers: writeUndoers,

    verify({ image }, expect) {
      return verifyMade(isWanted(image, wanted) ? { location: location.given, image } : null, expect, `${location.given} does not hold a complete ${what}`);
    },

    guard: () => writerGuard(location.lockPath, wanted, io.stateDir, job.params.lock_timeout),

    report(state) {
      return {
        backup: state ? imageReport(location.given, state.image) : null,
        ...(location.link ? { link: location.link } : {}),
        ...(location.kind === 'device'
          ? { device_note: `${location.given} is a device: the image was written in place (no temporary copy and rename are possible there).` }
          : {}),
      };
    },
  };

  /**
   * A complete image that is not the one asked for is replaced only when that loses nothing: a
   * structure-only image may give way to a full one of the same volume group; anything else
   * needs force.
   */
  function otherImageRefusal(image: ImageState): string | null {
    if (!image.present || !image.complete || matches(image) || job.params.force) return null;
    const found = describeComplete(image);
    const sameVg = image.kind === kind && image.info.volumeGroup === vg;
    if (sameVg && image.info.vgDataOnly) return null;
    if (sameVg) {
      return `${location.given}${via()} holds a full savevg image of ${vg}; a ${what} (exclude_data: true) holds no files and would replace it, so nothing was touched. Give the structure-only image another location, or set force: true to replace the full one.`;
    }
    return `${location.given}${via()} holds a ${found}, not a ${what}; nothing was touched. Choose another location, or set force: true to replace it.`;
  }

  function actMessage(image: ImageState, age: number | null): string {
    const at = `${what} at ${location.given}${via()}`;
    const v = (done: 'Created' | 'Replaced' | 'Made'): string => verb(done, job.checkMode);
    if (!image.present) return `${v('Created')} a ${at}`;
    if (!image.complete) return `${v('Replaced')} an incomplete image (${image.reason}) with a complete ${at}`;
    if (job.params.force) return `${v('Made')} a new ${at} (force)`;
    if (!matches(image)) return `${v('Replaced')} a ${describeComplete(image)} with a ${describeWanted(wanted, 'always')} at ${location.given}${via()}`;
    return `${v('Replaced')} an image ${formatDuration(age ?? 0)} old (max_age ${job.params.max_age}) with a new ${at}`;
  }

  function via(): string {
    return throughLink(location.link);
  }
}

export function createKind(params: BackupParams): Result<{ kind: ImageKind; vg: string }> {
  if (params.type === 'mksysb') return ok({ kind: 'mksysb', vg: 'rootvg' });
  if (!params.name) return fail('name: action create with type savevg needs the volume group to back up in name, e.g. name: datavg.');
  if (params.exclude_data && params.name === 'rootvg') return fail('exclude_data: cannot be used on rootvg; back up rootvg with type: mksysb instead.');
  return ok({ kind: 'savevg', vg: params.name });
}

export function maxAgeSeconds(params: BackupParams): number | null {
  return params.max_age === undefined ? null : parseDuration(params.max_age);
}
