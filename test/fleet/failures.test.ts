// Some LPARs fail every night. Here one LPAR's file system fills up during mksysb and another's
// mksysb fails outright: those two fail with their own message, the 8 others are unaffected,
// the failed ones leave nothing behind in the shared directory, and once their faults are
// cleared a rerun changes those two only.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeFleet, FLEET_TIMEOUT, leftovers, NIGHTLY, NIGHTLY_TASK, useFleet, viewAll, why } from './suite';

const FULL = 'lpar04';
const BROKEN = 'lpar07';
const BROKEN_MSG = '0512-008 mksysb: The /tmp file system is damaged.';

describeFleet('nightly example on 10 LPARs with two of them failing', () => {
  const fleet = useFleet({ size: 10 });
  const others = (): string[] => fleet().hosts.filter((h) => h !== FULL && h !== BROKEN);

  it('the two fail with their own msg; the others succeed and their images read back in full', async () => {
    const f = fleet();
    f.lpars[FULL]!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fs-full', '--after-bytes', '50000']);
    f.lpars[BROKEN]!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fail', '--rc', '3', '--message', BROKEN_MSG]);
    const run = await f.play(NIGHTLY, { forks: 10 });
    expect(run.rc, why(run)).toBe(2);
    expect(run.stats[FULL]).toMatchObject({ failures: 1, changed: 0 });
    expect(run.stats[BROKEN]).toMatchObject({ failures: 1, changed: 0 });
    expect(run.result(NIGHTLY_TASK, FULL).msg).toMatch(/^mksysb failed, .*lpar04\.mksysb was left as it was: .*There is not enough space in the file system/);
    expect(run.result(NIGHTLY_TASK, BROKEN).msg).toMatch(/^mksysb failed, .*lpar07\.mksysb was left as it was: /);
    expect(run.result(NIGHTLY_TASK, BROKEN).msg).toContain(BROKEN_MSG);
    for (const h of others()) expect(run.stats[h], h).toMatchObject({ failures: 0, changed: 1, unreachable: 0 });

    const names = others().map((h) => `${h}.mksysb`);
    expect(f.images()).toEqual(names);
    expect(leftovers(f)).toEqual([]);
    expect(Object.values(await viewAll(f, names))).toEqual(others());
  }, FLEET_TIMEOUT);

  it('with the faults cleared, a rerun changes the two failed hosts only', async () => {
    const f = fleet();
    for (const h of [FULL, BROKEN]) f.lpars[h]!.sim(['fault', 'clear']);
    const run = await f.play(NIGHTLY, { forks: 10 });
    expect(run.rc, why(run)).toBe(0);
    const changed = Object.entries(run.stats).filter(([, s]) => s.changed > 0).map(([h]) => h);
    expect(changed).toEqual([FULL, BROKEN]);
    expect(run.result(NIGHTLY_TASK, FULL).msg).toBe(`Created a mksysb image of rootvg at ${join(f.imageDir, `${FULL}.mksysb`)}`);
    expect(f.images()).toEqual(f.hosts.map((h) => `${h}.mksysb`));
    expect(leftovers(f)).toEqual([]);
    expect(Object.values(await viewAll(f, [`${FULL}.mksysb`, `${BROKEN}.mksysb`]))).toEqual([FULL, BROKEN]);
  }, FLEET_TIMEOUT);
});
