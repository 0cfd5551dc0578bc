// Entry of the mksysb module: translate the options, then run the backup module's create.
import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import { runBackup } from '../backup/run';
import type { MksysbParams } from './params';
import { toBackupParams } from './translate';

export async function runMksysb(params: MksysbParams, context: AnsibleContext): Promise<ModuleResult> {
  const translated = toBackupParams(params);
  if (!translated.ok) return { changed: false, failed: true, msg: translated.msg };
  return runBackup(translated.value, { ...context, moduleName: context.moduleName ?? 'mksysb' });
}
