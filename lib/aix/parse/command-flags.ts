import { ok, type Failure, type Result } from '../../result';

/** A flag letter and, when it takes a value, how the synopsis names that value. */
export interface FlagSpec {
  /** null: a switch; otherwise the value's name in the synopsis (`number`, `file`). */
  value: string | null;
}

/** The commands the modules run with user-supplied `flags`. */
export type FlagCommand = 'mksysb' | 'savevg' | 'restvg' | 'alt_disk_mksysb';

const sw: FlagSpec = { value: null };
const val = (name: string): FlagSpec => ({ value: name });

/**
 * Flags each command accepts, from the synopses of the reference (§5 restvg,
 * §6 savevg, §7 mksysb, §8 alt_disk_mksysb). Keys are the flags as typed (`-b`).
 * A flag missing here is rejected before anything runs, so a typo never
 * reaches AIX, where getopt would report it only after locks and temp files.
 */
export const COMMAND_FLAGS: Readonly<Record<FlagCommand, Readonly<Record<string, FlagSpec>>>> = {
  // mksysb [-a] [-A] [-b number] [-e] [-F filename] [-i] [-m] [-p] [-P] [-t argument] [-v] [-V]
  //        [-x file] [-X] [-Z] [-G | -N] [-M] [-T] [-C] device | file
  mksysb: {
    '-a': sw, '-A': sw, '-b': val('number'), '-e': sw, '-F': val('filename'), '-i': sw, '-m': sw,
    '-p': sw, '-P': sw, '-t': val('argument'), '-v': sw, '-V': sw, '-x': val('file'), '-X': sw,
    '-Z': sw, '-G': sw, '-N': sw, '-M': sw, '-T': sw, '-C': sw,
  },
  // savevg [-a] [-A] [-b Blocks] [-e] [-f Device] [-i | -m] [-p] [-r] [-T] [-v] [-V] [-x file] [-X] VGName [-Z]
  savevg: {
    '-a': sw, '-A': sw, '-b': val('Blocks'), '-e': sw, '-f': val('Device'), '-i': sw, '-m': sw,
    '-p': sw, '-r': sw, '-T': sw, '-v': sw, '-V': sw, '-x': val('file'), '-X': sw, '-Z': sw,
  },
  // restvg [-b Blocks] [-d FileName] [-f Device] [-l] [-q] [-r] [-s] [-n] [-P PPsize] [-S] [DiskName ...]
  restvg: {
    '-b': val('Blocks'), '-d': val('FileName'), '-f': val('Device'), '-l': sw, '-q': sw, '-r': sw,
    '-s': sw, '-n': sw, '-P': val('PPsize'), '-S': sw,
  },
  // alt_disk_mksysb -m device -d target_disks... [-i image.data] [-s script] [-R resolv_conf] [-p platform]
  //   [-L mksysb_level] [-n] [-P phase_option] [-c console] [-K] [-D B O V g k r y z T S C]
  alt_disk_mksysb: {
    '-m': val('device'), '-d': val('target_disks'), '-i': val('image.data'), '-s': val('script'),
    '-R': val('resolv_conf'), '-p': val('platform'), '-L': val('mksysb_level'), '-n': sw,
    '-P': val('phase_option'), '-c': val('console'), '-K': sw, '-D': sw, '-B': sw, '-O': sw,
    '-V': sw, '-g': sw, '-k': sw, '-r': sw, '-y': sw, '-z': sw, '-T': sw, '-S': sw, '-C': sw,
  },
};

/** One flag of the user's `flags`, as getopt reads it. */
export interface GivenFlag {
  flag: string;
  /** The flag's value, for a flag that takes one. */
  value?: string;
}

/**
 * Read the tokens of the user's `flags` (see shellSplit) as AIX getopt does: `-aAX` is
 * `-a -A -X`; a flag that takes a value takes the rest of its token (`-b512`) or the next
 * token (`-b 512`). Every problem is reported, not only the first: unknown flags, missing
 * values and operands (the module supplies those). Problems do not repeat the option's name:
 * the failure's message says `flags:` once.
 */
export function parseFlags(command: FlagCommand, tokens: readonly string[]): Result<GivenFlag[], FlagProblems> {
  const { flags, problems } = readFlags(command, tokens);
  return problems.length > 0 ? flagProblems(problems) : ok(flags);
}

/** Problems with the user's `flags`, each also on its own for callers that add to the list. */
export interface FlagProblems extends Failure {
  problems: string[];
}

/** The option is named once, however many problems follow. */
export function flagProblems(problems: string[]): FlagProblems {
  return { ok: false, msg: `flags: ${problems.join('; ')}`, problems };
}

/** Every flag that could be read, and every problem found on the way. */
function readFlags(command: FlagCommand, tokens: readonly string[]): { flags: GivenFlag[]; problems: string[] } {
  const specs = COMMAND_FLAGS[command];
  const known = (flag: string): FlagSpec | undefined =>
    Object.prototype.hasOwnProperty.call(specs, flag) ? specs[flag] : undefined;
  const problems: string[] = [];
  const out: GivenFlag[] = [];
  let operandsOnly = false;

  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t]!;
    if (!operandsOnly && tok === '--') {
      operandsOnly = true;
      continue;
    }
    if (operandsOnly || !tok.startsWith('-') || tok === '-') {
      problems.push(
        `${JSON.stringify(tok)} is not a flag; flags may hold only ${command} flags ` +
          '(the module gives the image, volume group and disks from their options)',
      );
      continue;
    }
    for (let c = 1; c < tok.length; c++) {
      const flag = `-${tok[c]!}`;
      const spec = known(flag);
      if (spec === undefined) {
        problems.push(`${flag} is not a flag of ${command}; ${command} accepts ${accepted(command)}`);
        continue;
      }
      if (spec.value === null) {
        out.push({ flag });
        continue;
      }
      const attached = tok.slice(c + 1);
      c = tok.length; // the rest of the token, if any, is the value
      if (attached !== '') out.push({ flag, value: attached });
      else if (t + 1 < tokens.length) out.push({ flag, value: tokens[++t]! });
      else problems.push(`${flag} of ${command} needs a value (${flag} ${spec.value})`);
    }
  }
  return { flags: out, problems };
}

/**
 * Check the tokens of the user's `flags` against what `command` accepts (see parseFlags), and
 * refuse the flags the module sets itself from an option (`managed`: flag -> option name).
 * On success the tokens come back normalized: one flag per token, values as separate tokens.
 */
export function checkFlags(
  command: FlagCommand,
  tokens: readonly string[],
  managed: Readonly<Record<string, string>> = {},
): Result<string[], FlagProblems> {
  const { flags, problems } = readFlags(command, tokens);
  const out: string[] = [];
  for (const { flag, value } of flags) {
    if (Object.prototype.hasOwnProperty.call(managed, flag)) {
      problems.push(`${flag} is set by the module from '${managed[flag]}'; remove it from flags`);
      continue;
    }
    out.push(flag, ...(value !== undefined ? [value] : []));
  }
  return problems.length > 0 ? flagProblems(problems) : ok(out);
}

/** The accepted flags of `command` as the synopsis writes them, minus those the module sets. */
export function accepted(command: FlagCommand, managed: Readonly<Record<string, string>> = {}): string {
  return Object.entries(COMMAND_FLAGS[command])
    .filter(([flag]) => !Object.prototype.hasOwnProperty.call(managed, flag))
    .map(([flag, spec]) => (spec.value === null ? flag : `${flag} ${spec.value}`))
    .join(', ');
}
