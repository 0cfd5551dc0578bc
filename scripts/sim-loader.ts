// The simulator's entry point, dist/sim/aix-sim.js: a small loader that runs the bundled code
// (dist/sim/aix-sim-code.js) through a V8 code cache made by the build (dist/sim/aix-sim.cache).
// Every simulated AIX command is a Node.js process, where AIX runs a native program of a few
// milliseconds: compiling the bundle at each start was a large part of each command's own cost,
// and that cost is the simulator's, not the module's under test.
//
// The simulator is a test fixture, never shipped, so the cache is simple: the build makes it in
// a clean Node.js process (no NODE_OPTIONS, and each set of flags the wrappers pass: V8 keys its
// data by its flags, so each set has its own file) with every function compiled, so each command
// finds its code compiled whatever it runs. The cache file holds a copy
// of the code it was made from and is used only when that copy equals, byte for byte, the code
// about to run; V8 itself refuses data from another Node.js or other flags. A missing, stale or
// refused cache costs a compile, as before, never a wrong run. Nothing writes it at run time.
import { spawnSync } from 'node:child_process';
import { renameSync } from 'node:fs';

const MAGIC = 'SIMC1';
/** MAGIC, then the code's length and the data's length (u32 LE each). */
const HEAD = MAGIC.length + 8;
/** Characters of the flags that a cache file's name does not keep (each becomes "_"): one rule for the build and the loader. */
const NOT_IN_NAME = /[^A-Za-z0-9=.-]/g;

/** The bundle as the loader runs it: one function expression (CommonJS's own wrapper). */
export function wrapCode(bundle: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${bundle}\n})`;
}

/**
 * The loader. `node aix-sim.js --code-cache-status` prints whether the cache was used (tests
 * hold the build to it): used, refused (V8 said no), stale (made from other code) or missing.
 */
export function simLoader(codeName: string, cacheName: string): string {
  return `#!/usr/bin/env node
"use strict";
// Runs ${codeName} through the V8 code cache ${cacheName} (see scripts/sim-loader.ts).
(function () {
  var fs = require("fs"), path = require("path"), vm = require("vm");
  var MAGIC = ${JSON.stringify(MAGIC)}, HEAD = ${HEAD};
  var codeFile = path.join(__dirname, ${JSON.stringify(codeName)});
  var code = fs.readFileSync(codeFile), data, status = "missing";
  try {
    var flags = process.execArgv.join(" ");
    var buf = fs.readFileSync(path.join(__dirname, ${JSON.stringify(cacheName)} + (flags ? "-" + flags.replace(${NOT_IN_NAME}, "_") : "")));
    var n = buf.length >= HEAD ? buf.readUInt32LE(MAGIC.length) : -1, m = buf.length >= HEAD ? buf.readUInt32LE(MAGIC.length + 4) : -1;
    if (buf.toString("latin1", 0, MAGIC.length) === MAGIC && buf.length === HEAD + n + m && n === code.length && buf.subarray(HEAD, HEAD + n).equals(code)) {
      data = buf.subarray(HEAD + n);
      status = "used";
    } else status = "stale";
  } catch (e) {
    // No cache: compiled as without one.
  }
  var script = new vm.Script(code.toString("utf8"), { filename: codeFile, cachedData: data });
  if (data !== undefined && script.cachedDataRejected) status = "refused";
  if (process.argv[2] === "--code-cache-status") {
    process.stdout.write(status + "\\n");
    return;
  }
  script.runInThisContext()(exports, require, module, __filename, __dirname);
})();
`;
}

/** The cache's producer, run in a clean Node.js: every function compiled, then V8's data. */
const PRODUCER = `"use strict";
var fs = require("fs"), v8 = require("v8"), vm = require("vm");
var codeFile = process.argv[1], out = process.argv[2];
var code = fs.readFileSync(codeFile);
// Compiled eagerly, then the flag set back: V8 stamps the data with its flags as they are when
// the data is made, and the wrappers run with none.
v8.setFlagsFromString("--no-lazy");
var script = new vm.Script(code.toString("utf8"), { filename: codeFile });
v8.setFlagsFromString("--lazy");
var data = script.createCachedData();
var head = Buffer.alloc(${HEAD});
head.write(${JSON.stringify(MAGIC)}, 0, "latin1");
head.writeUInt32LE(code.length, ${MAGIC.length});
head.writeUInt32LE(data.length, ${MAGIC.length + 4});
fs.writeFileSync(out, Buffer.concat([head, code, data]));
`;

/** The cache's file name for Node.js run with these flags (the loader finds it the same way). */
export function cacheFile(cacheName: string, flags: string[]): string {
  const tag = flags.join(' ');
  return tag ? `${cacheName}-${tag.replace(NOT_IN_NAME, '_')}` : cacheName;
}

/**
 * Writes the cache for codeFile at cachePath with the Node.js that runs the build (the one the
 * tests run, whose path `aix-sim init` writes into the wrappers), run with flags. Returns an
 * error text when it could not, so the build can say so: the simulator still runs, only slower.
 */
export function writeSimCache(codeFile: string, cachePath: string, flags: string[]): string | null {
  const tmp = `${cachePath}.${process.pid}.tmp`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, [...flags, '-e', PRODUCER, codeFile, tmp], { env, encoding: 'utf8' });
  if (r.status !== 0) return `could not make the simulator's code cache (flags: ${flags.join(' ') || 'none'}): ${r.error?.message ?? r.stderr}`;
  renameSync(tmp, cachePath);
  return null;
}
