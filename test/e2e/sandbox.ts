// Simulated LPARs and an "NFS" image directory for one playbook run, plus a snapshot of
// everything a run could change, to prove that a check-mode run changed nothing.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLpar, type Lpar } from '../../harness/lpar';

export interface Sandbox {
  dir: string;
  imageDir: string;
  lpars: Record<string, Lpar>;
  /** Inventory hosts with their aix_root. */
  hosts: Record<string, Record<string, unknown>>;
  vars: Record<string, unknown>;
  snapshot(): Snapshot;
  cleanup(): void;
}

export interface Snapshot {
  state: Record<string, unknown>;
  images: Record<string, string>;
  /** AIX commands that change the LPAR, run so far (the simulator logs every run). */
  mutatingRuns: number;
}

export function makeSandbox(hostnames: string[] = ['lpar1']): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
  const imageDir = mkdtempSync(join(dir, 'nfs-'));
  const lpars = Object.fromEntries(hostnames.map((h) => [h, makeLpar({ hostname: h })]));
  return {
    dir,
    imageDir,
    lpars,
    hosts: Object.fromEntries(hostnames.map((h) => [h, { aix_root: lpars[h]!.root }])),
    vars: { image_dir: imageDir },
    snapshot: () => ({
      state: Object.fromEntries(hostnames.map((h) => [h, lpars[h]!.state()])),
      images: Object.fromEntries(readdirSync(imageDir).map((f) => {
        const st = statSync(join(imageDir, f));
        return [f, `${st.size}@${st.mtimeMs}`];
      })),
      mutatingRuns: hostnames.reduce((n, h) => n + lpars[h]!.invocations().filter((i) => i.mutates).length, 0),
    }),
    cleanup() {
      for (const l of Object.values(lpars)) l.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
