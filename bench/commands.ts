// AIX commands run by `create` when the image is already there: none for an image this module
// made and verified (still the same file), one full check (listvgbackup -l, then the whole
// archive read back with listvgbackup -f) for an image it does not know, then none again.
import { copyFileSync, mkdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { invocationCount, makeLpar, runModule, writeArgs, type Lpar } from './lpar';

export interface Counted {
  /** Commands the result lists. */
  result: number;
  /** Runs the simulator logged. */
  logged: number;
  /** What ran, as the command and its flags (e.g. `listvgbackup -l`). */
  ran: string[];
}

export interface CommandFigures {
  madeHere: Counted;
  unknownFirst: Counted;
  unknownSecond: Counted;
  /** The same location after its mtime changed behind the module's back. */
  touched: Counted;
}

function counted(lpar: Lpar, args: string): Counted {
  const before = invocationCount(lpar);
  const r = runModule(lpar, args);
  if (r.changed) throw new Error(`expected a no-op: ${r.msg}`);
  const runs = lpar.invocations().slice(before);
  const ran = runs.map((i) => [i.cmd, ...i.argv.filter((a) => a.startsWith('-'))].join(' '));
  return { result: r.commands?.length ?? -1, logged: runs.length, ran };
}

export function measureCommands(scratch: string): CommandFigures {
  const lpar = makeLpar();
  try {
    const dir = join(scratch, 'commands-images');
    mkdirSync(dir, { recursive: true });
    const made = join(dir, 'made.mksysb');
    const madeArgs = writeArgs(scratch, 'made', { action: 'create', type: 'mksysb', location: made });
    runModule(lpar, madeArgs);
    const madeHere = counted(lpar, madeArgs);

    // A copy is a good image at a location the module has no record of.
    const copy = join(dir, 'copied.mksysb');
    copyFileSync(made, copy);
    const copyArgs = writeArgs(scratch, 'copy', { action: 'create', type: 'mksysb', location: copy });
    const unknownFirst = counted(lpar, copyArgs);
    const unknownSecond = counted(lpar, copyArgs);

    const later = new Date(Date.now() + 60_000);
    utimesSync(copy, later, later);
    const touched = counted(lpar, copyArgs);
    return { madeHere, unknownFirst, unknownSecond, touched };
  } finally {
    lpar.cleanup();
  }
}
