// action: create. The desired state: a complete image of the volume group at `location`
// (younger than max_age when given). A new image is written to a temporary name beside the old
// one, read back in full, and only then renamed over it: the last good image survives any failure.
import { dirname } from 'node:path';
import type { Io } from '../engine/io';
import type { Decision, Planner } from '../engine/plan';
import { readVgList } from './disks';
import { formatDuration, parseDuration } from './duration';
import { readImage, type ImageState } from './image-reader';
import { ImageStore, type ImageKind } from './image-store';
import { LOCATION, locksGuard, lparLock } from './guard';
import type { Location } from './location';
import type { BackupParams } from './params';
import { foreignImage, identityOnce } from './provenance';
import { ageWarning, describeImage, imageAgeSeconds, imageReport, youngEnough } from './report';
import { leftoversTidy } from './tidy';
import { partialsOf, writeImageSteps } from './write-image';

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
  /** Why the complete image there is not this LPAR's (another LPAR made it), or null. */
  foreign: string | null;
}

export function createPlanner(job: CreateJob, io: Io): Planner<CreateState> {
  const store = new ImageStore(io.stateDir);
  const startedAt = new Date().toISOString();
  const { location, vg, kind } = job;

  const matches = (image: ImageState): boolean =>
    image.present && image.complete && image.info.volumeGroup === vg && image.kind === kind;
  const fresh = (image: ImageState): boolean => youngEnough(image, job.maxAgeSec);
  const identity = identityOnce(io);

  return {
    async read() {
      const image = await readImage(io, location, store);
      const suspect = ageWarning(location.given, image);
      if (suspect !== null && !io.warnings.includes(suspect)) io.warnings.push(suspect);
      const foreign = image.present && image.complete ? await foreignImage(location.given, image.info, image.record.madeHere, identity) : null;
      const wanted = matches(image) && foreign === null && fresh(image) && !job.params.force;
      if (wanted || kind === 'mksysb') return { ok: true, state: { image, activeVgs: null, foreign } };
      const active = await readVgList(io, 'active');
      return active.ok ? { ok: true, state: { image, activeVgs: active.state, foreign } } : active;
    },

    decide({ image, activeVgs, foreign }): Decision {
      if (foreign !== null && !job.params.force) return { kind: 'refuse', msg: foreign };
      const age = imageAgeSeconds(image);
      if (matches(image) && !job.params.force) {
        if (fresh(image)) {
          return {
            kind: 'met',
            msg: `A complete ${kind} image of ${vg} is at ${location.given} (${formatDuration(age ?? 0)} old); nothing to do.`,
            ...(location.kind === 'file' ? { tidy: leftoversTidy(location.lockPath, dirname(location.given), partialsOf(location.given)) } : {}),
          };
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
      return { kind: 'act', msg: actMessage(image, age), steps: writeImageSteps(io, store, { kind, vg, params: job.params, userFlags: job.userFlags, target: location }), diff: { before: describeImage(location.given, image), after: describeAfter() } };
    },

    verify({ image }) {
      if (!matches(image)) return { ok: false, msg: `${location.given} does not hold a complete ${kind} image of ${vg}` };
      if (image.present && image.complete && image.record.verifiedAt < startedAt) return { ok: false, msg: `${location.given} is not the image this run made` };
      return { ok: true };
    },

    guard: () => locksGuard([{ path: location.lockPath, subject: LOCATION }, lparLock(io.stateDir, kind === 'mksysb' ? { kind: 'system' } : { kind: 'vg', vg })], job.params.lock_timeout),

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
