// The runner keeps the last part of each stream, streams everything to the log, and never runs a
// shell. Driven with small shell scripts standing in for AIX commands.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunLog } from '../../lib/aix/run/run-log';
import { runCommand } from '../../lib/aix/run/runner';

const scratch = mkdtempSync(join(tmpdir(), 'runner-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function script(body: string): string {
  const dir = mkdtempSync(join(scratch, 'cmd-'));
  const path = join(dir, 'cmd');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('runCommand', () => {
  it('keeps the tail of a long output, says how much was cut, and logs all of it', async () => {
    const cmd = script('i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done; echo "0512-038 mksysb: Backup Completed Successfully."');
    const logDir = mkdtempSync(join(scratch, 'log-'));
    const log = new RunLog(logDir, 'test');
    const lines: string[] = [];
    const run = await runCommand(cmd, [], { log, tailBytes: 1000, onLine: (l) => lines.push(l) });
    log.close();
    expect(run.rc).toBe(0);
    expect(run.stdout.length).toBeLessThanOrEqual(1000);
    expect(run.stdout.trimEnd().endsWith('0512-038 mksysb: Backup Completed Successfully.')).toBe(true);
    expect(run.stdout.startsWith('line ')).toBe(true);
    expect(run.stdoutCut).toBeGreaterThan(100_000);
    expect(lines).toHaveLength(20001);
    const logged = readFileSync(log.path, 'utf8');
    expect(logged).toContain('line 0\n');
    expect(logged).toContain('line 19999\n');
    expect(logged).toMatch(/=== rc=0 after/);
  });

  it('passes arguments without a shell: metacharacters stay text', async () => {
    const cmd = script('for a in "$@"; do echo "[$a]"; done');
    const run = await runCommand(cmd, ['; rm -rf /', '$(id)', '`x`', 'a b']);
    expect(run.stdout).toBe('[; rm -rf /]\n[$(id)]\n[`x`]\n[a b]\n');
  });

  it('runs with LANG=C and LC_ALL=C and stdin closed', async () => {
    const cmd = script('echo "$LANG $LC_ALL"; if read x; then echo got; else echo eof; fi');
    const run = await runCommand(cmd, [], { env: { ...process.env, LANG: 'fr_FR.UTF-8', LC_ALL: 'fr_FR.UTF-8' } });
    expect(run.stdout).toBe('C C\neof\n');
  });

  it('reports a missing command as rc 127 with its path', async () => {
    const run = await runCommand('/nonexistent/usr/sbin/lsvg', ['-o']);
    expect(run.rc).toBe(127);
    expect(run.spawnError).toBe('/nonexistent/usr/sbin/lsvg not found');
  });

  it('reports a command killed by a signal', async () => {
    const cmd = script('kill -9 $$');
    const run = await runCommand(cmd, []);
    expect(run.signal).toBe('SIGKILL');
    expect(run.rc).toBe(137);
  });
});
