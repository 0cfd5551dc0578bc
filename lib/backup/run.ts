// Entry of the backup module: checks the options that need more than the schema, builds the
// planner for the action, and runs it through the engine.
import { dirname } from 'node:path';
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { aixRootProblem } from '../aix/aix-root';
import { createIo, type Io } from '../engine/io';
import type { Planner } from '../engine/plan';
import { runPipeline, type PipelineOptions } from '../engine/pipeline';
import { createKind, createPlanner, maxAgeSeconds } from './create';
import { datedCreatePlanner } from './create-dated';
import { imageDirectoryProblem } from './directory-policy';
import { mksysbFlags, savevgFlags } from './flag-tables';
import { resolveCreateTarget, resolveLocation } from './location';
import { lparNodename } from './nodename';
import { privateCopy } from './private-copy';
import type { BackupParams } from './params';
import { altDiskPlanner, prepareAltDisk } from './restore-mksysb';
import { prepareRestvg, restvgPlanner } from './restore-savevg';
import { checkUserFlags } from './user-flags';
import { viewPlanner } from './view';

export type { BackupParams };

/** A planner bound to its Io, ready to run: each action's planner has its own state type. */
type Prepared = { ok: true; run(opts: PipelineOptions): Promise<ModuleResult> } | { ok: false; msg: string };

function ready<S>(planner: Planner<S>, io: Io): Prepared {
  return { ok: true, run: (opts) => runPipeline(planner, io, opts) };
}

export async function runBackup(params: BackupParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup');
  io.labelLog(params.location ?? '/dev/rmt0');
  const fail = (msg: string): ModuleResult => {
    io.close();
    return { changed: false, failed: true, msg, ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  };
  const unsafeRoot = aixRootProblem(io.aixRoot);
  if (unsafeRoot !== null) return fail(unsafeRoot);
  // The restore checks and hands on a private copy of data_file, never the admin's file itself.
  const copy = params.action === 'restore' && params.data_file !== undefined ? privateCopy('data_file', params.data_file, io.stateDir) : null;
  if (copy !== null && !copy.ok) return fail(copy.error);
  try {
    const prepared = prepare(copy !== null ? { ...params, data_file: copy.path } : params, io);
    if (!prepared.ok) return fail(prepared.msg);
    return await prepared.run({ checkMode: context.checkMode });
  } finally {
    if (copy !== null) copy.remove();
  }
}

function prepare(params: BackupParams, io: Io): Prepared {
  switch (params.action) {
    case 'view': {
      const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
      return loc.ok ? ready(viewPlanner(loc.location, io), io) : { ok: false, msg: loc.error };
    }
    case 'create':
      return prepareCreate(params, io);
    case 'restore':
      return prepareRestore(params, io);
  }
}

function prepareRestore(params: BackupParams, io: Io): Prepared {
  if (params.type === 'mksysb') {
    const job = prepareAltDisk(params, io);
    return job.ok ? ready(altDiskPlanner(job.value, io), io) : { ok: false, msg: job.error };
  }
  const job = prepareRestvg(params, io);
  return job.ok ? ready(restvgPlanner(job.value, io), io) : { ok: false, msg: job.error };
}

function prepareCreate(params: BackupParams, io: Io): Prepared {
  const target = createKind(params);
  if ('error' in target) return { ok: false, msg: target.error };
  const where = resolveCreateTarget(params.location ?? '/dev/rmt0', io.aixRoot, io.stateDir);
  if (!where.ok) return { ok: false, msg: where.error };
  const unsafe = where.kind === 'directory' ? imageDirectoryProblem(where.dir) : where.location.kind === 'file' ? imageDirectoryProblem(dirname(where.location.given)) : null;
  if (unsafe !== null) return { ok: false, msg: unsafe };
  const table = target.kind === 'mksysb' ? mksysbFlags : savevgFlags;
  const managed = table.managed({ ...params, location: where.kind === 'one' ? where.location.given : where.dir });
  const flags = checkUserFlags(target.kind, params.flags, managed);
  if (!flags.ok) return { ok: false, msg: flags.error };
  const maxAgeSec = maxAgeSeconds(params);
  if (where.kind === 'one') {
    if (params.keep !== undefined) {
      return { ok: false, msg: `keep: applies only when location is a directory (the images get dated names there); ${where.location.given} holds one image.` };
    }
    const job = { params, location: where.location, kind: target.kind, vg: target.vg, userFlags: flags.value, maxAgeSec };
    return ready(createPlanner(job, io), io);
  }
  const host = lparNodename(io.aixRoot);
  if (!host.ok) return { ok: false, msg: host.error };
  const series = { dir: where.dir, host: host.name, vg: target.vg, kind: target.kind };
  const job = { params, series, userFlags: flags.value, maxAgeSec, keep: params.keep ?? null };
  return ready(datedCreatePlanner(job, io), io);
}
