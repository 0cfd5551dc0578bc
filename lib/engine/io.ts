// What a module run may do to the outside world, in one place: run AIX commands (recorded, so
// the result lists every command and tests can count them; tracked, so a signal reaches them)
// and write the run log.
import { join } from 'node:path';
import { aixCommandsProblem } from '../aix/run/aix-root';
import { commandPath, type AixCommand } from '../aix/run/commands';
import { RunLog } from '../aix/run/run-log';
import { runCommand, type CommandRun, type RunOptions } from '../aix/run/runner';
import { interruptedBy, onAbort, trackCommand, type Cleanup } from './abort';
import { commandUnavailable, HostFault, HostRefused } from './env-errors';

export interface IoRunOptions extends Omit<RunOptions, 'log' | 'onStart'> {
  /** The command lists an image: its output is the result's stdout when no main command ran. */
  listing?: boolean;
}

export interface Io {
  readonly aixRoot: string;
  /** Where the module keeps what it knows about images and its logs: never beside the images. */
  readonly stateDir: string;
  readonly commands: string[][];
  readonly warnings: string[];
  /**
   * Runs an AIX command. A command that cannot be started at all (missing, not executable) is a
   * HostFault, never a command that "failed": the engine turns it into the admin's message.
   * Before the first command, the programs under AIX_ROOT are checked: a refusal (HostRefused)
   * then ends every attempt, and nothing is started.
   */
  run(command: AixCommand, args: readonly string[], opts?: IoRunOptions): Promise<CommandRun>;
  /** The last run made with `listing`, if any. */
  listing(): CommandRun | null;
  /** The last run that exited non-zero, if any. */
  lastFailed(): CommandRun | null;
  /** What a signal must undo (a temporary file...); the returned function unregisters it. */
  onAbort(cleanup: Cleanup): () => void;
  /** Log file path, once something was written to it. */
  logFile(): string | null;
  /** Names the run's subject (the image location): its log gets a `-current.log` link of its own. */
  labelLog(subject: string): void;
  close(): void;
}

/** A warning said once, however often the run meets its cause (the same image read twice...). */
export function warnOnce(io: Pick<Io, 'warnings'>, warning: string | null): void {
  if (warning !== null && !io.warnings.includes(warning)) io.warnings.push(warning);
}

export function createIo(moduleName: string, env: NodeJS.ProcessEnv = process.env): Io {
  const aixRoot = env.AIX_ROOT && env.AIX_ROOT !== '' ? env.AIX_ROOT : '/';
  const stateDir = join(aixRoot, 'var', 'powerops');
  // The name comes from _ansible_module_name: keep it to one harmless path component.
  const log = new RunLog(join(stateDir, 'log'), moduleName.replace(/[^\w.-]/g, '_').replace(/^\.+/, ''));
  const commands: string[][] = [];
  const warnings: string[] = [];
  let listed: CommandRun | null = null;
  let failedRun: CommandRun | null = null;
  // The programs under AIX_ROOT are checked once, before the first command: a run that needs
  // none (a no-op) does not pay for the look-ups.
  let commandsRefused: string | null | undefined;
  if (aixRoot !== '/') {
    warnings.push(`AIX_ROOT is set to ${aixRoot}: AIX commands were run from there, not from the system (a simulated or alternate root).`);
  }
  return {
    aixRoot,
    stateDir,
    commands,
    warnings,
    async run(command, args, opts = {}) {
      const path = commandPath(command, aixRoot);
      const signal = interruptedBy();
      if (signal) throw new HostFault(`the run was interrupted by ${signal}; ${path} was not started`);
      commandsRefused ??= aixCommandsProblem(aixRoot);
      if (commandsRefused !== null) throw new HostRefused(commandsRefused);
      commands.push([path, ...args]);
      const { listing, ...rest } = opts;
      const run = await runCommand(path, args, {
        ...rest,
        log,
        onStart: (pid, exited) => trackCommand({ pid, argv: [path, ...args], exited }),
      });
      if (run.spawnError !== undefined) throw new HostFault(commandUnavailable(path, run.spawnErrno));
      if (listing) listed = run;
      if (run.rc !== 0) failedRun = run;
      return run;
    },
    listing: () => listed,
    lastFailed: () => failedRun,
    onAbort,
    logFile: () => log.written,
    labelLog: (subject) => log.label(subject),
    close: () => log.close(),
  };
}
