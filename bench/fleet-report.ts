// Prints the fleet comparison side by side and turns it into the bench's PASS/FAIL rows: first
// run at most 1.25x community.general.mksysb's time (we read every new image back; it does
// not), rerun at most 0.7x with nothing written (it rewrites every image every night).
import { fleetBlocker } from '../test/helpers/sshd';
import { FLEET_FORKS, FLEET_SIZE, measureFleet, type RunFigures } from './fleet';
import type { Row } from './run';
import { kb } from './stats';

const TARGET = { first: 1.25, rerun: 0.7 };

export async function fleetRows(rounds: number, say: (text: string) => void): Promise<Row[]> {
  say(`\n# Nightly playbook over ${FLEET_SIZE} simulated LPARs over SSH, forks ${FLEET_FORKS}: ours vs community.general.mksysb 6.6.2`);
  const blocker = fleetBlocker();
  if (blocker) {
    say(`not measured: ${blocker}`);
    return [{ what: 'fleet: nightly playbook vs community.general.mksysb', figure: 'not measured', target: 'runs as root with sshd', pass: false }];
  }
  const f = await measureFleet(rounds);
  const line = (run: string, o: RunFigures, t: RunFigures): string =>
    `| ${run.padEnd(9)} | ${`${(o.seconds / rounds).toFixed(1)} s`.padStart(8)} | ${`${(t.seconds / rounds).toFixed(1)} s`.padStart(8)} | ${`${(o.seconds / t.seconds).toFixed(2)}x`.padStart(5)} | ${`${o.commands / rounds} / ${t.commands / rounds}`.padStart(13)} | ${`${kb(o.bytes / rounds)} / ${kb(t.bytes / rounds)}`.padStart(23)} |`;
  say(`${rounds} round(s), each on two fresh fleets in ABBA order; figures are per run, averaged over the rounds; ratio = ours / theirs`);
  say('| run       |     ours |   theirs | ratio | AIX commands  | bytes written to NFS dir |');
  say('|-----------|----------|----------|-------|---------------|--------------------------|');
  say(line('first run', f.ours.first, f.theirs.first));
  say(line('rerun', f.ours.rerun, f.theirs.rerun));
  const first = f.ours.first.seconds / f.theirs.first.seconds;
  const rerun = f.ours.rerun.seconds / f.theirs.rerun.seconds;
  return [
    { what: 'fleet first run, ours / community.general.mksysb', figure: `${first.toFixed(2)}x`, target: `<= ${TARGET.first}x`, pass: first <= TARGET.first },
    { what: 'fleet rerun, ours / community.general.mksysb', figure: `${rerun.toFixed(2)}x`, target: `<= ${TARGET.rerun}x`, pass: rerun <= TARGET.rerun },
    { what: 'fleet rerun, bytes written to the NFS dir (ours)', figure: kb(f.ours.rerun.bytes / rounds), target: '0', pass: f.ours.rerun.bytes === 0 },
  ];
}
