// Entry of the backup_info module: checks the paths before any command runs, then reads the
// images through the engine.
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { aixRootProblem } from '../aix/aix-root';
import { parseDuration } from '../backup/duration';
import { createIo } from '../engine/io';
import { runPipeline } from '../engine/pipeline';
import type { BackupInfoParams } from './params';
import { infoPlanner } from './planner';
import { scanPaths } from './scan';

export async function runBackupInfo(params: BackupInfoParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup_info');
  const refuse = (msg: string): ModuleResult => {
    io.close();
    return { changed: false, failed: true, msg, images: [], stale: [], ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  };
  const unsafeRoot = aixRootProblem(io.aixRoot);
  if (unsafeRoot !== null) return refuse(unsafeRoot);
  const scan = scanPaths(params.paths);
  if (!scan.ok) return refuse(scan.error);
  const warnAgeSec = parseDuration(params.warn_age);
  if (warnAgeSec === null) return refuse(`warn_age: "${params.warn_age}" is not a duration such as 12h, 14d or 2w.`);
  const planner = infoPlanner(scan.files, params.paths.length, { text: params.warn_age.trim(), seconds: warnAgeSec }, io);
  return runPipeline(planner, io, { checkMode: context.checkMode });
}
