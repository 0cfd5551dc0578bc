// Runs the backup module against a simulated LPAR, with helpers to look at the image directory.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';
import { runModule, type ModuleRun } from './module';

export interface Bench {
  lpar: Lpar;
  /** An empty image directory standing for an NFS export. */
  dir: string;
  backup(args: Record<string, unknown>, env?: NodeJS.ProcessEnv): Promise<ModuleRun>;
  /** Files in the image directory, sorted. */
  files(): string[];
  bytes(name: string): Buffer;
  /** Invocations of commands that change something (mksysb, savevg, restvg, alt_disk_*...). */
  mutating(): string[];
  cleanup(): void;
}

export function makeBench(lparOpts: Parameters<typeof makeLpar>[0] = {}): Bench {
  const lpar = makeLpar(lparOpts);
  const dir = mkdtempSync(join(tmpdir(), 'images-'));
  return {
    lpar,
    dir,
    backup: (args, env = {}) => runModule('backup', args, { env: { AIX_ROOT: lpar.root, ...env } }),
    files: () => readdirSync(dir).sort(),
    bytes: (name) => readFileSync(join(dir, name)),
    mutating: () => lpar.invocations().filter((i) => i.mutates).map((i) => [i.cmd, ...i.argv].join(' ')),
    cleanup: () => {
      lpar.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
