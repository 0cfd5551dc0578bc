// Entry of the backup module: checks the options that need more than the schema, builds the
// planner for the action, and runs it through the engine.
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { createIo, type Io } from '../engine/io';
import type { Planner } from '../engine/plan';
import { runPipeline } from '../engine/pipeline';
import { createKind, createPlanner, maxAgeSeconds } from './create';
import { datedCreatePlanner } from './create-dated';
import { mksysbFlags, savevgFlags } from './flag-tables';
import { resolveCreateTarget, resolveLocation } from './location';
import { lparNodename } from './nodename';
import type { BackupParams } from './params';
import { altDiskPlanner, prepareAltDisk } from './restore-mksysb';
import { prepareRestvg, restvgPlanner } from './restore-savevg';
import { checkUserFlags } from './user-flags';
import { viewPlanner } from './view';

export type { BackupParams };

type Prepared = { ok: true; planner: Planner<unknown> } | { ok: false; msg: string };

export async function runBackup(params: BackupParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup');
  io.labelLog(params.location ?? '/dev/rmt0');
  const prepared = prepare(params, io);
  if (!prepared.ok) {
    io.close();
    return { changed: false, failed: true, msg: prepared.msg, ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  }
  return runPipeline(prepared.planner, io, { checkMode: context.checkMode });
}

function prepare(params: BackupParams, io: Io): Prepared {
  switch (params.action) {
    case 'view': {
      const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
      return loc.ok ? { ok: true, planner: viewPlanner(loc.location, io) as Planner<unknown> } : { ok: false, msg: loc.error };
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
    return job.ok ? { ok: true, planner: altDiskPlanner(job.value, io) as Planner<unknown> } : { ok: false, msg: job.error };
  }
  const job = prepareRestvg(params, io);
  return job.ok ? { ok: true, planner: restvgPlanner(job.value, io) as Planner<unknown> } : { ok: false, msg: job.error };
}

function prepareCreate(params: BackupParams, io: Io): Prepared {
  const target = createKind(params);
  if ('error' in target) return { ok: false, msg: target.error };
  const where = resolveCreateTarget(params.location ?? '/dev/rmt0', io.aixRoot, io.stateDir);
  if (!where.ok) return { ok: false, msg: where.error };
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
    return { ok: true, planner: createPlanner(job, io) as Planner<unknown> };
  }
  const host = lparNodename(io.aixRoot);
  if (!host.ok) return { ok: false, msg: host.error };
  const series = { dir: where.dir, host: host.name, vg: target.vg, kind: target.kind };
  const job = { params, series, userFlags: flags.value, maxAgeSec, keep: params.keep ?? null };
  return { ok: true, planner: datedCreatePlanner(job, io) as Planner<unknown> };
}
