// powerops.aix.mksysb: community.general.mksysb's options, through the backup module's create.
import { runModule } from '../lib/ansible/module';
import { mksysb as spec } from '../generated/specs';
import { mksysb as schemaCheck } from '../generated/validators';
import { runMksysb } from '../lib/mksysb/run';

void runModule({
  spec,
  schemaCheck,
  run: runMksysb,
});
