// The shipped module file: a small loader around the bundled code, kept as a string. The loader
// runs that code through V8's code cache, kept in the module's state directory on the host: on a
// no-op (most nightly runs) compiling the bundle is most of the module's own cost, and the cache
// cuts it (measured by bench/startup.ts). The file stays self-contained: without a usable cache
// (first run, another Node.js, an unwritable directory) the code is simply compiled, as before.
//
// V8 checks little of what it is given (its version, its flags, the source's length), so the
// loader checks the rest and a cache can only cost a compile, never run other code:
// - the file name holds a hash of this very source (computed at run time, not at build time),
//   of the Node.js version and architecture, and of the flags V8 runs with;
// - the file holds a hash of the cache data: a torn or damaged file is not handed to V8;
// - only a regular file with one link, owned by this user and written by no one else, in a
//   directory of this user's with mode 0700 (checked without following links), is read;
// - a cache V8 rejects, or that fails a check, is deleted, and a new one is written at exit to a
//   fresh private file that is then renamed into place.
// The hash is a 64-bit mix over 32-bit words, in plain JavaScript: loading node:crypto would
// cost more than the cache saves. It needs no resistance to forgery: no one but this user can
// write there.

/** The loader, ES5 for any Node.js 18+; `process` is passed in rather than taken from the
 * global, so that whoever runs the file with a process of their own (a test harness) gets it
 * in the module's code too. */
function loader(name: string, wrapped: string): string {
  return `"use strict";
(function () {
  var fs = require("fs"), vm = require("vm"), path = require("path"), C = fs.constants;
  var source = ${JSON.stringify(wrapped)};
  var MAGIC = "POC1";
  function hash(buf) {
    var n = buf.length >> 2, w = buf.byteOffset % 4 === 0 ? new Int32Array(buf.buffer, buf.byteOffset, n) : new Int32Array(new Uint8Array(buf.subarray(0, n * 4)).buffer);
    var a = 0x9e3779b1 ^ buf.length, b = 0x85ebca77, k, i;
    for (i = 0; i < n; i++) {
      k = w[i];
      a = Math.imul(a ^ k, 0x85ebca6b); a = (a << 13) | (a >>> 19);
      b = Math.imul(b ^ k, 0xc2b2ae35); b = (b << 15) | (b >>> 17);
    }
    for (i = n * 4; i < buf.length; i++) { a = Math.imul(a ^ buf[i], 0x27d4eb2f); b = Math.imul(b ^ buf[i], 0x165667b1); }
    a = Math.imul(a ^ (b >>> 16), 0x85ebca6b); b = Math.imul(b ^ (a >>> 13), 0xc2b2ae35);
    return ("0000000" + (a >>> 0).toString(16)).slice(-8) + ("0000000" + (b >>> 0).toString(16)).slice(-8);
  }
  var flags = process.execArgv.join(" ") + "|" + (process.env.NODE_OPTIONS || "");
  var key = hash(Buffer.from(source + "\\u0000" + process.version + "\\u0000" + process.arch + "\\u0000" + flags));
  var dir = path.join(process.env.AIX_ROOT || "/", "var", "powerops", "cache");
  var file = path.join(dir, ${JSON.stringify(`${name}-`)} + key + ".bin");
  var uid = process.geteuid ? process.geteuid() : -1;
  function mine(st) { return (uid < 0 || st.uid === uid) && (st.mode & 18) === 0; }
  function privateDir() {
    var st = fs.lstatSync(dir);
    return st.isDirectory() && mine(st) && (st.mode & 63) === 0;
  }
  function drop() { try { fs.unlinkSync(file); } catch (e) { /* gone already */ } }
  function read() {
    try { if (!privateDir()) return undefined; } catch (e) { return undefined; }
    var fd;
    try { fd = fs.openSync(file, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK); } catch (e) { return undefined; }
    try {
      var st = fs.fstatSync(fd);
      if (!st.isFile() || st.nlink !== 1 || !mine(st) || st.size < 20 || st.size > 64 << 20) { drop(); return undefined; }
      var buf = Buffer.alloc(st.size);
      if (fs.readSync(fd, buf, 0, st.size, 0) !== st.size) { drop(); return undefined; }
      var data = buf.subarray(20);
      if (buf.toString("latin1", 0, 4) !== MAGIC || buf.toString("latin1", 4, 20) !== hash(data)) { drop(); return undefined; }
      return data;
    } catch (e) {
      drop();
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }
  function write(data) {
    fs.mkdirSync(dir, { recursive: true, mode: 448 });
    var st = fs.lstatSync(dir);
    if (st.isDirectory() && (uid < 0 || st.uid === uid) && (st.mode & 63) !== 0) fs.chmodSync(dir, 448);
    if (!privateDir()) return;
    var tmp = path.join(dir, "." + path.basename(file) + "." + process.pid + "." + Date.now());
    var fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 384);
    try {
      fs.writeSync(fd, Buffer.concat([Buffer.from(MAGIC + hash(data), "latin1"), data]));
      fs.closeSync(fd);
      fd = -1;
      fs.renameSync(tmp, file);
    } catch (e) {
      if (fd >= 0) fs.closeSync(fd);
      fs.unlinkSync(tmp);
      throw e;
    }
  }
  var cached = read(), script;
  try {
    script = new vm.Script(source, { filename: __filename, cachedData: cached });
  } catch (e) {
    if (cached === undefined) throw e;
    drop();
    cached = undefined;
    script = new vm.Script(source, { filename: __filename });
  }
  if (cached !== undefined && script.cachedDataRejected) { drop(); cached = undefined; }
  if (cached === undefined) {
    // At exit the cache holds every function this run compiled, not only the top level.
    process.on("exit", function () {
      try { write(script.createCachedData()); } catch (e) { /* no cache: the next run compiles, as this one did */ }
    });
  }
  script.runInThisContext()(exports, require, module, __filename, __dirname, process);
})();
`;
}

export function moduleFile(banner: string, name: string, code: string): string {
  const wrapped = `(function(exports,require,module,__filename,__dirname,process){${code}\n})`;
  return `${banner}\n${loader(name, wrapped)}`;
}
