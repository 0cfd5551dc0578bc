/**
 * AIX message numbers in command output, read one line at a time so a run
 * that lists hundreds of thousands of files (`-v`) is classified in constant
 * memory. The message number is the stable part of AIX output (the English
 * text varies with locale and level), and the exit code alone lies: mksysb
 * and savevg exit 0 after `0512-003` (some files not archived), restvg exits 0
 * when its prompt is not answered `y` (§16.8). So a run's outcome is decided
 * from the exit code AND the numbers seen.
 */

/** Which family of output the classifier expects. */
export type RunKind = 'backup' | 'restvg' | 'alt_disk';

export type LineClass = 'success' | 'warning' | 'error' | 'continuation' | 'other';

/** A message number at the start of a line (after blanks or progress dots), e.g. `0512-038`. */
export interface AixMessage {
  number: string;
  text: string;
}

/** At most this many lines are kept verbatim for the error message. */
const MAX_KEPT_LINES = 12;
/** Kept lines longer than this are cut (a message line is short; a file name can be huge). */
const MAX_LINE_CHARS = 400;
/** At most this many distinct message numbers are remembered. */
const MAX_NUMBERS = 20;

export interface ClassifierState {
  readonly kind: RunKind;
  /** Saw `0512-038 ... Backup Completed Successfully.` */
  completed: boolean;
  /** Saw `0512-003`: backup finished but some files were not archived. */
  incomplete: boolean;
  /** Saw an error number. */
  failed: boolean;
  /** restvg showed its "Enter y to continue" prompt (nothing is done unless answered y). */
  prompted: boolean;
  /** The success line, verbatim. */
  successLine: string | null;
  /** First warning/error lines and their tab-indented continuations, verbatim, bounded. */
  kept: string[];
  /** Lines not kept because the bound was reached. */
  dropped: number;
  /** Distinct message numbers seen, in order, bounded. */
  numbers: string[];
  /** The previous line was a kept message, so tab-indented lines continue it. */
  continuing: boolean;
}

export function newClassifier(kind: RunKind): ClassifierState {
  return {
    kind,
    completed: false,
    incomplete: false,
    failed: false,
    prompted: false,
    successLine: null,
    kept: [],
    dropped: 0,
    numbers: [],
    continuing: false,
  };
}

/**
 * Find a message number at the start of a line. Only the start counts: in a
 * verbose file listing a path such as `./data/2021-123` must not look like an
 * AIX message. Progress dots may precede it because mksysb prints them
 * without a newline.
 */
export function findMessage(line: string): AixMessage | null {
  const m = /^[\s.]*(\d{4}-\d{3,4})(?=[\s:]|$)/.exec(line.length > 4096 ? line.slice(0, 4096) : line);
  if (m === null) return null;
  return { number: m[1]!, text: line.slice(m[0].length).trim() };
}

/** What a message number means for a run of `kind`. */
export function classifyNumber(kind: RunKind, number: string): 'success' | 'warning' | 'error' | 'other' {
  if (number.startsWith('0512-')) {
    if (number === '0512-038') return kind === 'backup' ? 'success' : 'other';
    if (number === '0512-003') return 'warning';
    // "FILE does not appear to be a tape device": informational for a file target.
    if (number === '0512-039' || number === '0512-040') return 'warning';
    return 'error';
  }
  if (number.startsWith('0505-') || number.startsWith('0516-')) return 'error';
  return 'other';
}

/** Feed one line (without its newline). Updates `state` and returns what the line was. */
export function classifyLine(state: ClassifierState, line: string): LineClass {
  const msg = findMessage(line);
  if (msg === null) {
    // Multi-line AIX messages continue on tab-indented lines.
    if (state.continuing && /^\t/.test(line) && line.trim() !== '') {
      keep(state, line);
      return 'continuation';
    }
    state.continuing = false;
    if (state.kind === 'restvg' && /Enter y to continue/i.test(line)) state.prompted = true;
    return 'other';
  }
  remember(state, msg.number);
  const cls = classifyNumber(state.kind, msg.number);
  if (cls === 'success') {
    state.completed = true;
    if (state.successLine === null) state.successLine = clip(line.trim());
    state.continuing = false;
    return 'success';
  }
  if (cls === 'other') {
    state.continuing = false;
    return 'other';
  }
  if (cls === 'warning' && msg.number === '0512-003') state.incomplete = true;
  if (cls === 'error') state.failed = true;
  keep(state, line.trim());
  state.continuing = true;
  return cls;
}

export type RunStatus = 'ok' | 'partial' | 'failed';

export interface RunSummary {
  status: RunStatus;
  /** Lines for the admin: the AIX messages that decided the outcome, or an explanation. */
  messages: string[];
}

/**
 * Decide a finished run from its exit code (null: killed by a signal) and the
 * message numbers seen. For a backup, success needs rc 0 AND `0512-038`;
 * `0512-003` with rc 0 is "partial". restvg and alt_disk_mksysb print no
 * success number, so they succeed on rc 0 with no error number (and, for
 * restvg, no unanswered prompt).
 */
export function summarizeBackupRun(rc: number | null, state: ClassifierState): RunSummary {
  const name = state.kind === 'backup' ? 'the backup' : state.kind === 'restvg' ? 'restvg' : 'alt_disk_mksysb';
  const kept = state.dropped > 0 ? [...state.kept, `(${state.dropped} more message lines not shown)`] : [...state.kept];
  if (rc === null) return { status: 'failed', messages: [`${name} was killed before it finished`, ...kept] };
  if (rc !== 0) {
    return {
      status: 'failed',
      messages: kept.length > 0 ? kept : [`${name} exited with return code ${rc} and printed no AIX message number`],
    };
  }
  if (state.failed) return { status: 'failed', messages: [`${name} exited with return code 0 but reported errors:`, ...kept] };
  if (state.kind === 'backup') {
    if (state.incomplete) return { status: 'partial', messages: kept };
    if (!state.completed) {
      return {
        status: 'failed',
        messages: ['the backup exited with return code 0 but never printed 0512-038 "Backup Completed Successfully"; the image cannot be trusted', ...kept],
      };
    }
    return { status: 'ok', messages: state.successLine === null ? kept : [state.successLine, ...kept] };
  }
  if (state.kind === 'restvg' && state.prompted) {
    return {
      status: 'failed',
      messages: ['restvg asked "Enter y to continue" and was not answered y, so nothing was restored (run restvg with -q)', ...kept],
    };
  }
  return { status: 'ok', messages: kept };
}

function keep(state: ClassifierState, line: string): void {
  if (state.kept.length < MAX_KEPT_LINES) state.kept.push(clip(line));
  else state.dropped++;
}

function remember(state: ClassifierState, number: string): void {
  if (state.numbers.length < MAX_NUMBERS && !state.numbers.includes(number)) state.numbers.push(number);
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}...` : line;
}
