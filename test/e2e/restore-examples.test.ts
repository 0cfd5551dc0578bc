// The examples that restore images (restvg, alt_disk_mksysb), and IBM's two demo playbooks
// re-expressed for powerops.aix.backup, run by ansible-playbook (see examples.ts).
import { exampleSuite } from './examples';

exampleSuite({ file: 'datavg-savevg-restvg.yml' });
exampleSuite({ file: 'rootvg-alt-disk-mksysb.yml' });
exampleSuite({ file: 'ibm-demo-backup-rootvg.yml' });
// force: true (IBM's value) makes a new image each run, and the demo then removes and restores datavg again.
exampleSuite({
  file: 'ibm-demo-backup-datavg.yml',
  alwaysChanged: ['Savevg to create a vg backup image', "Simulator: remove the volume group (IBM's demo: ibm.power_aix.mount umount, ibm.power_aix.lvg absent)", 'Restvg to restore the backup image'],
});
