// What the fleet tests share: the gate (never skipped under CI=true: there a missing sshd or
// ansible-playbook fails the tests), a fleet per describe block, and the checks of the shared
// image directory.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { ANSIBLE_PRESENT, IN_CI } from '../helpers/ansible';
import { startFleet, type Fleet, type FleetOptions } from '../../harness/fleet';
import { makeLpar } from '../../harness/lpar';
import { runModule } from '../helpers/module';
import type { PlaybookRun } from '../../harness/playbook';
import { fleetBlocker } from '../../harness/sshd';

export const NIGHTLY = 'examples/rootvg-mksysb-nightly.yml';
export const NIGHTLY_TASK = 'Make a system backup unless a complete one younger than 20 hours is there';
/** Per test: a playbook over 20 LPARs through one sshd takes tens of seconds on 2 busy cores. */
export const FLEET_TIMEOUT = 300_000;

export const describeFleet: typeof describe = (ANSIBLE_PRESENT && fleetBlocker() === null) || IN_CI ? describe : (describe.skip as typeof describe);

/** A fleet started before the block's tests and stopped after them, pass or fail. */
export function useFleet(opts: FleetOptions = {}): () => Fleet {
  let fleet: Fleet | null = null;
  beforeAll(async () => {
    fleet = await startFleet(opts);
  });
  afterAll(() => fleet?.stop());
  return () => {
    if (!fleet) throw new Error('the fleet did not start');
    return fleet;
  };
}

/** The run's task results and stderr, for an assertion message that says what went wrong. */
export const why = (run: PlaybookRun): string => `${run.stderr}\n${JSON.stringify(run.tasks, null, 1)}`.slice(0, 20_000);

/** Runs of commands that write (mksysb, savevg, ...) logged by the simulator on each LPAR. */
export function writesPerHost(fleet: Fleet): Record<string, number> {
  return Object.fromEntries(fleet.hosts.map((h) => [h, fleet.lpars[h]!.invocations().filter((i) => i.mutates).length]));
}

/**
 * Reads every image back in full with action view, from an LPAR that has never seen them (so no
 * record spares the full check), and returns per image the host its header names.
 */
export async function viewAll(fleet: Fleet, names: string[]): Promise<Record<string, string>> {
  const checker = makeLpar({ hostname: 'checker', parent: fleet.dir });
  const hosts: Record<string, string> = {};
  for (const name of names) {
    const r = await runModule('backup', { action: 'view', location: join(fleet.imageDir, name) }, { env: { AIX_ROOT: checker.root } });
    expect(r.result.failed, `${name}: ${r.result.msg}`).toBeFalsy();
    const backup = r.result.backup as { complete: boolean; kind: string; volume_group: string; hostname: string };
    expect(backup).toMatchObject({ complete: true, kind: 'mksysb', volume_group: 'rootvg' });
    hosts[name] = backup.hostname;
  }
  expect(checker.invocations().filter((i) => i.cmd === 'listvgbackup' && !i.argv.includes('-l')).length).toBe(names.length);
  checker.cleanup();
  return hosts;
}

/** Temporary image files and locks in the shared directory: none once every run has ended. */
export const leftovers = (fleet: Fleet): string[] => readdirSync(fleet.imageDir).filter((f) => f.startsWith('.') || f.includes('.lock'));
