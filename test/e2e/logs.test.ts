// What a person following a run sees, with the built module as a process on the simulator: the
// log's stable name from the first command on, a run in progress in backup_info, a verbose
// mksysb whose log keeps its head and tail and whose result stays under 1 MB, and a plain
// refusal when the module is not run as root.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_CAP } from '../../lib/aix/run/run-log';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { DIST, MODULE_NODE, runModule, shebangFlags, startModule } from '../helpers/module';

const MB = 1024 * 1024;

describe('run logs and results of the built module', () => {
  let lpar: Lpar;
  const env = () => ({ AIX_ROOT: lpar.root });
  const logDir = () => join(lpar.root, 'var/powerops/log');
  beforeEach(() => {
    lpar = makeLpar();
    mkdirSync(join(lpar.root, 'images'), { mode: 0o700 });
  });
  afterEach(() => lpar.cleanup());

  it('a verbose mksysb printing more than the cap: the log keeps head and tail and says what was cut; the result stays under 1 MB with no *_lines', async () => {
    // ~6 MB of `mksysb -v` listing, and as much again from the read-back (listvgbackup -f).
    lpar.sim(['files', '--vg', 'rootvg', '30000']);
    const location = join(lpar.root, 'images/rootvg.mksysb');
    const run = await runModule('backup', { action: 'create', type: 'mksysb', location, verbose: true }, { env: env() });
    expect(run.result.failed, run.result.msg).toBeFalsy();
    expect(run.result.changed).toBe(true);
    expect(Buffer.byteLength(run.stdout)).toBeLessThan(1_000_000);
    expect(Object.keys(run.result).filter((k) => k.endsWith('_lines'))).toEqual([]);
    expect(run.result.output_truncated).toBeDefined();

    const log = String(run.result.log_file);
    expect(dirname(log)).toBe(logDir());
    expect(statSync(log).mode & 0o777).toBe(0o600);
    expect(statSync(logDir()).mode & 0o777).toBe(0o700);
    expect(readlinkSync(join(logDir(), 'backup-current.log'))).toBe(log.split('/').pop());
    const text = readFileSync(log, 'utf8');
    expect(statSync(log).size).toBeLessThan(LOG_CAP.headBytes + 2 * LOG_CAP.tailBytes + 64 * 1024);
    expect(text).toMatch(/^=== backup run \d+ started /);
    expect(text).toMatch(/\$ \S+\/usr\/bin\/mksysb /);
    const cut = /^=== log cut: the first (\d+) bytes are above; +(\d+) bytes after them are left out; the last part follows ===$/m.exec(text);
    expect(cut, 'the cut line').not.toBeNull();
    expect(Number(cut?.[2])).toBeGreaterThan(MB);
    expect(text).toMatch(/=== rc=0 after [\d.]+ s\n\n=== run ended \S+ after [\d.]+ s: ok\n$/);
  }, 240_000);

  it('while a run is under way, backup-current.log names its log and backup_info lists it with the elapsed time', async () => {
    lpar.sim(['fault', 'set', '--cmd', 'mksysb', '--kind', 'slow', '--ms', '6000', '--times', '1']);
    const location = join(lpar.root, 'images/rootvg.mksysb');
    const started = startModule('backup', { action: 'create', type: 'mksysb', location }, { env: env() });
    const link = join(logDir(), 'backup-current.log');
    const deadline = Date.now() + 20_000;
    while (!existsSync(link) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const during = await runModule('backup_info', { paths: [join(lpar.root, 'images')] }, { env: env() });
    expect(during.result.failed, during.result.msg).toBeFalsy();
    const runs = during.result.runs as { module: string; pid: number; log_file: string; elapsed_seconds: number }[];
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ module: 'backup', pid: started.child.pid, log_file: join(logDir(), readlinkSync(link)) });
    expect(runs[0]?.elapsed_seconds).toBeGreaterThanOrEqual(1);
    // One link per module and one per module and location, both at this run's log.
    expect(readlinkSync(join(logDir(), `backup@${location.slice(1).replace(/\//g, '_')}-current.log`))).toBe(readlinkSync(link));
    const done = await started.exited;
    expect((JSON.parse(done.stdout) as { changed: boolean }).changed).toBe(true);
    const after = await runModule('backup_info', { paths: [join(lpar.root, 'images')] }, { env: env() });
    expect(after.result.runs).toEqual([]);
    expect(readFileSync(join(logDir(), readlinkSync(link)), 'utf8')).toMatch(/=== run ended \S+ after [\d.]+ s: ok\n$/);
  }, 60_000);

  it('backup_info returns no diff, even under --diff (its docs say diff_mode: none)', async () => {
    const run = await runModule('backup_info', { paths: [lpar.root], _ansible_diff: true }, { env: env() });
    expect(run.result.failed, run.result.msg).toBeFalsy();
    expect(run.result.diff).toBeUndefined();
  });

  it('run by a user other than root: fails at once, saying root is needed, and runs no command', () => {
    const script = join(DIST, 'modules/backup_info.js');
    const p = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', MODULE_NODE, ...shebangFlags(script), script], {
      input: JSON.stringify({ paths: [lpar.root] }),
      encoding: 'utf8',
      env: { ...process.env, ...env() },
    });
    expect(p.status).toBe(1);
    const result = JSON.parse(p.stdout) as { failed: boolean; msg: string };
    expect(result.failed).toBe(true);
    expect(result.msg).toMatch(/^powerops\.aix\.backup_info must run as root on the managed host; it runs as uid 65534\..*ansible_user=root.*become: true/);
    expect(lpar.invocations()).toEqual([]);
  });
});
