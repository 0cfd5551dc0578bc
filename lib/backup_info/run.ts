// Entry of the backup_info module: checks the paths before any command runs, then reads the
// images through the engine.
import { join } from 'node:path';
import type { AnsibleContext } from '../ansible/context';
import { runsInProgress } from '../aix/run/run-log';
import type { ModuleResult } from '../ansible/result';
import { aixRootProblem } from '../aix/run/aix-root';
import { parseDuration } from '../image/duration';
import { faultMessage } from '../engine/env-errors';
import { createIo } from '../engine/io';
import { runPipeline } from '../engine/pipeline';
import type { BackupInfoParams } from './params';
import { infoPlanner } from './planner';
import { linksWarning, scanPaths } from './scan';

export async function runBackupInfo(params: BackupInfoParams, context: AnsibleContext): Promise<ModuleResult> {
  const io = createIo(context.moduleName ?? 'backup_info');
  const refuse = (msg: string): ModuleResult => {
    io.close();
    return { changed: false, failed: true, msg, rc: 1, stdout: '', stderr: '', images: [], stale: [], ...(io.warnings.length ? { warnings: io.warnings } : {}) };
  };
  const unsafeRoot = aixRootProblem(io.aixRoot);
  if (unsafeRoot !== null) return refuse(unsafeRoot);
  let scan: ReturnType<typeof scanPaths>;
  try {
    scan = scanPaths(params.paths);
  } catch (err) {
    return refuse(`paths: ${faultMessage(err, 'listing the paths')}`);
  }
  if (!scan.ok) return refuse(scan.msg);
  const warnAgeSec = parseDuration(params.warn_age);
  if (warnAgeSec === null) return refuse(`warn_age: "${params.warn_age}" is not a duration such as 12h, 14d or 2w.`);
  const links = linksWarning(scan.value.links);
  if (links !== null) io.warnings.push(links);
  const planner = infoPlanner(scan.value.files, params.paths.length, { text: params.warn_age.trim(), seconds: warnAgeSec }, io);
  const result = await runPipeline(planner, io, { checkMode: context.checkMode });
  // Module runs under way on this LPAR (a long async mksysb): where their log is, how long so far.
  return { ...result, runs: runsInProgress(join(io.stateDir, 'log')) };
}
