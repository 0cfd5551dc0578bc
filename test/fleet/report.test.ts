// examples/fleet-report.yml on a 20-LPAR fleet after a nightly run in which one LPAR failed: one
// report on the controller, a row per host, and no AIX command spent on it by the LPARs that
// made their image.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeFleet, FLEET_TIMEOUT, NIGHTLY, useFleet, why } from './suite';

const FAILED = 'lpar05';

/** The report's CSV: the image field is quoted (a path or a message may hold commas), no other is. */
function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const keys = header!.split(',');
  return lines.map((line) => {
    const m = /^([^,]*),([^,]*),"((?:[^"]|"")*)",([^,]*),([^,]*),([^,]*),([^,]*)$/.exec(line);
    if (!m) throw new Error(`not a report row: ${line}`);
    return Object.fromEntries(keys.map((k, i) => [k, i === 2 ? m[i + 1]!.replace(/""/g, '"') : m[i + 1]!]));
  });
}

describeFleet('examples/fleet-report.yml on a 20-LPAR fleet', () => {
  const fleet = useFleet({ size: 20 });

  it('reports every host, image, size, age, verified and stale in Markdown and CSV', async () => {
    const f = fleet();
    f.lpars[FAILED]!.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'fail', '--message', 'mksysb: no space left']);
    const nightly = await f.play(NIGHTLY, { forks: 10 });
    expect(nightly.rc, why(nightly)).toBe(2);
    const commands = f.hosts.map((h) => f.lpars[h]!.invocations().length);

    const reportDir = join(f.dir, 'report');
    const run = await f.play('examples/fleet-report.yml', { forks: 10, extraVars: { report_dir: reportDir } });
    expect(run.rc, why(run)).toBe(0);
    expect(f.hosts.map((h) => f.lpars[h]!.invocations().length)).toEqual(commands);

    const rows = readCsv(join(reportDir, 'fleet-report.csv'));
    expect(rows.map((r) => r.host)).toEqual(f.hosts);
    for (const r of rows) {
      if (r.host === FAILED) {
        expect(r).toMatchObject({ vg: '', size_bytes: '', age_hours: '', verified: 'no', stale: 'yes' });
        expect(r.image).toMatch(/^none: paths: .*lpar05\.mksysb does not exist/);
        continue;
      }
      const image = join(f.imageDir, `${r.host}.mksysb`);
      expect(r).toMatchObject({ vg: 'rootvg', image, size_bytes: String(statSync(image).size), verified: 'yes', stale: 'no' });
      expect(Number(r.age_hours)).toBeLessThan(1);
    }

    const md = readFileSync(join(reportDir, 'fleet-report.md'), 'utf8');
    expect(md).toContain('1 of 20 hosts need attention');
    expect(md).toContain('| host | VG | image | size | age | verified | stale |');
    const mdRows = md.split('\n').filter((l) => /^\| lpar\d\d \|/.test(l));
    expect(mdRows).toHaveLength(20);
    expect(mdRows.find((l) => l.startsWith(`| ${FAILED} |`))).toMatch(/\| none: paths: .* \| - \| - \| no \| yes \|$/);
    expect(mdRows.find((l) => l.startsWith('| lpar01 |'))).toMatch(/^\| lpar01 \| rootvg \| \S+\/lpar01\.mksysb \| \d+(\.\d+)? KB \| 0\.\d h \| yes \| no \|$/);
  }, FLEET_TIMEOUT);
});
