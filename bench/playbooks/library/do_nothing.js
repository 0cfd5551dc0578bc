#!/usr/bin/node
// WANT_JSON
// The fleet bench's floor: a Node.js module that answers "nothing to do" at once, so that a run
// of it costs what ansible-core and SSH cost per task for any Node.js module, and nothing else.
// ansible-core writes the task's arguments over the marker below and sends no arguments file,
// as it does for powerops.aix's modules.
function ansibleArgs() {
// <<INCLUDE_ANSIBLE_MODULE_JSON_ARGS>>
}
void ansibleArgs;
require('fs').writeSync(1, '{"changed": false, "msg": "nothing to do"}\n');
