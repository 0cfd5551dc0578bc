// What a module run may do to the outside world, in one place: run AIX commands (recorded, so
// the result lists every command and tests can count them) and write the run log.
import { join } from 'node:path';
import { commandPath, type AixCommand } from '../aix/commands';
import { RunLog } from '../aix/run-log';
import { runCommand, type CommandRun, type RunOptions } from '../aix/runner';

export interface Io {
  readonly aixRoot: string;
  /** Where the module keeps what it knows about images and its logs: never beside the images. */
  readonly stateDir: string;
  readonly commands: string[][];
  readonly warnings: string[];
  run(command: AixCommand, args: readonly string[], opts?: Omit<RunOptions, 'log'>): Promise<CommandRun>;
  /** Log file path, once something was written to it. */
  logFile(): string | null;
  /** Names the run's subject (the image location): its log gets a `-current.log` link of its own. */
  labelLog(subject: string): void;
  close(): void;
}

export function createIo(moduleName: string, env: NodeJS.ProcessEnv = process.env): Io {
  const aixRoot = env.AIX_ROOT && env.AIX_ROOT !== '' ? env.AIX_ROOT : '/';
  const stateDir = join(aixRoot, 'var', 'powerops');
  // The name comes from _ansible_module_name: keep it to one harmless path component.
  const log = new RunLog(join(stateDir, 'log'), moduleName.replace(/[^\w.-]/g, '_').replace(/^\.+/, ''));
  const commands: string[][] = [];
  const warnings: string[] = [];
  if (aixRoot !== '/') {
    warnings.push(`AIX_ROOT is set to ${aixRoot}: AIX commands were run from there, not from the system (a simulated or alternate root).`);
  }
  return {
    aixRoot,
    stateDir,
    commands,
    warnings,
    run(command, args, opts = {}) {
      const path = commandPath(command, aixRoot);
      commands.push([path, ...args]);
      return runCommand(path, args, { ...opts, log });
    },
    logFile: () => log.written,
    labelLog: (subject) => log.label(subject),
    close: () => log.close(),
  };
}
