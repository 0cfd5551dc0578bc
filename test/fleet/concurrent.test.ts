// Two admins (or a cron job and an admin) start the nightly playbook on the same fleet at once:
// on each LPAR one run makes the image while the other waits for its lock, then finds it made.
import { expect, it } from 'vitest';
import { describeFleet, FLEET_TIMEOUT, leftovers, NIGHTLY, useFleet, viewAll, why } from './suite';

describeFleet('two nightly runs at once on one 10-LPAR fleet', () => {
  const fleet = useFleet({ size: 10 });

  it('lose no image and interleave none: one mksysb and exactly one good image per host', async () => {
    const f = fleet();
    // Slow enough that both runs are at the same LPARs while the first mksysb writes.
    for (const h of f.hosts) f.lpars[h]!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '1000']);
    const [a, b] = await Promise.all([f.play(NIGHTLY, { forks: 10 }), f.play(NIGHTLY, { forks: 10 })]);
    expect(a.rc, why(a)).toBe(0);
    expect(b.rc, why(b)).toBe(0);
    for (const h of f.hosts) {
      expect(a.stats[h]!.changed + b.stats[h]!.changed, h).toBe(1);
      const mksysb = f.lpars[h]!.invocations().filter((i) => i.cmd === 'mksysb' && i.end !== null);
      expect(mksysb.map((i) => i.rc), h).toEqual([0]);
    }
    const names = f.hosts.map((h) => `${h}.mksysb`);
    expect(f.images()).toEqual(names);
    expect(leftovers(f)).toEqual([]);
    expect(Object.values(await viewAll(f, names))).toEqual(f.hosts);
  }, FLEET_TIMEOUT);
});
