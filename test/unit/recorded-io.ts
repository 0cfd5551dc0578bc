// An Io whose commands are answered from recorded results: planners and steps run in-process
// against what AIX printed, and a command nobody recorded fails the test instead of running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AixCommand } from '../../lib/aix/run/commands';
import type { CommandRun } from '../../lib/aix/run/runner';
import type { Io, IoRunOptions } from '../../lib/engine/io';

export interface Recorded {
  rc?: number;
  stdout?: string;
  stderr?: string;
  signal?: NodeJS.Signals;
  /** What the command does besides printing (a backup writes its image file). */
  effect?: (args: readonly string[]) => void;
}

/**
 * Answers by command line (`listvgbackup -l -f /x`), a list answering successive runs in turn; or
 * a function of the command line, for lines with generated parts (temporary names).
 */
export type Answers = Record<string, Recorded | Recorded[]> | ((line: string) => Recorded | undefined);

export interface RecordedIo extends Io {
  /** Command lines run, without the AIX_ROOT path: `listvgbackup -f /x`. */
  readonly ran: string[];
  cleanup(): void;
}

/** `root` defaults to a new temporary directory (AIX_ROOT and state directory), removed by cleanup(). */
export function recordedIo(answers: Answers, root = mkdtempSync(join(tmpdir(), 'unit-io-'))): RecordedIo {
  const ran: string[] = [];
  let listed: CommandRun | null = null;
  let failedRun: CommandRun | null = null;
  const used = new Map<string, number>();
  const answer = (line: string): Recorded => {
    const given = typeof answers === 'function' ? answers(line) : answers[line];
    if (given === undefined) throw new Error(`unexpected command: ${line}`);
    if (!Array.isArray(given)) return given;
    const n = used.get(line) ?? 0;
    used.set(line, n + 1);
    const next = given[Math.min(n, given.length - 1)];
    if (next === undefined) throw new Error(`no recorded result for ${line}`);
    return next;
  };
  return {
    aixRoot: root,
    stateDir: join(root, 'var', 'powerops'),
    commands: [],
    warnings: [],
    ran,
    run(command: AixCommand, args: readonly string[], opts: IoRunOptions = {}): Promise<CommandRun> {
      const line = [command, ...args].join(' ');
      ran.push(line);
      this.commands.push([command, ...args]);
      const r = answer(line);
      r.effect?.(args);
      const stdout = r.stdout ?? '';
      const stderr = r.stderr ?? '';
      for (const [text, stream] of [[stdout, 'stdout'], [stderr, 'stderr']] as const) {
        if (text !== '') for (const l of text.replace(/\n$/, '').split('\n')) opts.onLine?.(l, stream);
      }
      const run: CommandRun = { argv: [command, ...args], rc: r.rc ?? 0, signal: r.signal ?? null, stdout, stderr, stdoutCut: 0, stderrCut: 0 };
      if (opts.listing) listed = run;
      if (run.rc !== 0) failedRun = run;
      return Promise.resolve(run);
    },
    listing: () => listed,
    lastFailed: () => failedRun,
    onAbort: () => () => undefined,
    logFile: () => null,
    labelLog: () => undefined,
    close: () => undefined,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
