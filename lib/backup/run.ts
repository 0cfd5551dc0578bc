// Entry of the backup module: checks the options that need more than the schema, builds the
// planner for the action, and runs it through the engine.
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { aixRootDirProblem } from '../aix/run/aix-root';
import { createIo, type Io } from '../engine/io';
import { prepareCreate } from '../create/prepare';
import { resolveLocation } from '../image/location';
import { ready, type Prepared } from '../engine/prepared';
import { privateCopy } from '../restore/private-copy';
import type { BackupParams } from './options/params';
import { altDiskPlanner, prepareAltDisk } from '../restore/mksysb';
import { prepareRestvg, restvgPlanner } from '../restore/savevg';
import { viewPlanner } from './view';

export type { BackupParams };

export async function runBackup(params: BackupParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup');
  io.labelLog(params.location ?? '/dev/rmt0');
  const fail = (msg: string): ModuleResult => {
    io.close();
    return { changed: false, failed: true, msg, ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  };
  // The programs under AIX_ROOT are checked before the first command (io), the root itself here.
  const unsafeRoot = aixRootDirProblem(io.aixRoot);
  if (unsafeRoot !== null) return fail(unsafeRoot);
  // The restore checks and hands on a private copy of data_file, never the admin's file itself.
  const copy = params.action === 'restore' && params.data_file !== undefined ? privateCopy('data_file', params.data_file, io.stateDir) : null;
  if (copy !== null && !copy.ok) return fail(copy.msg);
  try {
    const prepared = await prepare(copy !== null ? { ...params, data_file: copy.value.path } : params, io, context.checkMode);
    if (!prepared.ok) return fail(prepared.msg);
    return await prepared.run({ checkMode: context.checkMode });
  } finally {
    if (copy !== null) copy.value.remove();
  }
}

async function prepare(params: BackupParams, io: Io, checkMode: boolean): Promise<Prepared> {
  switch (params.action) {
    case 'view': {
      const loc = resolveLocation(params.location as string, io.aixRoot, io.stateDir);
      return loc.ok ? ready(viewPlanner(loc.value, io), io) : loc;
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
    return job.ok ? ready(altDiskPlanner(job.value, io), io) : job;
  }
  const job = prepareRestvg(params, io);
  return job.ok ? ready(restvgPlanner(job.value, io), io) : job;
}
