// powerops.aix.mksysb: community.general.mksysb's options, through the backup module's create.
import { runModule } from '../lib/ansible/module';
import type { ModuleSpec } from '../lib/ansible/spec';
import specs from '../generated/specs.json';
import { mksysb as schemaCheck } from '../generated/validators';
import { runMksysb } from '../lib/mksysb/run';
import type { MksysbParams } from '../lib/mksysb/params';

void runModule<MksysbParams>({
  spec: specs.mksysb as unknown as ModuleSpec,
  schemaCheck,
  run: runMksysb,
});
