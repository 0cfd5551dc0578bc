// Entry of the backup module: checks the options that need more than the schema, builds the
// planner for the action, and runs it through the engine.
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { createIo, type Io } from '../engine/io';
import type { Planner } from '../engine/plan';
import { runPipeline } from '../engine/pipeline';
import { prepareCreate } from './create-prepare';
import { resolveLocation } from './location';
import type { BackupParams } from './params';
import { altDiskPlanner, prepareAltDisk } from './restore-mksysb';
import { prepareRestvg, restvgPlanner } from './restore-savevg';
import { viewPlanner } from './view';

export type { BackupParams };

type Prepared = { ok: true; planner: Planner<unknown> } | { ok: false; msg: string };

export async function runBackup(params: BackupParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup');
  const prepared = await prepare(params, io, context.checkMode);
  if (!prepared.ok) {
    io.close();
    return { changed: false, failed: true, msg: prepared.msg, ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  }
  return runPipeline(prepared.planner, io, { checkMode: context.checkMode });
}

async function prepare(params: BackupParams, io: Io, checkMode: boolean): Promise<Prepared> {
  switch (params.action) {
    case 'view': {
      const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
      return loc.ok ? { ok: true, planner: viewPlanner(loc.location, io) as Planner<unknown> } : { ok: false, msg: loc.error };
    }
    case 'create':
      return prepareCreate(params, io, checkMode);
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
