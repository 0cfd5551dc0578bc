// The shipped module file: a small loader around the bundled code, kept as a string. The loader
// runs that code through V8's code cache, kept in the module's state directory on the host: on a
// no-op (most nightly runs) compiling the bundle is most of the module's own cost, and the cache
// cuts it (measured by npm run bench). The file stays self-contained: without a usable cache
// (first run, another Node.js, an unwritable directory) the code is simply compiled, as before.
import { createHash } from 'node:crypto';

export function moduleFile(banner: string, name: string, code: string): string {
  const build = createHash('sha256').update(code).digest('hex').slice(0, 16);
  // `process` is passed in rather than taken from the global, so that whoever runs the file with
  // a process of their own (a test harness does) gets it in the module's code too.
  const wrapped = `(function(exports,require,module,__filename,__dirname,process){${code}\n})`;
  return `${banner}
"use strict";
(function () {
  var fs = require("fs"), vm = require("vm"), path = require("path");
  var source = ${JSON.stringify(wrapped)};
  var cacheFile = path.join(process.env.AIX_ROOT || "/", "var", "powerops", "cache",
    ${JSON.stringify(`${name}-${build}-`)} + process.version + "-" + process.arch + ".bin");
  var cached;
  try { cached = fs.readFileSync(cacheFile); } catch (e) { cached = undefined; }
  var script = new vm.Script(source, { filename: __filename, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected) {
    // At exit the cache holds every function this run compiled, not only the top level.
    process.on("exit", function () {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 448 });
        var tmp = cacheFile + "." + process.pid;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 384 });
        fs.renameSync(tmp, cacheFile);
      } catch (e) { /* no cache: the next run compiles, as this one did */ }
    });
  }
  script.runInThisContext()(exports, require, module, __filename, __dirname, process);
})();
`;
}
