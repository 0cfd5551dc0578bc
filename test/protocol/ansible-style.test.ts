// The build refuses a module file that ansible-core would not run as a plain jsonargs module, and
// each string it refuses is one that makes ansible-core's own modify_module do something other
// than write the arguments over the marker.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonargsProblems } from '../../scripts/ansible-style';
import { moduleFile } from '../../scripts/module-loader';
import { substituteLikeAnsible } from '../helpers/ansible-substitute';
import { DIST } from '../helpers/module';

const MARKER = ['<<INCLUDE_ANSIBLE_MODULE', '_JSON_ARGS>>'].join('');
const BANNER = '#!/usr/bin/node\n// WANT_JSON';
const CODE = 'process.stdout.write("{}\\n");';
const scratch = mkdtempSync(join(tmpdir(), 'ansible-style-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Lines ansible-core reacts to (executor/module_common.py), as a banner line would carry them. */
const FOREIGN: [string, string][] = [
  ['binary', '// \u0001'],
  ['Python replacer', '#<<INCLUDE_ANSIBLE_MODULE_COMMON>>'],
  ['module_utils import', '// from ansible.module_utils.basic import AnsibleModule'],
  ['module_utils import', '// import ansible_collections.ns.col.plugins.module_utils.x'],
  ['module_utils import', '// from ..module_utils import x'],
  ['PowerShell replacer', '# POWERSHELL_COMMON'],
  ['PowerShell #Requires', '// #requires -module Ansible.ModuleUtils.Legacy'],
  ['PowerShell #AnsibleRequires', '// #AnsibleRequires -CSharpUtil Ansible.Basic'],
  ['version', 'var v = "<<ANSIBLE_VERSION>>";'],
  ['complex args', 'var a = "<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>";'],
  ['SELinux', '// <<SELINUX_SPECIAL_FILESYSTEMS>>'],
  ['syslog', '// syslog.LOG_USER'],
];

describe('the build', () => {
  it('ships every module with the marker once, alone on a line comment, and nothing else ansible-core rewrites', () => {
    for (const name of ['backup', 'backup_info', 'mksysb']) {
      const text = readFileSync(join(DIST, 'modules', `${name}.js`), 'latin1');
      expect(jsonargsProblems(text), name).toEqual([]);
      expect(text.split(MARKER), name).toHaveLength(2);
      expect(text, name).toContain(`\n// ${MARKER}\n`);
    }
  });

  it.each(FOREIGN)('refuses a file holding a %s marker (%j), naming it', (_what, line) => {
    expect(() => moduleFile(`${BANNER}\n${line}`, 'probe', CODE)).toThrow(/^modules\/probe: ansible-core would not run the file as a jsonargs module: it holds /);
  });

  it('refuses a second marker, and a marker off its line comment', () => {
    expect(() => moduleFile(`${BANNER}\n// ${MARKER}`, 'probe', CODE)).toThrow(/holds the marker <<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>> 2 times, not once/);
    expect(jsonargsProblems(`x = "${MARKER}";\n`)).toEqual([expect.stringMatching(/is not alone on a "\/\/ " line comment/)]);
    expect(jsonargsProblems('// none\n')).toEqual([expect.stringMatching(/0 times, not once/)]);
  });

  it('refuses only what ansible-core reacts to: with each line, modify_module does more than write the arguments over the marker', () => {
    const args = { action: 'view', name: 'x' };
    const clean = moduleFile(BANNER, 'probe', CODE);
    const files = [clean, ...FOREIGN.map(([, line]) => clean.replace(BANNER, `${BANNER}\n${line}`))].map((text, i) => {
      const file = join(scratch, `probe-${i}.js`);
      writeFileSync(file, text, 'latin1');
      return file;
    });
    // A facility other than the default shows the syslog rewrite.
    const subs = substituteLikeAnsible(files.map((module) => ({ module, args, taskVars: { ansible_syslog_facility: 'LOG_LOCAL0' } })));
    const plain = (text: string) => text.replace(MARKER, '{"action": "view", "name": "x"}');
    expect([subs[0]!.style, subs[0]!.error]).toEqual(['new', undefined]);
    expect(subs[0]!.data.toString('latin1')).toBe(plain(clean));
    subs.slice(1).forEach((sub, i) => {
      const text = readFileSync(files[i + 1]!, 'latin1');
      expect(sub.data.toString('latin1') === plain(text), FOREIGN[i]![1]).toBe(false);
    });
  });
});
