// The role powerops.aix.nodejs against a simulated LPAR, with stand-ins for the AIX Toolbox's
// /opt/freeware/bin/dnf (it records its arguments and installs the node stand-in) and for
// /opt/freeware/bin/node (it records how it was started, then runs the real Node.js).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeAnsible, runPlaybook, type PlaybookRun } from '../helpers/ansible';
import { makeSandbox, type Sandbox } from './sandbox';

const PLAYBOOK = 'test/e2e/playbooks/nodejs-role.yml';
const REAL_NODE = process.env.POWEROPS_MODULE_NODE || process.execPath;
const DNF_TASK = 'powerops.aix.nodejs : Install Node.js from the AIX Toolbox (needs root)';

describeAnsible('role powerops.aix.nodejs', () => {
  let box: Sandbox;
  let root: string;
  const freeware = () => join(root, 'opt/freeware/bin');
  const dnfLog = () => join(root, 'var/dnf.log');
  const nodeLog = () => join(root, 'var/node.log');

  /** node that runs: records its arguments, then the real Node.js. */
  const realNode = () => `#!/bin/sh\nprintf '%s\\n' "$*" >> '${nodeLog()}'\nexec '${REAL_NODE}' "$@"\n`;
  /** node of another age that runs nothing. */
  const oldNode = (version: string) => `#!/bin/sh\n[ "$1" = --version ] && { echo ${version}; exit 0; }\necho "SyntaxError: Unexpected token" >&2\nexit 1\n`;

  function install(file: string, text: string): void {
    mkdirSync(freeware(), { recursive: true });
    writeFileSync(join(freeware(), file), text);
    chmodSync(join(freeware(), file), 0o755);
  }
  /** dnf that records its arguments and, when `installs` is given, puts that node in place. */
  function dnf(installs: string | null): void {
    mkdirSync(join(root, 'opt/freeware/lib'), { recursive: true });
    if (installs !== null) writeFileSync(join(root, 'opt/freeware/lib/node.new'), installs);
    const put = installs === null ? '' : `cp '${join(root, 'opt/freeware/lib/node.new')}' '${join(freeware(), 'node')}' && chmod 755 '${join(freeware(), 'node')}'\n`;
    install('dnf', `#!/bin/sh\nprintf '%s\\n' "$*" >> '${dnfLog()}'\n${put}echo Complete!\n`);
  }
  const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n') : []);
  const play = (check = false): Promise<PlaybookRun> => runPlaybook(PLAYBOOK, { hosts: box.hosts, vars: box.vars, tmp: box.dir, check });

  beforeEach(() => {
    box = makeSandbox();
    root = box.lpars.lpar1!.root;
  });
  afterEach(() => box.cleanup());

  it('installs Node.js with dnf when it is missing, sets ansible_node_interpreter, and changes nothing on the rerun', async () => {
    dnf(realNode());
    const first = await play();
    expect(first.rc, JSON.stringify(first.tasks).slice(0, 3000)).toBe(0);
    expect(lines(dnfLog())).toEqual(['install -y nodejs']);
    expect(first.result(DNF_TASK).changed).toBe(true);
    expect(first.result('List backups with that Node.js').failed).toBeFalsy();
    // The module ran through the node the role set: the stand-in saw the module file (and no
    // arguments file: they are inside it).
    expect(lines(nodeLog()).some((l) => /^\S+backup_info\.js$/.test(l))).toBe(true);

    const again = await play();
    expect(again.rc).toBe(0);
    expect(lines(dnfLog())).toEqual(['install -y nodejs']);
    expect(again.result(DNF_TASK).skipped).toBe(true);
    expect(again.stats.lpar1?.changed).toBe(0);
  });

  it('upgrades a Node.js older than 18', async () => {
    install('node', oldNode('v16.20.2'));
    dnf(realNode());
    const run = await play();
    expect(run.rc, JSON.stringify(run.tasks).slice(0, 3000)).toBe(0);
    expect(lines(dnfLog())).toEqual(['upgrade -y nodejs']);
    expect(run.result('List backups with that Node.js').failed).toBeFalsy();
  });

  it('leaves a Node.js 18 or later alone', async () => {
    install('node', realNode());
    dnf(null);
    const run = await play();
    expect(run.rc).toBe(0);
    expect(lines(dnfLog())).toEqual([]);
    expect(run.stats.lpar1?.changed).toBe(0);
  });

  it('fails with a message naming the path, the version and the fix when dnf leaves an old Node.js', async () => {
    install('node', oldNode('v16.20.2'));
    dnf(null);
    const run = await play();
    expect(run.rc).toBe(2);
    const msg = String(run.result('powerops.aix.nodejs : Fail when Node.js is still missing or too old').msg);
    expect(msg).toContain(`${join(freeware(), 'node')} is v16 after dnf upgrade nodejs`);
    expect(msg).toMatch(/need Node\.js 18 or later: set nodejs_package to a newer AIX Toolbox package/);
  });

  it('in check mode only looks: dnf does not run', async () => {
    dnf(realNode());
    const run = await play(true);
    expect(run.rc, JSON.stringify(run.tasks).slice(0, 3000)).toBe(0);
    expect(lines(dnfLog())).toEqual([]);
    expect(existsSync(join(freeware(), 'node'))).toBe(false);
  });
});
