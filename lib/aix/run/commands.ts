import { posix } from 'node:path';

/**
 * Every AIX command the modules run, with the directory it lives in. Commands
 * are always run by absolute path under $AIX_ROOT, never looked up in PATH:
 * an Ansible task's PATH on AIX is short and differs between hosts.
 */
export const AIX_COMMANDS = {
  lsvg: '/usr/sbin',
  lspv: '/usr/sbin',
  lquerypv: '/usr/sbin',
  bootinfo: '/usr/sbin',
  alt_disk_mksysb: '/usr/sbin',
  alt_rootvg_op: '/usr/sbin',
  mksysb: '/usr/bin',
  savevg: '/usr/bin',
  restvg: '/usr/bin',
  lsmksysb: '/usr/bin',
  lssavevg: '/usr/bin',
  listvgbackup: '/usr/bin',
  bootlist: '/usr/bin',
  /** `uname -m`: the machine ID, which tells apart LPARs that share a host name. */
  uname: '/usr/bin',
  df: '/usr/bin',
  // AIX ships the shell's regular built-ins as commands too; this one reports the caller's limits.
  ulimit: '/usr/bin',
} as const;

/** A command name the table knows; any other name is a compile error. */
export type AixCommand = keyof typeof AIX_COMMANDS;

export const DEFAULT_AIX_ROOT = '/';

/**
 * Absolute path of `name` under `aixRoot` (default `/`): `/usr/sbin/lsvg`, or
 * `/tmp/lpar/usr/sbin/lsvg` for a simulated LPAR. An empty root means `/`.
 */
export function commandPath(name: AixCommand, aixRoot: string = DEFAULT_AIX_ROOT): string {
  const root = aixRoot === '' ? DEFAULT_AIX_ROOT : aixRoot;
  return posix.join(root, AIX_COMMANDS[name], name);
}

export function isAixCommand(name: string): name is AixCommand {
  return Object.prototype.hasOwnProperty.call(AIX_COMMANDS, name);
}
