// The nightly playbook over a 20-LPAR fleet reached over SSH (forks 10), ours
// (examples/rootvg-mksysb-nightly.yml) against community.general.mksysb
// (playbooks/nightly-community-mksysb.yml): wall time of the first run and of the rerun, the AIX
// commands run, and the bytes written to the shared image directory. Each round uses two fresh
// fleets and runs the four playbooks in ABBA order (A B B A, then B A A B), so that a slow
// spell of the machine weighs on both sides alike. A third fleet runs the same playbook with a
// Node.js module that does nothing (playbooks/nightly-do-nothing.yml), timed between the two
// reruns: the floor any Node.js module's task stands on, Ansible's and SSH's cost per task.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startFleet, type Fleet } from '../harness/fleet';

export const FLEET_SIZE = 20;
export const FLEET_FORKS = 10;
const OURS = 'examples/rootvg-mksysb-nightly.yml';
const THEIRS = join(__dirname, 'playbooks/nightly-community-mksysb.yml');
const FLOOR = join(__dirname, 'playbooks/nightly-do-nothing.yml');

export interface RunFigures {
  seconds: number;
  /** AIX command runs logged by the simulators, all LPARs. */
  commands: number;
  /** Bytes of the files created or rewritten in the shared directory. */
  bytes: number;
  changed: number;
}

export interface SideFigures {
  first: RunFigures;
  rerun: RunFigures;
}

export interface FleetFigures {
  rounds: number;
  /** Sums over the rounds. */
  ours: SideFigures;
  theirs: SideFigures;
  /** The module that does nothing, run once untimed (the SSH connections open), then timed. */
  floor: RunFigures;
}

type Snapshot = Map<string, string>;

function snapshot(fleet: Fleet): Snapshot {
  return new Map(
    readdirSync(fleet.imageDir).map((n) => {
      const st = statSync(join(fleet.imageDir, n));
      return [n, `${st.ino}:${st.size}:${st.mtimeMs}`];
    }),
  );
}

function bytesWritten(fleet: Fleet, before: Snapshot): number {
  let bytes = 0;
  for (const [name, id] of snapshot(fleet)) if (before.get(name) !== id) bytes += statSync(join(fleet.imageDir, name)).size;
  return bytes;
}

const commandCount = (fleet: Fleet): number => fleet.hosts.reduce((n, h) => n + fleet.lpars[h]!.invocations().length, 0);

async function timedRun(fleet: Fleet, playbook: string): Promise<RunFigures> {
  const before = snapshot(fleet);
  const calls = commandCount(fleet);
  const t0 = process.hrtime.bigint();
  const run = await fleet.play(playbook, { forks: FLEET_FORKS });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (run.rc !== 0) {
    const failed = run.tasks.flatMap((t) => Object.entries(t.hosts).filter(([, r]) => r.failed).map(([h, r]) => `${t.name} on ${h}: ${r.msg}`));
    throw new Error(`${playbook}: ansible-playbook rc ${run.rc}: ${failed.slice(0, 3).join('; ')} ${run.stderr.slice(0, 2000)}`);
  }
  const changed = Object.values(run.stats).reduce((n, s) => n + s.changed, 0);
  return { seconds, commands: commandCount(fleet) - calls, bytes: bytesWritten(fleet, before), changed };
}

const zero = (): RunFigures => ({ seconds: 0, commands: 0, bytes: 0, changed: 0 });
const add = (a: RunFigures, b: RunFigures): RunFigures => ({ seconds: a.seconds + b.seconds, commands: a.commands + b.commands, bytes: a.bytes + b.bytes, changed: a.changed + b.changed });

export async function measureFleet(rounds: number): Promise<FleetFigures> {
  const ours: SideFigures = { first: zero(), rerun: zero() };
  const theirs: SideFigures = { first: zero(), rerun: zero() };
  let floor = zero();
  for (let round = 0; round < rounds; round++) {
    const fleets = { ours: await startFleet({ size: FLEET_SIZE }), theirs: await startFleet({ size: FLEET_SIZE }), floor: await startFleet({ size: FLEET_SIZE }) };
    try {
      await timedRun(fleets.floor, FLOOR);
      const sides = round % 2 === 0 ? (['ours', 'theirs'] as const) : (['theirs', 'ours'] as const);
      const step = async (side: 'ours' | 'theirs', which: 'first' | 'rerun'): Promise<void> => {
        const figures = await timedRun(fleets[side], side === 'ours' ? OURS : THEIRS);
        const into = side === 'ours' ? ours : theirs;
        into[which] = add(into[which], figures);
      };
      await step(sides[0], 'first');
      await step(sides[1], 'first');
      await step(sides[1], 'rerun');
      floor = add(floor, await timedRun(fleets.floor, FLOOR));
      await step(sides[0], 'rerun');
    } finally {
      fleets.ours.stop();
      fleets.theirs.stop();
      fleets.floor.stop();
    }
  }
  return { rounds, ours, theirs, floor };
}
