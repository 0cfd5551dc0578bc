// Runs AIX commands: absolute path under AIX_ROOT, no shell, LANG=C, stdin closed (a command
// that would prompt gets EOF instead of hanging), output streamed to the run log and to a line
// callback, with only the last `tailBytes` of each stream kept in memory.
//
// node:child_process (and the net and stream modules it pulls in) is loaded on the first command,
// not at start-up: a run that finds nothing to do starts no command and should not pay for it.
import { LineSplitter } from './line-splitter';
import { commandEnded, commandStarted, reclaim, RECLAIM_EVERY_BYTES } from './reclaim';
import type { RunLog } from './run-log';
import { TailBuffer } from './tail-buffer';

/** Per stream: the result of a command that prints gigabytes stays well under 1 MB. */
export const DEFAULT_TAIL_BYTES = 256 * 1024;

/** Bytes read from all commands since the last reclaim(): see reclaim.ts. */
let readSinceReclaim = 0;

export interface RunOptions {
  log?: RunLog;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  tailBytes?: number;
  env?: NodeJS.ProcessEnv;
  /** Called once the command runs, with a promise that settles when it has ended. */
  onStart?: (pid: number, exited: Promise<void>) => void;
}

export interface CommandRun {
  argv: string[];
  rc: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Bytes cut from the front of stdout/stderr to keep memory bounded. */
  stdoutCut: number;
  stderrCut: number;
  /** Set when the command could not be started at all. */
  spawnError?: string;
  /** The errno code of that failure (ENOENT, EACCES...). */
  spawnErrno?: string;
}

export function runCommand(path: string, args: readonly string[], opts: RunOptions = {}): Promise<CommandRun> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawn } = require('node:child_process') as typeof import('node:child_process');
  const argv = [path, ...args];
  const limit = opts.tailBytes ?? DEFAULT_TAIL_BYTES;
  const out = new TailBuffer(limit);
  const err = new TailBuffer(limit);
  const log = opts.log;
  log?.command(argv);
  const started = Date.now();
  return new Promise((resolve) => {
    // A process group of its own: a signal the module passes on reaches the command and all it
    // started (mksysb runs backup, mkszfile...), and a terminal's Ctrl-C reaches the module only,
    // which decides what the command gets.
    commandStarted();
    const child = spawn(path, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...(opts.env ?? process.env), LANG: 'C', LC_ALL: 'C' },
      detached: true,
    });
    let ended: () => void = () => undefined;
    const exited = new Promise<void>((r) => (ended = r));
    if (child.pid !== undefined) opts.onStart?.(child.pid, exited);
    const lines = {
      stdout: new LineSplitter((l) => opts.onLine?.(l, 'stdout')),
      stderr: new LineSplitter((l) => opts.onLine?.(l, 'stderr')),
    };
    const feed = (stream: 'stdout' | 'stderr', tail: TailBuffer) => (chunk: Buffer) => {
      tail.push(chunk);
      log?.write(chunk);
      if (opts.onLine) lines[stream].push(chunk);
      readSinceReclaim += chunk.length;
      if (readSinceReclaim >= RECLAIM_EVERY_BYTES) {
        readSinceReclaim = 0;
        reclaim();
      }
    };
    child.stdout.on('data', feed('stdout', out));
    child.stderr.on('data', feed('stderr', err));
    let spawnError: string | undefined;
    let spawnErrno: string | undefined;
    child.on('error', (e: NodeJS.ErrnoException) => {
      spawnErrno = e.code;
      spawnError = e.code === 'ENOENT' ? `${path} not found` : `${path} could not be started: ${e.message}`;
    });
    child.on('close', (code, signal) => {
      commandEnded();
      lines.stdout.end();
      lines.stderr.end();
      const rc = spawnError ? 127 : code ?? 128 + (signal ? signalNumber(signal) : 0);
      ended();
      log?.write(`\n=== rc=${rc}${signal ? ` (killed by ${signal})` : ''} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      resolve({
        argv,
        rc,
        signal,
        stdout: out.toString(),
        stderr: spawnError && err.droppedBytes === 0 && err.toString() === '' ? spawnError : err.toString(),
        stdoutCut: out.droppedBytes,
        stderrCut: err.droppedBytes,
        ...(spawnError ? { spawnError } : {}),
        ...(spawnErrno ? { spawnErrno } : {}),
      });
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15, SIGPIPE: 13 };
  return numbers[signal] ?? 0;
}
