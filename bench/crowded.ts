// The no-op in a directory that others fill: 300 files that are not the module's (other users'
// files, hidden names that look like partial images, symlinks, dated names of other hosts and
// of other volume groups, other hosts' locks) planted beside a file image and a dated image the
// module made itself. Some other users' files and symlinks carry this LPAR's own dated name, a
// second later in the same second's sequence (newer than its image): an lstat tells them apart.
// Neither no-op may run an AIX command for them.
import { chownSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { invocationCount, makeLpar, runModule, writeArgs, type Lpar } from './lpar';

export const PLANTED = 300;
const NOBODY = 65534;
const RUNS = 3;

export interface CrowdedFigures {
  planted: number;
  /** location: a file, 300 files beside it. */
  file: NoopCount;
  /** location: the directory, where the module finds its dated image among the 300. */
  dated: NoopCount;
}

export interface NoopCount {
  runs: number;
  /** The most commands one run listed in its result. */
  resultCommands: number;
  /** AIX command runs the simulator logged over all runs. */
  simInvocations: number;
  warnings: string[];
}

/** This LPAR's host part and the stamp of its dated image. */
interface Own {
  host: string;
  stamp: string;
}

type Plant = (dir: string, i: number, own: Own) => void;

/** This LPAR's dated name, newer than its image by its sequence number. */
const ownName = (own: Own, i: number): string => `${own.host}.rootvg.${own.stamp}-${1 + i}.mksysb`;

const stamp = (i: number): string => `202611${String(1 + (i % 28)).padStart(2, '0')}T0${i % 10}1500Z`;
const hex = (i: number): string => (i * 0x9e3779b1 >>> 0).toString(16).padStart(8, '0').repeat(3);

function othersFile(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o644 });
  chownSync(path, NOBODY, NOBODY);
}

/** Six kinds of look-alike, PLANTED / 6 of each. */
const PLANTS: Plant[] = [
  (dir, i, own) => othersFile(join(dir, [`rootvg.mksysb.${i}.old`, `lpar${i}.mksysb`, ownName(own, i)][i % 3]!), 'not an image\n'),
  (dir, i, own) => writeFileSync(join(dir, i % 2 ? `.rootvg.mksysb.partial-${hex(i)}` : `.${own.host}.rootvg.${stamp(i)}.mksysb.partial-${hex(i)}`), 'half\n'),
  (dir, i, own) => symlinkSync(['/etc/passwd', `/nonexistent/${i}`, 'rootvg.mksysb'][i % 3]!, join(dir, i % 2 ? `link${i}.rootvg.mksysb` : ownName(own, 100 + i))),
  (dir, i) => writeFileSync(join(dir, `lpar${100 + i}.rootvg.${stamp(i)}.mksysb`), 'another host\n'),
  (dir, i, own) => writeFileSync(join(dir, i % 2 ? `${own.host}.example.com.rootvg.${stamp(i)}.mksysb` : `${own.host}.datavg.${stamp(i)}.savevg`), 'not this series\n'),
  (dir, i) => othersFile(join(dir, `lpar${200 + i}.rootvg.lock`), `${1000 + i} lpar${200 + i}\n`),
];

function plant(dir: string, own: Own): number {
  const each = PLANTED / PLANTS.length;
  for (const p of PLANTS) for (let i = 0; i < each; i++) p(dir, i, own);
  return each * PLANTS.length;
}

function noops(lpar: Lpar, args: string): NoopCount {
  const before = invocationCount(lpar);
  let resultCommands = 0;
  const warnings = new Set<string>();
  for (let run = 0; run < RUNS; run++) {
    const r = runModule(lpar, args);
    if (r.changed) throw new Error(`expected a no-op among the planted files: ${r.msg}`);
    resultCommands = Math.max(resultCommands, r.commands?.length ?? -1);
    for (const w of r.warnings ?? []) warnings.add(w);
  }
  return { runs: RUNS, resultCommands, simInvocations: invocationCount(lpar) - before, warnings: [...warnings] };
}

export function measureCrowded(scratch: string): CrowdedFigures {
  const lpar = makeLpar();
  try {
    const dir = join(scratch, 'crowded-images');
    mkdirSync(dir, { mode: 0o755 });
    const fileArgs = writeArgs(scratch, 'crowded-file', { action: 'create', type: 'mksysb', location: join(dir, 'rootvg.mksysb') });
    // A nightly job's directory: the newest image counts while it is younger than max_age.
    const datedArgs = writeArgs(scratch, 'crowded-dated', { action: 'create', type: 'mksysb', location: dir, create_data_file: 'yes', max_age: '20h' });
    for (const args of [fileArgs, datedArgs]) {
      const made = runModule(lpar, args);
      if (!made.changed) throw new Error(`the first run should have made the image: ${made.msg}`);
    }
    const dated = readdirSync(dir)
      .map((n) => /^(.+)\.rootvg\.(\d{8}T\d{6}Z)\.mksysb$/.exec(n))
      .find((m) => m !== null);
    if (!dated?.[1] || !dated[2]) throw new Error(`no dated image in ${dir}`);
    const planted = plant(dir, { host: dated[1], stamp: dated[2] });
    return { planted, file: noops(lpar, fileArgs), dated: noops(lpar, datedArgs) };
  } finally {
    lpar.cleanup();
  }
}
