// The nightly rootvg example over 20 LPARs reached over SSH, forks 10, all writing to one shared
// directory: every host changes once, then never again that night, and nothing collides.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeFleet, FLEET_TIMEOUT, leftovers, NIGHTLY, NIGHTLY_TASK, useFleet, viewAll, why, writesPerHost } from './suite';

describeFleet('nightly mksysb example on a 20-LPAR fleet over SSH', () => {
  const fleet = useFleet({ size: 20 });

  it('first run: every host changed, one image per host, each reads back in full and names its host', async () => {
    const f = fleet();
    const run = await f.play(NIGHTLY, { forks: 10 });
    expect(run.rc, why(run)).toBe(0);
    expect(Object.keys(run.stats).sort()).toEqual(f.hosts);
    for (const h of f.hosts) {
      expect(run.stats[h], h).toMatchObject({ changed: 1, failures: 0, unreachable: 0 });
      expect(run.result(NIGHTLY_TASK, h).msg).toBe(`Created a mksysb image of rootvg at ${join(f.imageDir, `${h}.mksysb`)}`);
    }
    const names = f.hosts.map((h) => `${h}.mksysb`);
    expect(f.images()).toEqual(names);
    expect(leftovers(f)).toEqual([]);
    const madeOn = await viewAll(f, names);
    expect(madeOn).toEqual(Object.fromEntries(f.hosts.map((h) => [`${h}.mksysb`, h])));
  }, FLEET_TIMEOUT);

  it('second run: changed=0 on every host, no AIX command that writes, the images untouched', async () => {
    const f = fleet();
    const before = writesPerHost(f);
    const stamps = f.images().map((n) => `${n}@${statSync(join(f.imageDir, n)).mtimeMs}`);
    const run = await f.play(NIGHTLY, { forks: 10 });
    expect(run.rc, why(run)).toBe(0);
    for (const h of f.hosts) expect(run.stats[h], h).toMatchObject({ changed: 0, failures: 0, unreachable: 0 });
    expect(writesPerHost(f)).toEqual(before);
    expect(f.images().map((n) => `${n}@${statSync(join(f.imageDir, n)).mtimeMs}`)).toEqual(stamps);
  }, FLEET_TIMEOUT);
});
