"""The DOCUMENTATION and RETURN of each module sidecar, checked against ansible-test's own
validate-modules schemas. validate-modules itself parses every module that is not PowerShell as
Python, so it cannot read a .js module; its schemas can still check the docs ansible-doc shows.

usage: python3 scripts/validate-docs.py VALIDATE_MODULES_DIR SIDECAR.yml...
(VALIDATE_MODULES_DIR: ansible_test/_util/controller/sanity/validate-modules; needs voluptuous,
Debian's python3-voluptuous)
"""
import sys, yaml
sys.path.insert(0, sys.argv[1])
from validate_modules.schema import doc_schema, return_schema
from voluptuous.humanize import humanize_error
import voluptuous
rc = 0
for path in sys.argv[2:]:
    d = yaml.safe_load(open(path))
    name = d['DOCUMENTATION']['module']
    for label, schema, value in [('DOCUMENTATION', doc_schema(name, for_collection=True, deprecated_module=False), d['DOCUMENTATION']), ('RETURN', return_schema(for_collection=True), d['RETURN'])]:
        try:
            schema(value)
        except voluptuous.MultipleInvalid as e:
            rc = 1
            for err in e.errors:
                print('%s: %s: %s' % (path, label, humanize_error(value, err)[:300]))
print('checked', len(sys.argv) - 2, 'sidecars')
sys.exit(rc)
