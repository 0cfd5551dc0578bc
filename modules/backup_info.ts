// powerops.aix.backup_info: the backup images in files and directories, and the stale ones.
import { runModule } from '../lib/ansible/module';
import { backup_info as spec } from '../generated/specs';
import { backup_info as schemaCheck } from '../generated/validators';
import { runBackupInfo } from '../lib/backup_info/run';

void runModule({
  spec,
  schemaCheck,
  run: runBackupInfo,
});
