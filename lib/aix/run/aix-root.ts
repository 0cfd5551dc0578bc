// AIX_ROOT says where the AIX commands are, and the module runs them as root: it is honoured only
// when no one but root could have put those programs there. The root, the directories above it
// (a sticky /tmp is fine: no one else can rename root's directory out of it) and the command
// directories below it (no sticky exception: anyone could add a program there) must be root's and
// closed to writes by others.
//
// The check comes in two parts. The root itself holds the module's state directory, so it is
// checked as the run starts. The command directories and programs matter to a command only, so
// they are checked before the first command runs (io does it): a no-op that runs none pays for
// none of their look-ups, and every command still meets the same check, with the same refusal.
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { AIX_COMMANDS, commandPath, isAixCommand } from './commands';
import { untrustedDirectory, untrustedFile, type Untrusted } from './trusted-dir';

const COMMAND_DIRS = ['usr', 'usr/bin', 'usr/sbin'];

/** Null when AIX_ROOT can be used, programs included; otherwise the refusal. */
export function aixRootProblem(aixRoot: string): string | null {
  return aixRootDirProblem(aixRoot) ?? aixCommandsProblem(aixRoot);
}

/** Null when the directory AIX_ROOT names, and every one above it, is closed to others. */
export function aixRootDirProblem(aixRoot: string): string | null {
  if (aixRoot === '/') return null;
  const top = untrustedDirectory(aixRoot, { allowSticky: true });
  return top === null ? null : 'missing' in top ? missing(aixRoot, top.missing) : refusal(aixRoot, top);
}

/** Null when the command directories under AIX_ROOT and every program in them are root's alone. */
export function aixCommandsProblem(aixRoot: string): string | null {
  if (aixRoot === '/') return null;
  let stopAt: string;
  try {
    stopAt = realpathSync.native(aixRoot);
  } catch {
    return missing(aixRoot, aixRoot);
  }
  for (const dir of COMMAND_DIRS) {
    const found = untrustedDirectory(join(aixRoot, dir), { allowSticky: false, stopAt });
    if (found !== null) return 'missing' in found ? missing(aixRoot, found.missing) : refusal(aixRoot, found);
  }
  for (const name of Object.keys(AIX_COMMANDS).filter(isAixCommand)) {
    const found = untrustedFile(commandPath(name, aixRoot));
    if (found !== null) return refusal(aixRoot, found);
  }
  return null;
}

function missing(aixRoot: string, path: string): string {
  return `AIX_ROOT: ${path} does not exist; AIX_ROOT ${aixRoot} must hold the AIX commands under usr/bin and usr/sbin. Nothing was run.`;
}

function refusal(aixRoot: string, found: Untrusted): string {
  return (
    `AIX_ROOT: ${found.dir} ${found.why} (mode ${found.mode}, owner uid ${found.owner}), so the programs under AIX_ROOT ${aixRoot} could be another user's; nothing was run. ` +
    `Fix: ${found.fix}, or unset AIX_ROOT.`
  );
}
