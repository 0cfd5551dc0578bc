// The one JSON document a module prints. ansible-core fails to parse raw U+0085, U+2028 and
// U+2029, which JSON.stringify emits as-is, so every non-ASCII character is escaped; AIX output
// and user paths can contain anything.

export interface Diff {
  before: string;
  after: string;
  before_header?: string;
  after_header?: string;
}

export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  msg: string;
  rc?: number;
  cmd?: string;
  stdout?: string;
  stderr?: string;
  stdout_lines?: string[];
  stderr_lines?: string[];
  warnings?: string[];
  diff?: Diff;
  invocation?: { module_args: Record<string, unknown> };
  [key: string]: unknown;
}

export const NO_LOG_MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

export function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Adds stdout_lines/stderr_lines as ansible-core's run_command users expect them. */
export function withLines(result: ModuleResult): ModuleResult {
  const out = { ...result };
  if (typeof out.stdout === 'string' && out.stdout_lines === undefined) out.stdout_lines = splitLines(out.stdout);
  if (typeof out.stderr === 'string' && out.stderr_lines === undefined) out.stderr_lines = splitLines(out.stderr);
  return out;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function maskNoLog(args: Record<string, unknown>, noLogOptions: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) out[k] = noLogOptions.includes(k) && v !== undefined ? NO_LOG_MASK : v;
  return out;
}
