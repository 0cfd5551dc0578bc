// powerops.aix.backup: create, view and restore AIX volume group backup images.
import { runModule } from '../lib/ansible/module';
import type { ModuleSpec } from '../lib/ansible/spec';
import specs from '../generated/specs.json';
import { backup as schemaCheck } from '../generated/validators';
import { runBackup, type BackupParams } from '../lib/backup/run';

void runModule<BackupParams>({
  spec: specs.backup as unknown as ModuleSpec,
  schemaCheck,
  run: runBackup,
});
