// What a signal must undo before the module answers: the AIX commands still running (each in a
// process group of its own, so that a signal reaches the command and everything it started, and
// nothing else) and what the run made that must not outlive it (a temporary image, its locks).
// One registry per process: a module run is one process.

export interface LiveCommand {
  readonly pid: number;
  readonly argv: readonly string[];
  /** Settles when the command has exited and its output is read. */
  readonly exited: Promise<void>;
}

/** Undoes one thing; returns what it did, for the message (null: nothing was left to undo). */
export type Cleanup = () => string | null;

export interface CommandListener {
  started(command: LiveCommand): void;
  ended(command: LiveCommand): void;
}

const live = new Set<LiveCommand>();
const cleanups = new Map<number, Cleanup>();
const listeners = new Set<CommandListener>();
let nextCleanup = 0;
let interruption: NodeJS.Signals | null = null;

/** Set once a signal asked the run to stop: no new command may start after it. */
export function interruptedBy(): NodeJS.Signals | null {
  return interruption;
}

export function trackCommand(command: LiveCommand): void {
  live.add(command);
  for (const l of listeners) l.started(command);
  void command.exited.then(() => {
    live.delete(command);
    for (const l of listeners) l.ended(command);
  });
}

/** Told of every command start and end (a lock records the command that runs under it). */
export function onCommand(listener: CommandListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Registers an undo for a signal; the returned function unregisters it once it is moot. */
export function onAbort(cleanup: Cleanup): () => void {
  const id = nextCleanup++;
  cleanups.set(id, cleanup);
  return () => cleanups.delete(id);
}

export interface AbortOptions {
  /** How long the commands get to end after the forwarded signal, before SIGKILL. */
  graceMs: number;
  /** How long to wait after SIGKILL. */
  killWaitMs: number;
}

/**
 * Stops the run: forwards `signal` to every running command's process group, waits up to
 * graceMs, then SIGKILLs what is left; then runs the cleanups, newest first (the temporary
 * image before the locks that guard it). Returns what was done, in words for the admin.
 */
export async function abortRun(signal: NodeJS.Signals, opts: AbortOptions): Promise<string[]> {
  interruption ??= signal;
  const notes: string[] = [];
  const commands = [...live];
  for (const c of commands) signalGroup(c.pid, signal);
  const started = Date.now();
  const ended = await settle(commands, opts.graceMs);
  for (const c of commands) {
    const name = `${c.argv[0]} (pid ${c.pid})`;
    if (ended.has(c)) {
      notes.push(`${name} was stopped: ${signal} was passed on to it and it ended within ${((Date.now() - started) / 1000).toFixed(1)} s`);
      continue;
    }
    signalGroup(c.pid, 'SIGKILL');
    const gone = await settle([c], opts.killWaitMs);
    notes.push(gone.has(c)
      ? `${name} did not end within ${opts.graceMs / 1000} s of ${signal} and was killed (SIGKILL)`
      : `${name} is STILL RUNNING after SIGKILL: check it with ps -p ${c.pid}; its lock names it, so no other run starts a second writer`);
  }
  for (const id of [...cleanups.keys()].sort((a, b) => b - a)) {
    const cleanup = cleanups.get(id);
    cleanups.delete(id);
    if (!cleanup) continue;
    try {
      const note = cleanup();
      if (note) notes.push(note);
    } catch (err) {
      notes.push(`a clean-up failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return notes;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

async function settle(commands: readonly LiveCommand[], ms: number): Promise<Set<LiveCommand>> {
  const done = new Set<LiveCommand>();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((r) => (timer = setTimeout(r, ms)));
  await Promise.race([Promise.all(commands.map((c) => c.exited.then(() => void done.add(c)))), timeout]);
  clearTimeout(timer);
  return done;
}
