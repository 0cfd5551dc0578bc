// powerops.aix.backup: create, view and restore AIX volume group backup images.
import { runModule } from '../lib/ansible/module';
import { backup as spec } from '../generated/specs';
import { backup as schemaCheck } from '../generated/validators';
import { runBackup } from '../lib/backup/run';

void runModule({
  spec,
  schemaCheck,
  run: runBackup,
});
