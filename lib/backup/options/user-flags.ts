// The user's `flags` string: split with shell-like quoting (no shell ever runs) and checked
// against the flags the AIX command accepts. A flag that one of the module's options sets is
// read as that option (adoptUserFlags), so the module always knows what the image holds: `-r`
// in flags is exclude_data: true, as a playbook written for ibm.power_aix.backup means it.
import { checkFlags, flagProblems, parseFlags, type FlagCommand, type GivenFlag } from '../../aix/parse/command-flags';
import { shellSplit } from '../../aix/parse/shellwords';
import type { FlagTable } from '../../engine/flag-table';
import { fail, ok, type Result } from '../../result';

export type UserFlags = Result<string[]>;

/** Refuses every flag in `managed` (flag -> option): for commands whose options own those flags outright. */
export function checkUserFlags(command: FlagCommand, text: string | undefined, managed: Record<string, string>): UserFlags {
  const tokens = splitFlags(text);
  if (!tokens.ok) return tokens;
  const checked = checkFlags(command, tokens.value, managed);
  return checked.ok ? checked : fail(checked.msg);
}

export type AdoptedFlags<P> = Result<{ params: P; flags: string[]; warnings: string[] }>;

/**
 * Reads `flags` against the option-to-flag table of `command`: a flag the table produces becomes
 * its option (with a warning naming it); a flag that contradicts an option set in the same task,
 * or another flag of the same option, is refused naming both. The other flags pass through.
 */
export function adoptUserFlags<P extends object>(command: FlagCommand, text: string | undefined, table: FlagTable<P>, params: P): AdoptedFlags<P> {
  const tokens = splitFlags(text);
  if (!tokens.ok) return tokens;
  const parsed = parseFlags(command, tokens.value);
  if (!parsed.ok) return fail(parsed.msg);
  const updates = new Map<string, unknown>();
  const current = (option: keyof P & string): unknown => (updates.has(option) ? updates.get(option) : params[option]);
  const setBy = new Map<string, GivenFlag>();
  const problems: string[] = [];
  const warnings: string[] = [];
  const rest: string[] = [];
  for (const given of parsed.value) {
    const option = table.optionOf(given.flag);
    const rule = option === undefined ? undefined : table.rules[option];
    if (option === undefined || rule === undefined) {
      rest.push(given.flag, ...(given.value !== undefined ? [given.value] : []));
      continue;
    }
    const wanted = rule.valueOf(given.flag, given.value);
    const earlier = setBy.get(option);
    if (earlier !== undefined) {
      if (current(option) !== wanted) problems.push(`${shown(given)} and ${shown(earlier)} both set ${option} (${option}: ${show(wanted)} and ${show(current(option))}); keep one`);
      continue;
    }
    setBy.set(option, given);
    if (rule.render(current(option)).length > 0) {
      if (current(option) !== wanted) problems.push(`${shown(given)} means ${option}: ${show(wanted)}, which contradicts ${option}: ${show(current(option))} set in this task; keep one of them`);
      else warnings.push(`flags: ${shown(given)} is what ${option}: ${show(wanted)} sets, and that option is already set; remove it from flags`);
      continue;
    }
    updates.set(option, wanted);
    warnings.push(`flags: ${shown(given)} was taken as the option ${option}: ${show(wanted)}; write that option instead of the flag`);
  }
  if (problems.length > 0) return fail(flagProblems(problems).msg);
  return ok({ params: Object.assign({}, params, Object.fromEntries(updates)), flags: rest, warnings });
}

function splitFlags(text: string | undefined): UserFlags {
  if (text === undefined || text.trim() === '') return ok([]);
  const tokens = shellSplit(text);
  return tokens.ok ? tokens : fail(flagProblems([tokens.msg]).msg);
}

function shown(f: GivenFlag): string {
  return f.value === undefined ? f.flag : `${f.flag} ${f.value}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
