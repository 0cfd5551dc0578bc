// powerops.aix.backup_info: the backup images in files and directories, and the stale ones.
import { runModule } from '../lib/ansible/module';
import type { ModuleSpec } from '../lib/ansible/spec';
import specs from '../generated/specs.json';
import { backup_info as schemaCheck } from '../generated/validators';
import { runBackupInfo } from '../lib/backup_info/run';
import type { BackupInfoParams } from '../lib/backup_info/params';

void runModule<BackupInfoParams>({
  spec: specs.backup_info as unknown as ModuleSpec,
  schemaCheck,
  run: runBackupInfo,
});
