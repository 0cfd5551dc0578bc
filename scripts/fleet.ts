// `npm run fleet`: the nightly mksysb example over a fleet of simulated LPARs reached over SSH
// (FLEET_SIZE LPARs, default 20; FLEET_FORKS forks, default 10), run twice, printing each
// run's recap; the fleet is removed afterwards.
import { startFleet } from '../harness/fleet';
import type { PlaybookRun } from '../harness/playbook';

const PLAYBOOK = 'examples/rootvg-mksysb-nightly.yml';

function recap(title: string, run: PlaybookRun, seconds: number): void {
  process.stdout.write(`\n${title}: ansible-playbook rc ${run.rc}, ${seconds.toFixed(1)} s\n`);
  for (const [host, s] of Object.entries(run.stats)) {
    process.stdout.write(`${host.padEnd(10)} : ok=${s.ok} changed=${s.changed} unreachable=${s.unreachable} failed=${s.failures} skipped=${s.skipped}\n`);
  }
}

async function main(): Promise<number> {
  const size = Number(process.env.FLEET_SIZE ?? 20);
  const forks = Number(process.env.FLEET_FORKS ?? 10);
  const fleet = await startFleet({ size });
  try {
    process.stdout.write(`${size} simulated LPARs behind sshd on 127.0.0.1:${fleet.sshd.port}, images in ${fleet.imageDir}; ${PLAYBOOK}, forks ${forks}\n`);
    let rc = 0;
    for (const title of ['First run', 'Second run']) {
      const t0 = Date.now();
      const run = await fleet.play(PLAYBOOK, { forks });
      recap(title, run, (Date.now() - t0) / 1000);
      rc ||= run.rc;
    }
    process.stdout.write(`\nImages in the shared directory: ${fleet.images().length}\n`);
    return rc;
  } finally {
    fleet.stop();
  }
}

main().then(
  (rc) => (process.exitCode = rc),
  (err: unknown) => {
    process.stderr.write(`fleet failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
