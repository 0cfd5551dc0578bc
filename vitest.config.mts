import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Most of a test's time is spent waiting on child processes (the module, the simulated AIX
// commands, ansible-playbook, sshd), so files run side by side even on a small machine. vitest's
// own default is one worker fewer than the CPUs, which on 2 CPUs runs the files one at a time.
// One worker more than the CPUs keeps them busy while a file waits; VITEST_MAX_WORKERS (or
// --maxWorkers) overrides it.
const workers = availableParallelism() + 1;

const shared = { testTimeout: 60_000, hookTimeout: 120_000 };

// CI's reruns after `npm test` (.ci/run) are one vitest run, so that their files share one pool of
// workers instead of each group waiting for its slowest file. Each is a project, set by:
//   RERUN_DIALECTS="bare-paths restore-x"  the files that read what the simulator prints in more
//                                          than one plausible form, once under each dialect;
//   RERUN_MODULE_NODE=/path/to/node        every file that runs a built module, on that Node.js.
// Without them (npm test), every test runs once.
const DIALECT_FILES = [
  'test/backup/view.test.ts',
  'test/backup/create.test.ts',
  'test/backup_info/backup_info.test.ts',
  'test/restore/savevg.test.ts',
  'test/restore/mksysb.test.ts',
];
const MODULE_FILES = ['protocol', 'backup', 'backup_info', 'mksysb', 'restore', 'e2e'].map((d) => `test/${d}/**/*.test.ts`);

const dialects = (process.env.RERUN_DIALECTS ?? '').split(/\s+/).filter((d) => d !== '');
const moduleNode = process.env.RERUN_MODULE_NODE ?? '';
const project = (name: string, include: string[], env: Record<string, string>) => ({ test: { ...shared, name, include, env } });
const reruns = [
  ...dialects.map((dialect) => project(`dialect ${dialect}`, DIALECT_FILES, { AIX_SIM_DIALECT: dialect })),
  ...(moduleNode === '' ? [] : [project(`modules on ${moduleNode}`, MODULE_FILES, { POWEROPS_MODULE_NODE: moduleNode })]),
];

export default defineConfig({
  test: {
    ...shared,
    ...(reruns.length > 0 ? { projects: reruns } : { include: ['test/**/*.test.ts'] }),
    maxWorkers: workers,
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
