// Prints the fleet comparison side by side and turns it into the bench's PASS/FAIL rows: first
// run no slower than community.general.mksysb (we read every new image back; it does not),
// rerun at most half its time with nothing written (it rewrites every image every night).
import { fleetBlocker } from '../harness/sshd';
import { FLEET_FORKS, FLEET_SIZE, measureFleet, type RunFigures } from './fleet';
import { atMost, bytes, kb, notMeasured, ratio, reported, TARGET, type Row } from './targets';

const FIRST = 'fleet first run, ours / community.general.mksysb';
const RERUN = 'fleet rerun, ours / community.general.mksysb';
const RERUN_BYTES = 'fleet rerun, bytes written to the NFS dir (ours)';
const FLOOR = 'fleet rerun, a Node.js module that does nothing / community.general.mksysb';

/** The fleet's rows when it is not measured, so that every target is printed in every run. */
export function fleetNotMeasured(why: string): Row[] {
  return [
    notMeasured(FIRST, `<= ${ratio(TARGET.fleetFirstRatio)}`, why),
    notMeasured(RERUN, `<= ${ratio(TARGET.fleetRerunRatio)}`, why),
    notMeasured(RERUN_BYTES, `<= ${bytes(TARGET.fleetRerunBytes)}`, why),
    reported(FLOOR, `not measured: ${why}`, "Ansible's and SSH's cost per task, with Ansible's defaults"),
  ];
}

export async function fleetRows(rounds: number, say: (text: string) => void): Promise<Row[]> {
  say(`\n# Nightly playbook over ${FLEET_SIZE} simulated LPARs over SSH, forks ${FLEET_FORKS}: ours vs community.general.mksysb 6.6.2`);
  const blocker = fleetBlocker();
  if (blocker) {
    say(`not measured: ${blocker}`);
    // A bench asked to measure the fleet that cannot is a failed bench, not a skipped row.
    return fleetNotMeasured(blocker).map((r) => (r.info ? r : { ...r, pass: false, missedBy: 'needs root and sshd' }));
  }
  const f = await measureFleet(rounds);
  const line = (run: string, o: RunFigures, t: RunFigures): string =>
    `| ${run.padEnd(9)} | ${`${(o.seconds / rounds).toFixed(1)} s`.padStart(8)} | ${`${(t.seconds / rounds).toFixed(1)} s`.padStart(8)} | ${`${(o.seconds / t.seconds).toFixed(2)}x`.padStart(5)} | ${`${o.commands / rounds} / ${t.commands / rounds}`.padStart(13)} | ${`${kb(o.bytes / rounds)} / ${kb(t.bytes / rounds)}`.padStart(23)} |`;
  say(`${rounds} round(s), each on two fresh fleets in ABBA order; figures are per run, averaged over the rounds; ratio = ours / theirs`);
  say('| run       |     ours |   theirs | ratio | AIX commands  | bytes written to NFS dir |');
  say('|-----------|----------|----------|-------|---------------|--------------------------|');
  say(line('first run', f.ours.first, f.theirs.first));
  say(line('rerun', f.ours.rerun, f.theirs.rerun));
  say(line('floor', f.floor, f.theirs.rerun));
  say("floor: the same playbook with a Node.js module that does nothing, against their rerun: no Node.js module's task costs less");
  const first = f.ours.first.seconds / f.theirs.first.seconds;
  const rerun = f.ours.rerun.seconds / f.theirs.rerun.seconds;
  return [
    atMost(FIRST, first, TARGET.fleetFirstRatio, ratio),
    atMost(RERUN, rerun, TARGET.fleetRerunRatio, ratio),
    atMost(RERUN_BYTES, f.ours.rerun.bytes / rounds, TARGET.fleetRerunBytes, bytes),
    reported(FLOOR, ratio(f.floor.seconds / f.theirs.rerun.seconds), "Ansible's and SSH's cost per task, with Ansible's defaults"),
  ];
}
