/**
 * AIX message numbers in command output, read one line at a time so a run
 * that lists hundreds of thousands of files (`-v`) is classified in constant
 * memory. The message number is the stable part of AIX output (the English
 * text varies with locale and level), and the exit code alone lies: mksysb
 * and savevg exit 0 after `0512-003` (some files not archived), restvg exits 0
 * when its prompt is not answered `y` (§16.8). So a run's outcome is decided
 * from the exit code AND the numbers seen.
 */
import { parseListingLine } from './archive-listing';

/** Which family of output the classifier expects. */
export type RunKind = 'backup' | 'restvg' | 'alt_disk';

export type LineClass = 'success' | 'info' | 'warning' | 'error' | 'unknown' | 'continuation' | 'other';

/** A message number at the start of a line (after blanks or progress dots), e.g. `0512-038`. */
export interface AixMessage {
  number: string;
}

/**
 * What a message number means. `info`: printed on success (LVM notes inside restvg, a chvg
 * that worked); `warning`: the run did its work with a reservation; `error`: the run failed.
 * A number in no table is `unknown`: with rc 0 it is reported, and the result read back decides.
 */
export type Meaning = 'success' | 'info' | 'warning' | 'error' | 'unknown';

type KnownMeanings = Readonly<Record<string, Exclude<Meaning, 'success' | 'unknown'>>>;
let known: KnownMeanings | null = null;

/**
 * Numbers seen in real or historical output (reference §5.6, §7.3, §14, samples/). Built on
 * first use: a run that reads no command output (a no-op) never needs it.
 */
const knownMeanings = (): KnownMeanings => (known ??= {
  // mksysb/savevg: some files not archived (rc 0), and the tape warnings for a file target.
  '0512-003': 'warning',
  '0512-039': 'warning',
  '0512-040': 'warning',
  ...errors('0512', ['004', '005', '006', '007', '008', '009', '010', '015', '016', '017', '0017', '021', '054']),
  ...errors('0512', ['025', '026', '027', '028', '029', '030', '031', '032', '033', '034', '035', '036', '037']),
  '0505-126': 'error',
  // extendvg/mkvg inside restvg: "Changing the PVID in the ODM." (samples/extendvg_nodejs73_0516-1162).
  '0516-1254': 'info',
  // chvg that succeeded: "Volume group rootvg changed. ..." (samples/chvg_nodejs73_0516-1164).
  '0516-1164': 'info',
  ...errors('0516', ['010', '306', '312', '320', '321', '404', '787', '792', '862', '884', '1162', '1396', '1782']),
});

function errors(family: string, numbers: readonly string[]): Record<string, 'error'> {
  return Object.fromEntries(numbers.map((n) => [`${family}-${n}`, 'error' as const]));
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
  /** Saw a known error number. */
  failed: boolean;
  /** Saw a number no table knows. */
  unknown: boolean;
  /** restvg showed its "Enter y to continue" prompt (nothing is done unless answered y). */
  prompted: boolean;
  /** The success line, verbatim. */
  successLine: string | null;
  /** First warning/error/unknown lines and their continuations, verbatim, bounded. */
  kept: string[];
  /** Lines not kept because the bound was reached. */
  dropped: number;
  /** Distinct message numbers seen, in order, bounded. */
  numbers: string[];
  /** The previous line was a message or its continuation: how the next line may continue it. */
  continuing: { kept: boolean; lastLine: string } | null;
}

export function newClassifier(kind: RunKind): ClassifierState {
  return {
    kind,
    completed: false,
    incomplete: false,
    failed: false,
    unknown: false,
    prompted: false,
    successLine: null,
    kept: [],
    dropped: 0,
    numbers: [],
    continuing: null,
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
  return { number: m[1]! };
}

/** What a message number means for a run of `kind`. */
export function classifyNumber(kind: RunKind, number: string): Meaning {
  if (number === '0512-038') return kind === 'backup' ? 'success' : 'info';
  const meanings = knownMeanings();
  return Object.hasOwn(meanings, number) ? meanings[number]! : 'unknown';
}

/**
 * A line that carries on the message before it: indented with a tab or spaces (both are seen:
 * samples/chfs_nodejs73_0516-404 tabs, samples/extendvg_nodejs73_0516-1162 eight spaces), or a
 * wrapped sentence going on in lower case (samples/lspv-disk_nodejs73_0516-1396). A file line
 * of a listing never continues a message.
 */
function continues(previous: string, line: string): boolean {
  if (line.trim() === '' || parseListingLine(line).kind !== 'other') return false;
  if (/^[\t ]/.test(line)) return true;
  return !/[.!?:]\s*$/.test(previous) && /^[a-z]/.test(line);
}

/** Feed one line (without its newline). Updates `state` and returns what the line was. */
export function classifyLine(state: ClassifierState, line: string): LineClass {
  const msg = findMessage(line);
  if (msg === null) {
    const cont = state.continuing;
    if (cont !== null && continues(cont.lastLine, line)) {
      if (cont.kept) keep(state, line);
      cont.lastLine = line;
      return 'continuation';
    }
    state.continuing = null;
    if (state.kind === 'restvg' && /Enter y to continue/i.test(line)) state.prompted = true;
    return 'other';
  }
  remember(state, msg.number);
  const meaning = classifyNumber(state.kind, msg.number);
  const kept = meaning === 'warning' || meaning === 'error' || meaning === 'unknown';
  state.continuing = { kept, lastLine: line };
  if (meaning === 'success') {
    state.completed = true;
    if (state.successLine === null) state.successLine = clip(line.trim());
  }
  if (msg.number === '0512-003') state.incomplete = true;
  if (meaning === 'error') state.failed = true;
  if (meaning === 'unknown') state.unknown = true;
  if (kept) keep(state, line.trim());
  return meaning;
}

/**
 * `ok`: done; `partial`: done without some files (0512-003); `unconfirmed`: a backup that
 * exited 0 with no error but never said 0512-038, so only reading the image back can tell;
 * `failed`: not done.
 */
export type RunStatus = 'ok' | 'partial' | 'unconfirmed' | 'failed';

export interface RunSummary {
  status: RunStatus;
  /** Lines for the admin: the AIX messages that decided the outcome, or an explanation. */
  messages: string[];
  /**
   * Present when the run exited 0 and printed numbers no table knows: the caller reports them
   * and lets the check of the result decide.
   */
  warnings?: string[];
}

/**
 * Decide a finished run from its exit code (null: killed by a signal) and the
 * message numbers seen. A non-zero rc or a known error number fails the run.
 * For a backup, success needs rc 0 AND `0512-038`; `0512-003` with rc 0 is
 * "partial". restvg and alt_disk_mksysb print no success number, so they
 * succeed on rc 0 with no error number (and, for restvg, no unanswered
 * prompt). Unknown numbers with rc 0 come back as warnings: the verdict is then
 * the read-back verification's.
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
  const warnings = state.unknown ? { warnings: [`${name} exited with return code 0 and printed AIX messages this module does not know; the result was checked by reading it back: ${kept.join(' ')}`] } : {};
  if (state.kind === 'backup') {
    if (state.incomplete) return { status: 'partial', messages: kept, ...warnings };
    if (!state.completed) {
      return {
        status: 'unconfirmed',
        messages: ['the backup exited with return code 0 but never printed 0512-038 "Backup Completed Successfully"', ...kept],
        ...warnings,
      };
    }
    return { status: 'ok', messages: state.successLine === null ? kept : [state.successLine, ...kept], ...warnings };
  }
  if (state.kind === 'restvg' && state.prompted) {
    return {
      status: 'failed',
      messages: ['restvg asked "Enter y to continue" and was not answered y, so nothing was restored (run restvg with -q)', ...kept],
    };
  }
  return { status: 'ok', messages: kept, ...warnings };
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
