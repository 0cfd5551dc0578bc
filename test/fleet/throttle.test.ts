// throttle on the backup task is what keeps 500 LPARs from writing to one NFS server at once:
// measured from the simulator's record of when each mksysb ran, slowed down so that runs overlap.
import { expect, it } from 'vitest';
import type { Invocation } from '../../harness/lpar';
import { describeFleet, FLEET_TIMEOUT, useFleet, why } from './suite';

/** The most intervals open at one instant. */
function mostAtOnce(runs: Invocation[]): number {
  return Math.max(...runs.map((r) => runs.filter((o) => o.start <= r.start && r.start < o.end!).length));
}

describeFleet('fleet-mksysb-throttle.yml with throttle 3 on 20 LPARs, forks 10', () => {
  const fleet = useFleet({ size: 20 });

  it('never has more than 3 mksysb writing to the shared directory at once', async () => {
    const f = fleet();
    for (const h of f.hosts) f.lpars[h]!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '1500']);
    const run = await f.play('examples/fleet-mksysb-throttle.yml', { forks: 10, extraVars: { backup_parallel: 3 } });
    expect(run.rc, why(run)).toBe(0);
    const runs = f.hosts.flatMap((h) => f.lpars[h]!.invocations().filter((i) => i.cmd === 'mksysb'));
    expect(runs).toHaveLength(20);
    for (const r of runs) {
      expect(r.rc).toBe(0);
      expect(r.argv.at(-1)!.startsWith(`${f.imageDir}/`)).toBe(true);
    }
    // Forks alone would allow 10: at least 2 at once shows the runs did overlap, so the bound was tested.
    const most = mostAtOnce(runs);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThanOrEqual(2);
  }, FLEET_TIMEOUT);
});
