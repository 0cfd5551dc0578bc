// The collection under the Ansible ecosystem's own checks, as a reviewer on Galaxy would run them:
// ansible-lint's production profile on the collection and on examples/, yamllint, the offline
// tests of ansible-test sanity, and validate-modules' schemas on the module docs. Each tool comes
// from Debian's packages (.ci/run installs them); outside CI a missing one skips, in CI it fails.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMITTED_DIR } from '../../scripts/build-collection';
import { ansibleEnv, COLLECTIONS, exec, IN_CI, REPO } from '../helpers/ansible';

const TOOLS = ['ansible-lint', 'yamllint', 'ansible-test'];
const present = (tool: string) => spawnSync(tool, ['--version'], { env: { ...process.env, LC_ALL: 'C.UTF-8' } }).status === 0;
const ALL_PRESENT = TOOLS.every(present);
const describeTools: typeof describe = ALL_PRESENT || IN_CI ? describe : (describe.skip as typeof describe);

/** The tests of ansible-test sanity that need a virtual environment from PyPI (not reachable). */
const SANITY_NEEDS_PYPI = ['validate-modules', 'yamllint', 'runtime-metadata', 'changelog'];
const VALIDATE_MODULES = '/usr/lib/python3/dist-packages/ansible_test/_util/controller/sanity/validate-modules';

it('ansible-lint, yamllint and ansible-test are installed wherever CI runs the tests', () => {
  expect(ALL_PRESENT || !IN_CI, `CI without ${TOOLS.filter((t) => !present(t)).join(', ')}: see .ci/run`).toBe(true);
});

describeTools('the ecosystem tools pass', () => {
  let tmp: string;
  let tree: string;
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'tools-'));
    // Where Ansible would install it: ansible-test insists on .../ansible_collections/NS/NAME.
    tree = join(tmp, 'ansible_collections/powerops/aix');
    mkdirSync(join(tmp, 'ansible_collections/powerops'), { recursive: true });
    cpSync(COMMITTED_DIR, tree, { recursive: true });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const lint = (cwd: string, args: string[]) => exec('ansible-lint', ['--profile', 'production', '--nocolor', ...args], ansibleEnv(tmp, { ANSIBLE_COLLECTIONS_PATH: COLLECTIONS }), cwd, 300_000);

  it('ansible-lint --profile production: 0 failures on the collection', async () => {
    const r = await lint(tree, []);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\) on \d+ files/);
  });

  it('ansible-lint --profile production: 0 failures on examples/', async () => {
    const r = await lint(REPO, ['examples/']);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Passed with production profile: 0 failure\(s\), 0 warning\(s\) on \d+ files/);
  });

  it('yamllint (strict, the repository .yamllint) on the collection, examples/, roles/, changelogs/', async () => {
    const r = await exec('yamllint', ['-s', '-f', 'parsable', 'collection', 'examples', 'roles', 'changelogs', 'test/e2e/playbooks'], ansibleEnv(tmp), REPO, 120_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    const own = await exec('yamllint', ['-s', '-f', 'parsable', '.'], ansibleEnv(tmp), tree, 120_000);
    expect(own.rc, own.stdout + own.stderr).toBe(0);
  });

  it(`ansible-test sanity: every test that runs offline passes (all but ${SANITY_NEEDS_PYPI.join(', ')})`, async () => {
    const py = spawnSync('/usr/bin/python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
    const skip = SANITY_NEEDS_PYPI.flatMap((t) => ['--skip-test', t]);
    const env = ansibleEnv(tmp, { PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}` });
    const r = await exec('ansible-test', ['sanity', '--python', py, '--color', 'no', ...skip], env, tree, 300_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    const ran = [...(r.stdout + r.stderr).matchAll(/Running sanity test "([\w-]+)"/g)].map((m) => m[1]);
    expect(ran).toEqual(expect.arrayContaining(['ansible-doc', 'shebang', 'line-endings', 'no-smart-quotes', 'symlinks', 'ignores']));
  });

  it("the module docs pass validate-modules' own DOCUMENTATION and RETURN schemas", async () => {
    const sidecars = ['backup', 'backup_info', 'mksysb'].map((n) => join(tree, 'plugins/modules', `${n}.yml`));
    const r = await exec('/usr/bin/python3', [join(REPO, 'scripts/validate-docs.py'), VALIDATE_MODULES, ...sidecars], ansibleEnv(tmp), tree, 120_000);
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`checked ${sidecars.length} sidecars`);
  });
});
