// The collection as users get it: the tree committed at collection/ is what the build makes now,
// its metadata is complete, its changelog agrees with its fragments, and a fresh clone installs
// with `ansible-galaxy collection install git+file://CLONE#/collection` where no npm and no
// Node.js are on the PATH, then documents and runs its modules and role.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ACTION_GROUPS, COLLECTION_DIR, COMMITTED_DIR, PROJECT_URL, treeDrift } from '../../scripts/build-collection';
import { CHANGELOG_MD, fragmentNames, mergeFragments, readChangelog, readConfig, renderMarkdown, versionsNewestFirst } from '../../scripts/changelog';
import { ansibleEnv, describeAnsible, exec, REPO, runPlaybook, total } from '../helpers/ansible';
import { makeSandbox } from './sandbox';

const read = (file: string) => readFileSync(join(COMMITTED_DIR, file), 'utf8');
const yaml = (file: string) => parse(read(file)) as Record<string, unknown>;
const MODULES = readdirSync(join(REPO, 'modules')).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3)).sort();

describe('the committed collection', () => {
  it('collection/ is byte for byte the tree a fresh build makes', () => {
    expect(treeDrift(COLLECTION_DIR, COMMITTED_DIR), 'collection/ is out of date: run `npm run build:collection` and commit collection/').toEqual([]);
  });

  it('holds every module with its docs, the role, LICENSE, the changelog and the sanity ignore file', () => {
    for (const m of MODULES) for (const ext of ['js', 'yml']) expect(statSync(join(COMMITTED_DIR, 'plugins/modules', `${m}.${ext}`)).isFile()).toBe(true);
    expect(read('LICENSE')).toMatch(/^\s*GNU GENERAL PUBLIC LICENSE\s+Version 3, 29 June 2007/);
    expect(read('LICENSE').length).toBeGreaterThan(30_000);
    expect(read('CHANGELOG.md')).toBe(readFileSync(CHANGELOG_MD, 'utf8'));
    expect(statSync(join(COMMITTED_DIR, 'roles/nodejs/tasks/main.yml')).isFile()).toBe(true);
  });

  it('modules start with #!/usr/bin/node and WANT_JSON, hold the jsonargs marker once, and are not executable (ansible-core runs the interpreter of the first line)', () => {
    for (const m of MODULES) {
      const file = join(COMMITTED_DIR, 'plugins/modules', `${m}.js`);
      expect(read(`plugins/modules/${m}.js`).startsWith('#!/usr/bin/node\n// WANT_JSON\n'), m).toBe(true);
      expect(read(`plugins/modules/${m}.js`).split(`\n// <<INCLUDE_ANSIBLE_MODULE${'_JSON_ARGS>>'}\n`), m).toHaveLength(2);
      expect(statSync(file).mode & 0o111, m).toBe(0);
    }
  });

  it('galaxy.yml: version of the newest release, every URL, authors in Galaxy format, a Galaxy tag', () => {
    const g = yaml('galaxy.yml');
    expect(g).toMatchObject({ namespace: 'powerops', name: 'aix', readme: 'README.md', license: ['GPL-3.0-or-later'] });
    expect(g.version).toBe(versionsNewestFirst(readChangelog())[0]);
    for (const key of ['repository', 'documentation', 'homepage', 'issues']) expect(String(g[key]), key).toMatch(new RegExp(`^${PROJECT_URL}`));
    // "Name (@handle)": Galaxy shows it as is, and validate-modules wants it so in a module's author.
    for (const a of g.authors as string[]) expect(a).toMatch(/^[^<>()@]+ \(@[\w-]+\)$/);
    expect(g.tags).toEqual(expect.arrayContaining(['infrastructure']));
  });

  it('meta/runtime.yml: requires_ansible and an action group of existing modules for module_defaults', () => {
    const r = yaml('meta/runtime.yml');
    expect(r.requires_ansible).toBe('>=2.14.0');
    expect(r.action_groups).toEqual(ACTION_GROUPS);
    for (const m of Object.values(ACTION_GROUPS).flat()) expect(MODULES).toContain(m);
  });

  it('sanity ignore lines name only what a .js module cannot satisfy, each with its reason', () => {
    const lines = read('tests/sanity/ignore-2.14.txt').trimEnd().split('\n');
    expect(lines).toEqual(MODULES.map((m) => `plugins/modules/${m}.js shebang # a Node.js module: ansible-test knows only .py and .ps1 module extensions and shebangs`));
  });

  it('README: requirements, the privilege, tested versions, the three ways to install, an execution environment, the differences', () => {
    const readme = read('README.md');
    for (const needle of ['ansible-core 2.14', 'Node.js 18', '**root**', 'Tested with', 'ansible-galaxy collection install powerops-aix-', `git+${PROJECT_URL}.git#/collection`, 'requirements.yml', 'execution-environment.yml', 'Differences from ibm.power_aix.backup', 'community.general.mksysb', 'tail -F', 'group/powerops.aix.images']) {
      expect(readme, needle).toContain(needle);
    }
    expect(readme).not.toMatch(/@@\w+@@/);
  });

  it('module docs state the privilege and attributes true to behaviour (backup_info returns no diff)', () => {
    for (const m of MODULES) expect(JSON.stringify(yaml(`plugins/modules/${m}.yml`).DOCUMENTATION), m).toMatch(/root on the managed host/);
    const info = yaml('plugins/modules/backup_info.yml').DOCUMENTATION as { attributes: Record<string, { support: string }> };
    expect(info.attributes.diff_mode?.support).toBe('none');
  });

  it('package.json: what building needs apart from what the modules need, and the build targets the latter', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { engines: { node: string }; config: { modules_node: string }; scripts: Record<string, string> };
    expect(pkg.engines.node).toBe('>=20.19.0');
    expect(pkg.config.modules_node).toBe('>=18');
    expect(readFileSync(join(REPO, 'scripts/build.ts'), 'utf8')).toMatch(/target: 'node18'/);
    expect(pkg.scripts['build:collection']).toMatch(/build-collection\.ts/);
    expect(pkg.scripts.release).toMatch(/ansible-galaxy collection build collection/);
  });
});

describe('the changelog (antsibull-changelog layout)', () => {
  it("each release's changes are the merge of the fragments it lists, and every fragment is in a release", () => {
    const log = readChangelog();
    const config = readConfig();
    const listed = Object.values(log.releases).flatMap((r) => r.fragments ?? []);
    expect(listed.sort()).toEqual(fragmentNames());
    for (const [version, release] of Object.entries(log.releases)) expect(release.changes, version).toEqual(mergeFragments(release.fragments ?? [], config));
    expect(typeof log.releases[versionsNewestFirst(log)[0] ?? '']?.release_date).toBe('string');
  });

  it('CHANGELOG.md is what changelogs/changelog.yaml renders to (npm run changelog)', () => {
    expect(readFileSync(CHANGELOG_MD, 'utf8')).toBe(renderMarkdown(readChangelog(), readConfig()));
  });

  it('the first release lists every module and the role as new', () => {
    const log = readChangelog();
    const first = log.releases[versionsNewestFirst(log).at(-1) as string];
    expect((first?.modules ?? []).map((m) => m.name).sort()).toEqual(MODULES);
    expect((first?.objects?.role ?? []).map((r) => r.name)).toEqual(['nodejs']);
  });
});

describeAnsible('installed from a fresh clone with git, no npm and no Node.js on the PATH', () => {
  let tmp: string;
  let installed: string;
  let bin: string;
  let clone: string;
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'git-install-'));
    clone = join(tmp, 'clone');
    // The commit under test, as a user would clone it (the working tree's uncommitted edits are not in it).
    expect(spawnSync('git', ['clone', '-q', REPO, clone]).status).toBe(0);
    // A PATH with git and nothing of Node.js: the install must not need them.
    bin = join(tmp, 'bin');
    mkdirSync(bin);
    symlinkSync(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), join(bin, 'git'));
    installed = join(tmp, 'installed');
    const env = ansibleEnv(tmp, { PATH: bin });
    const r = await exec('/usr/bin/python3', ['/usr/bin/ansible-galaxy', 'collection', 'install', `git+file://${clone}#/collection`, '-p', installed], env, tmp, 180_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/powerops\.aix:\d+\.\d+\.\d+ was installed successfully/);
  }, 240_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const envInstalled = (extra: NodeJS.ProcessEnv = {}) => ansibleEnv(tmp, { ANSIBLE_COLLECTIONS_PATH: installed, ...extra });

  it('npm and node are not on the PATH the install ran with', () => {
    expect(spawnSync('sh', ['-c', 'command -v npm || command -v node'], { env: { PATH: bin } }).status).not.toBe(0);
  });

  it('installs from a requirements.yml naming the git repository, as AWX/AAP projects do', async () => {
    const req = join(tmp, 'requirements.yml');
    writeFileSync(req, `---\ncollections:\n  - name: file://${clone}#/collection\n    type: git\n`);
    const r = await exec('/usr/bin/python3', ['/usr/bin/ansible-galaxy', 'collection', 'install', '-r', req, '-p', join(tmp, 'from-requirements')], ansibleEnv(tmp, { PATH: bin }), tmp, 180_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(statSync(join(tmp, 'from-requirements/ansible_collections/powerops/aix/plugins/modules/backup.js')).isFile()).toBe(true);
  });

  it('ansible-doc shows every module of the installed collection, and the role', async () => {
    const r = await exec('ansible-doc', ['--json', ...MODULES.map((m) => `powerops.aix.${m}`)], envInstalled(), tmp, 60_000);
    expect(r.rc, r.stderr).toBe(0);
    const docs = JSON.parse(r.stdout) as Record<string, { doc: { options: Record<string, unknown> } }>;
    for (const m of MODULES) expect(Object.keys(docs[`powerops.aix.${m}`]?.doc.options ?? {}).length, m).toBeGreaterThan(0);
    const role = await exec('ansible-doc', ['-t', 'role', '--json', 'powerops.aix.nodejs'], envInstalled(), tmp, 60_000);
    expect(role.rc, role.stderr).toBe(0);
    expect(role.stdout).toContain('nodejs_min_version');
  });

  it('ansible-lint --profile production passes on the installed collection', async () => {
    const r = await exec('ansible-lint', ['--profile', 'production', '--nocolor'], envInstalled(), join(installed, 'ansible_collections/powerops/aix'), 300_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Passed with production profile: 0 failure\(s\)/);
  });

  it('runs the nightly example playbook from the installed collection', async () => {
    const box = makeSandbox();
    try {
      const run = await runPlaybook('examples/rootvg-mksysb-nightly.yml', { hosts: box.hosts, vars: box.vars, env: { ANSIBLE_COLLECTIONS_PATH: installed }, tmp: box.dir });
      expect(run.rc, JSON.stringify(run.tasks).slice(0, 4000)).toBe(0);
      expect(total(run, 'changed')).toBeGreaterThan(0);
      // Under Ansible too (module name powerops.aix.backup) the log goes by the module's short name.
      const made = run.resultsOf('powerops.aix.backup').find((r) => r.result.changed);
      const logDir = join(box.lpars.lpar1!.root, 'var/powerops/log');
      expect(String(made?.result.log_file)).toMatch(/\/backup-\d{8}T\d{6}Z-\d+\.log$/);
      expect(join(logDir, readlinkSync(join(logDir, 'backup-current.log')))).toBe(made?.result.log_file);
    } finally {
      box.cleanup();
    }
  });

  it('module_defaults for group/powerops.aix.images reach both modules that make images; the interpreter gets the module file first', async () => {
    const box = makeSandbox();
    try {
      // The interpreter records the arguments ansible-core starts it with, then runs Node.js.
      const seen = join(box.dir, 'argv');
      const node = join(box.dir, 'node-recording');
      writeFileSync(node, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${seen}'\nexec '${process.env.POWEROPS_MODULE_NODE || process.execPath}' "$@"\n`);
      chmodSync(node, 0o755);
      const playbook = join(box.dir, 'defaults.yml');
      writeFileSync(playbook, `---
- name: Defaults for the image makers
  hosts: aix
  gather_facts: false
  environment:
    AIX_ROOT: "{{ aix_root }}"
  module_defaults:
    group/powerops.aix.images:
      lock_timeout: 7
  tasks:
    - name: A mksysb with backup
      powerops.aix.backup:
        action: create
        type: mksysb
        location: "{{ image_dir }}/a.mksysb"
    - name: A mksysb with mksysb
      powerops.aix.mksysb:
        name: b.mksysb
        storage_path: "{{ image_dir }}"
`);
      const run = await runPlaybook(playbook, { hosts: box.hosts, vars: { ...box.vars, ansible_node_interpreter: node }, env: { ANSIBLE_COLLECTIONS_PATH: installed }, tmp: box.dir });
      expect(run.rc, JSON.stringify(run.tasks).slice(0, 4000)).toBe(0);
      for (const task of ['A mksysb with backup', 'A mksysb with mksysb']) {
        const r = run.result(task);
        expect(r.changed, task).toBe(true);
        expect((r.invocation as { module_args: Record<string, unknown> }).module_args.lock_timeout, task).toBe(7);
      }
      // Started once per task, each time with the module file first: no interpreter flag before it.
      const firsts = readFileSync(seen, 'utf8').trim().split('\n');
      expect(firsts).toHaveLength(2);
      for (const arg of firsts) expect(arg).toMatch(/^\/\S+\.js$/);
    } finally {
      box.cleanup();
    }
  });
});
