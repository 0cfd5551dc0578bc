// The examples that make and read images, run by ansible-playbook (see examples.ts).
import { exampleSuite } from './examples';

exampleSuite({ file: 'rootvg-mksysb-nightly.yml', previewOnFreshLpar: true });
exampleSuite({ file: 'view-image.yml', after: 'rootvg-mksysb-nightly.yml', readOnly: true });
exampleSuite({ file: 'long-backup-async.yml', extraVars: { backup_poll: 1 }, previewOnFreshLpar: true });
exampleSuite({ file: 'fleet-mksysb-throttle.yml', hosts: ['lpar1', 'lpar2', 'lpar3'], previewOnFreshLpar: true });
