// What ansible-core reads in a module file to decide how to run it (ansible-core 2.14,
// executor/module_common.py, _find_module_utils). It looks for these in this order and takes the
// first found: binary, its Python replacer, Python module_utils imports, PowerShell markers, then
// the jsonargs marker, then WANT_JSON. A jsonargs module gets its arguments written over the
// marker, after ansible-core has replaced a few more strings everywhere in the file. A shipped
// module must therefore hold the marker once, alone on a line comment, and none of the rest: any
// of them would make ansible-core run it another way or rewrite its code.

/** ansible-core's REPLACER_JSONARGS. Only build code holds it as it is: never a shipped file. */
export const JSON_ARGS_MARKER = '<<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>';

interface Foreign {
  what: string;
  found(text: string): boolean;
}

const includes = (needle: string) => (text: string) => text.includes(needle);
const matches = (re: RegExp) => (text: string) => re.test(text);

/** _is_binary: a byte outside these in the first 1024 makes the file a binary module. */
function looksBinary(text: string): boolean {
  const head = Buffer.from(text.slice(0, 1024), 'latin1');
  return head.some((b) => !(b >= 0x20 && b !== 0x7f) && ![7, 8, 9, 10, 12, 13, 27].includes(b));
}

/** Markers found before the jsonargs one, and strings replaced in a jsonargs module. */
const FOREIGN: readonly Foreign[] = [
  { what: 'bytes that make it a binary module in its first 1024', found: looksBinary },
  { what: 'the Python replacer <<INCLUDE_ANSIBLE_MODULE_COMMON>>', found: includes('<<INCLUDE_ANSIBLE_MODULE_COMMON>>') },
  {
    what: 'a Python module_utils import (NEW_STYLE_PYTHON_MODULE_RE)',
    found: matches(
      /from +\.{2,} *module_utils[^\n]* +import |from +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils[^\n]* +import |import +ansible_collections\.[^.]+\.[^.]+\.plugins\.module_utils|from +ansible\.module_utils[^\n]* +import |import +ansible\.module_utils\./,
    ),
  },
  { what: 'the PowerShell replacer "# POWERSHELL_COMMON"', found: includes('# POWERSHELL_COMMON') },
  {
    what: 'a PowerShell #Requires or #AnsibleRequires line',
    found: matches(/#Requires -Module|#Requires -Version|#AnsibleRequires -OSVersion|#AnsibleRequires -Powershell|#AnsibleRequires -CSharpUtil/i),
  },
  { what: 'the string <<ANSIBLE_VERSION>>, which ansible-core replaces', found: includes('<<ANSIBLE_VERSION>>') },
  { what: 'the string <<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>, which ansible-core replaces', found: includes('<<INCLUDE_ANSIBLE_MODULE_COMPLEX_ARGS>>') },
  { what: 'the string <<SELINUX_SPECIAL_FILESYSTEMS>>, which ansible-core replaces', found: includes('<<SELINUX_SPECIAL_FILESYSTEMS>>') },
  { what: 'the string syslog.LOG_USER, which ansible-core replaces', found: includes('syslog.LOG_USER') },
];

/** Why ansible-core would not run this file as a jsonargs module, or would rewrite more than the marker; empty when it is fine. */
export function jsonargsProblems(text: string): string[] {
  const problems = FOREIGN.filter((f) => f.found(text)).map((f) => `it holds ${f.what}`);
  const count = text.split(JSON_ARGS_MARKER).length - 1;
  if (count !== 1) problems.push(`it holds the marker ${JSON_ARGS_MARKER} ${count} times, not once`);
  else if (!text.includes(`\n// ${JSON_ARGS_MARKER}\n`)) problems.push(`its marker ${JSON_ARGS_MARKER} is not alone on a "// " line comment, where any JSON stays a comment`);
  return problems;
}
