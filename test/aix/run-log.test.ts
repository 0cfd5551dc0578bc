// The run log: where it is from the first command on (the -current.log link), how it ends, what
// it keeps when a command prints more than its cap, which old logs go, and that arguments cannot
// forge its lines. In-process on RunLog; test/e2e/logs.test.ts runs the built module.
import { spawn } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { currentLinkName, LOG_RETENTION, logArg, parseLogName, readEnding, RunLog, runsInProgress } from '../../lib/aix/run/run-log';

const scratch = mkdtempSync(join(tmpdir(), 'run-log-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const freshDir = () => join(mkdtempSync(join(scratch, 'd-')), 'log');

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
function plant(dir: string, module: string, at: Date, pid: number, ending: 'ok' | 'failed' | 'none'): string {
  const file = `${module}-${stamp(at)}-${pid}.log`;
  const end = ending === 'none' ? '' : `\n=== run ended ${at.toISOString()} after 1.0 s: ${ending}\n`;
  writeFileSync(join(dir, file), `=== ${module} run ${pid} started ${at.toISOString()}\nsome output\n${end}`, { mode: 0o600 });
  return file;
}

describe('RunLog', () => {
  it('is created 0600 in a 0700 directory, with a header, and <module>-current.log links to it', () => {
    const dir = freshDir();
    const log = new RunLog(dir, 'backup');
    expect(log.written).toBeNull();
    log.command(['/usr/bin/mksysb', '-i', '/mnt/x']);
    log.close();
    expect(log.written).toBe(log.path);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(readlinkSync(join(dir, currentLinkName('backup')))).toBe(log.path.split('/').pop());
    const text = readFileSync(log.path, 'utf8');
    expect(text).toMatch(new RegExp(`^=== backup run ${process.pid} started \\d{4}-`));
    expect(text).toMatch(/\$ \/usr\/bin\/mksysb -i \/mnt\/x\n$/);
    expect(readEnding(log.path).state).toBe('unfinished');
    log.finish(1);
    expect(readEnding(log.path).state).toBe('failed');
    log.finish(0);
    expect(readEnding(log.path).state).toBe('failed');
  });

  it('goes by the short module name when given the FQCN, as under Ansible', () => {
    const dir = freshDir();
    const log = new RunLog(dir, 'powerops.aix.backup');
    log.write('x\n');
    log.close();
    expect(log.path.split('/').pop()).toMatch(/^backup-\d{8}T\d{6}Z-\d+\.log$/);
    expect(readlinkSync(join(dir, 'backup-current.log'))).toBe(log.path.split('/').pop());
  });

  it('a labelled run gets a link of its own per location, a name whatever the location holds', () => {
    expect(currentLinkName('backup', '/mnt/backups/lpar1.mksysb')).toBe('backup@mnt_backups_lpar1.mksysb-current.log');
    expect(currentLinkName('backup', '/mnt/../x y\n')).toBe('backup@mnt_.._x_y_-current.log');
    expect(currentLinkName('backup', '..')).toBe('backup@_-current.log');
    const dir = freshDir();
    const log = new RunLog(dir, 'backup');
    log.label('/mnt/backups/lpar1.mksysb');
    log.write('x\n');
    log.close();
    expect(readlinkSync(join(dir, 'backup@mnt_backups_lpar1.mksysb-current.log'))).toBe(log.path.split('/').pop());
    expect(readlinkSync(join(dir, 'backup-current.log'))).toBe(log.path.split('/').pop());
  });

  it('makes an existing log directory private again, and writes nothing in one owned by another user', () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o755 });
    new RunLog(dir, 'backup').write('x\n');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const other = freshDir();
    mkdirSync(other, { mode: 0o700 });
    chownSync(other, 65534, 65534);
    const log = new RunLog(other, 'backup');
    log.write('x\n');
    expect(log.written).toBeNull();
    expect(readdirSync(other)).toEqual([]);
  });

  it('escapes control characters and newlines of arguments: an argument cannot forge a log line', () => {
    expect(logArg('plain/path-1.mksysb')).toBe('plain/path-1.mksysb');
    expect(logArg('a b')).toBe("'a b'");
    expect(logArg('x\n=== run ended 2024 after 1 s: ok')).toBe("'x\\n=== run ended 2024 after 1 s: ok'");
    expect(logArg('\u001b[2J\r\t\u0000\u2028')).toBe("'\\x{1b}[2J\\r\\t\\x{00}\\x{2028}'");
    expect(logArg("it's")).toBe("'it'\\''s'");
    const dir = freshDir();
    const log = new RunLog(dir, 'backup');
    log.command(['/usr/bin/savevg', '-f', 'img\n=== run ended 2024-01-01T00:00:00Z after 1.0 s: ok\n']);
    log.close();
    const text = readFileSync(log.path, 'utf8');
    expect(text.split('\n').filter((l) => l.startsWith('=== run ended'))).toEqual([]);
    expect(readEnding(log.path).state).toBe('unfinished');
  });

  it('past its head keeps only the last part, behind one line that says how much was cut', () => {
    const dir = freshDir();
    const log = new RunLog(dir, 'backup', { headBytes: 10_000, tailBytes: 2_000 });
    const lines = Array.from({ length: 5_000 }, (_, i) => `a 123 ./usr/d0000/f${String(i).padStart(7, '0')}\n`);
    for (let i = 0; i < lines.length; i += 7) log.write(lines.slice(i, i + 7).join(''));
    log.write('0512-038 mksysb: Backup Completed Successfully.\n');
    log.close();
    log.finish(0);
    const text = readFileSync(log.path, 'utf8');
    expect(statSync(log.path).size).toBeLessThan(10_000 + 2 * 2_000 + 400);
    const cuts = text.split('\n').filter((l) => l.startsWith('=== log cut:'));
    expect(cuts).toHaveLength(1);
    const cut = Number(/(\d+) bytes after them are left out/.exec(cuts[0] ?? '')?.[1]);
    expect(text).toContain(lines[0]);
    expect(text).toContain(lines[lines.length - 1]);
    expect(text).toMatch(/0512-038 mksysb: Backup Completed Successfully\.\n\n=== run ended \S+ after [\d.]+ s: ok\n$/);
    // Every byte written is either in the file or counted in the cut line.
    const written = lines.join('').length + '0512-038 mksysb: Backup Completed Successfully.\n'.length;
    const head = text.slice(text.indexOf('\n') + 1, text.indexOf('\n=== log cut:'));
    const tail = `${text.split('the last part follows ===\n')[1]?.split('\n\n=== run ended')[0] ?? ''}\n`;
    expect(head.length + tail.length + cut).toBe(written);
    // Whole lines on both sides of the cut.
    expect(head.endsWith('\n')).toBe(true);
    expect(tail.split('\n')[0]).toMatch(/^a 123 \.\/usr\/d0000\/f\d{7}$/);
  });

  it('keeps per module the newest logs by count and age, never a run in progress nor the newest failure', () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o700 });
    const now = Date.now();
    const hour = 3_600_000;
    const failed = plant(dir, 'backup', new Date(now - 30 * hour), 90_001, 'failed');
    const olderFailed = plant(dir, 'backup', new Date(now - 31 * hour), 90_002, 'failed');
    const ok = Array.from({ length: 30 }, (_, i) => plant(dir, 'backup', new Date(now - (i + 1) * hour), 80_000 + i, 'ok'));
    const ancient = plant(dir, 'backup', new Date(now - (LOG_RETENTION.days + 1) * 24 * hour), 70_001, 'ok');
    const otherModule = Array.from({ length: 30 }, (_, i) => plant(dir, 'backup_info', new Date(now - i * 60_000), 60_000 + i, 'ok'));
    // A run in progress elsewhere, long ago, that the link names.
    const running = plant(dir, 'mksysb', new Date(now - 40 * 24 * hour), 50_001, 'none');
    symlinkSync(running, join(dir, currentLinkName('mksysb')));
    const log = new RunLog(dir, 'backup');
    log.write('x\n');
    log.close();
    const left = new Set(readdirSync(dir));
    const backups = [...left].filter((f) => parseLogName(f)?.module === 'backup');
    expect(backups).toContain(log.path.split('/').pop());
    expect(backups).toContain(failed);
    expect(backups).not.toContain(olderFailed);
    expect(backups).not.toContain(ancient);
    expect(backups.filter((f) => f !== failed)).toHaveLength(LOG_RETENTION.count);
    expect(ok.slice(0, LOG_RETENTION.count - 1).every((f) => left.has(f))).toBe(true);
    expect(otherModule.every((f) => left.has(f))).toBe(true);
    expect(left.has(running)).toBe(true);
  });
});

describe('runsInProgress', () => {
  it('lists the runs whose log has no last line and whose process lives, with the elapsed time', () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o700 });
    const sleeper = spawn('sleep', ['30']);
    try {
      // Whole seconds, as the log name keeps them.
      const started = new Date(Math.floor((Date.now() - 95_000) / 1000) * 1000);
      const live = plant(dir, 'backup', started, sleeper.pid as number, 'none');
      plant(dir, 'backup', started, 2_000_000_001, 'none');
      plant(dir, 'mksysb', started, sleeper.pid as number, 'ok');
      const runs = runsInProgress(dir, new Date(started.getTime() + 5_400_000));
      expect(runs).toEqual([{ module: 'backup', pid: sleeper.pid, log_file: join(dir, live), started: started.toISOString().replace(/\.\d+Z$/, 'Z'), elapsed_seconds: 5_400 }]);
    } finally {
      sleeper.kill();
    }
    expect(runsInProgress(join(dir, 'none'))).toEqual([]);
    expect(lstatSync(dir).isDirectory()).toBe(true);
  });
});
