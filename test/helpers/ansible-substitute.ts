// A module file as ansible-core sends it to a host: ansible-core's own modify_module (the code
// that picks the module style and writes the arguments into a jsonargs module), run by the Python
// Ansible is installed for. Many files in one Python process: importing Ansible costs ~0.5 s.
import { execFileSync } from 'node:child_process';

/** The Python of the installed ansible-core (a python3 first on PATH may be another one). */
export const ANSIBLE_PYTHON = '/usr/bin/python3';

export interface SubstituteJob {
  /** The module file as it is on the controller. */
  module: string;
  args: Record<string, unknown>;
  taskVars?: Record<string, unknown>;
}

export interface Substituted {
  /** The file as ansible-core would send it. */
  data: Buffer;
  /** ansible-core's module_style: 'new' for a jsonargs module (no arguments file is sent). */
  style: string;
  /** What modify_module raised (data is then empty), e.g. for a file it took for Python. */
  error?: string;
}

const SCRIPT = `
import base64, json, sys
from ansible.executor.module_common import modify_module
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar
out = []
for job in json.load(sys.stdin):
    try:
        data, style, _ = modify_module('backup', job['module'], job['args'], Templar(loader=DataLoader()), task_vars=job['taskVars'])
        out.append({'data': base64.b64encode(data).decode('ascii'), 'style': style})
    except Exception as e:
        out.append({'data': '', 'style': '', 'error': str(e)})
json.dump(out, sys.stdout)
`;

export function substituteLikeAnsible(jobs: SubstituteJob[]): Substituted[] {
  const input = JSON.stringify(jobs.map((j) => ({ module: j.module, args: j.args, taskVars: j.taskVars ?? {} })));
  const out = execFileSync(ANSIBLE_PYTHON, ['-c', SCRIPT], { input, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
  const parsed: unknown = JSON.parse(out);
  if (!Array.isArray(parsed)) throw new Error(`modify_module printed no list: ${out.slice(0, 200)}`);
  return parsed.map((r: { data: string; style: string; error?: string }) => ({ data: Buffer.from(r.data, 'base64'), style: r.style, error: r.error }));
}
