// The user's `flags` string: split with shell-like quoting (no shell ever runs) and checked
// against the flags the AIX command accepts and those the module sets itself.
import { checkFlags, type FlagCommand } from '../aix/command-flags';
import { shellSplit } from '../aix/shellwords';

export type UserFlags = { ok: true; value: string[] } | { ok: false; error: string };

export function checkUserFlags(command: FlagCommand, text: string | undefined, managed: Record<string, string>): UserFlags {
  if (text === undefined || text.trim() === '') return { ok: true, value: [] };
  const tokens = shellSplit(text);
  if (!tokens.ok) return { ok: false, error: `flags: ${tokens.error}` };
  const checked = checkFlags(command, tokens.value, managed);
  return checked.ok ? { ok: true, value: checked.value } : { ok: false, error: checked.error.join('; ') };
}
