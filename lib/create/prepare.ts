// action: create, before anything runs: the options read with the flags the module manages
// (flags given in `flags` become their options), the location classified, and the choices
// that have no safe default refused with the fix.
import { dirname } from 'node:path';
import type { Io } from '../engine/io';
import { createKind, createPlanner, maxAgeSeconds } from './create';
import { datedCreatePlanner } from './dated';
import { describeDevice } from '../image/device';
import { imageDirectoryProblem } from '../image/directory-policy';
import { mksysbFlags, savevgFlags } from '../backup/options/flag-tables';
import { resolveCreateTarget } from '../image/location';
import { lparNodename } from '../image/nodename';
import type { BackupParams } from '../backup/options/params';
import { ready, type Prepared } from '../engine/prepared';
import { adoptUserFlags } from '../backup/options/user-flags';
import { temporaryToken } from '../image/temporary-name';
import { isoTime } from '../iso-time';

export async function prepareCreate(given: BackupParams, io: Io, checkMode: boolean): Promise<Prepared> {
  const adopted = adoptUserFlags(given.type, given.flags, given.type === 'mksysb' ? mksysbFlags : savevgFlags, given);
  if (!adopted.ok) return adopted;
  io.warnings.push(...adopted.value.warnings);
  const params = adopted.value.params;
  const kind = createKind(params);
  if (!kind.ok) return kind;
  const target = kind.value;
  const resolved = resolveCreateTarget(params.location ?? '/dev/rmt0', io.aixRoot, io.stateDir);
  if (!resolved.ok) {
    if (resolved.device === undefined) return resolved;
    const what = await describeDevice(io, resolved.device);
    return { ok: false, msg: `location: /dev/${resolved.device} is ${what}, not a tape: ${target.kind} writes over the device it is given, so under /dev only tape devices (/dev/rmtN, /dev/rmtN.M) are accepted; give an image file such as /backup/${resolved.device}.${target.kind}.` };
  }
  const where = resolved.value;
  const unsafe = where.kind === 'directory' ? imageDirectoryProblem(where.dir) : where.location.kind === 'file' ? imageDirectoryProblem(dirname(where.location.given)) : null;
  if (unsafe !== null) return { ok: false, msg: unsafe };
  const maxAgeSec = maxAgeSeconds(params);
  // One per run: both decisions of an apply (before and with the lock) name the same temporary file.
  const common = { params, userFlags: adopted.value.flags, maxAgeSec, checkMode, token: temporaryToken(), startedAt: isoTime() };
  if (where.kind === 'one') {
    if (params.keep !== undefined) {
      return { ok: false, msg: `keep: applies only when location is a directory (the images get dated names there); ${where.location.given} holds one image.` };
    }
    const job = { ...common, location: where.location, kind: target.kind, vg: target.vg };
    return ready(createPlanner(job, io), io);
  }
  if (params.max_age === undefined && !params.force) return { ok: false, msg: needsMaxAge(where.dir) };
  const host = lparNodename(io.aixRoot);
  if (!host.ok) return host;
  const series = { dir: where.dir, host: host.value, vg: target.vg, kind: target.kind };
  const job = { ...common, series, keep: params.keep ?? null, clock: () => new Date(), ...(where.link ? { link: where.link } : {}) };
  return ready(datedCreatePlanner(job, io), io);
}

/** A dated series with no max_age would keep its first image forever, and keep would never prune. */
function needsMaxAge(dir: string): string {
  return `max_age: location ${dir} is a directory, where each new image gets a dated name; say how old the newest image may be before a new one is made, e.g. max_age: 20h for a nightly job (6d for a weekly one). Without max_age the first image would count as current forever and keep would never remove one. To make a new image on every run, set force: true instead.`;
}
