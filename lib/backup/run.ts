import type { AnsibleContext } from '../ansible/context';
import type { ModuleResult } from '../ansible/result';
import type { BackupParams } from './params';

export type { BackupParams };

export async function runBackup(params: BackupParams, context: AnsibleContext): Promise<ModuleResult> {
  return {
    changed: false,
    failed: true,
    msg: `action ${params.action} is not available yet${context.checkMode ? ' (check mode)' : ''}`,
  };
}
