// The shipped module file: a small loader, then the bundled code inside one block comment at the
// end of the file. The loader reads that code back from its own file and runs it through V8's code
// cache, kept in the module's state directory on the host: on a no-op (most nightly runs)
// compiling the bundle is most of the module's own cost, and the cache cuts it (measured by
// bench/startup.ts). The file stays self-contained: without a usable cache (first run, another
// Node.js, an unwritable directory) the code is simply compiled, as before.
//
// In a comment the code needs no escaping (a JSON string costs a few KB of backslashes), and its
// bytes come straight from the file, ready to compare with the cache's copy.
//
// V8 checks little of what it is given (its version, its flags, the source's length), so the
// loader checks the rest and a cache can only cost a compile, never run other code:
// - the cache file holds the very source it was made from, byte for byte, and is used only when
//   that copy equals the code about to run (a comparison of bytes, not a hash: an edited module
//   of the same length never meets a cache that was not made from it);
// - its name holds the module's name, the source's length and a hash of the Node.js version,
//   the architecture and the flags V8 runs with, so each of those gets its own file;
// - the cache data is stored twice and both copies must be equal: a torn or damaged file is not
//   handed to V8 (V8 verifies no checksum in release builds);
// - only a regular file with one link, owned by this user and written by no one else, in a
//   directory of this user's with mode 0700 (checked without following links), is read;
// - a cache V8 rejects, or that fails a check, is deleted, and a new one is written at exit to a
//   fresh private file that is then renamed into place.
// No hash runs over the code or the cache data: hashing ~130 KB in JavaScript before V8 has
// optimised it costs several milliseconds per start, node:crypto about one, comparing bytes 0.05.

/** Ends the comment that holds the code; the code must not contain it. */
const CODE_END = '\n*/\n';
const CODE_START = '/*\n';

/** The loader, ES5 for any Node.js 18+; `process` is passed in rather than taken from the
 * global, so that whoever runs the file with a process of their own (a test harness) gets it
 * in the module's code too. */
function loader(name: string, codeBytes: number): string {
  return `"use strict";
(function () {
  var fs = require("fs"), vm = require("vm"), path = require("path"), C = fs.constants;
  var MAGIC = "POC2", HEAD = 12, START = ${JSON.stringify(CODE_START)}, END = ${JSON.stringify(CODE_END)}, LENGTH = ${codeBytes};
  var own = fs.readFileSync(__filename), at = own.length - END.length - LENGTH;
  if (at < START.length || own.toString("latin1", at - START.length, at) !== START || own.toString("latin1", at + LENGTH) !== END) {
    throw new Error(__filename + " is damaged: its code does not end where its loader expects it; install the module file again");
  }
  var code = own.subarray(at, at + LENGTH), source = code.toString("latin1");
  function hash(text) {
    var a = 0x9e3779b1 ^ text.length, b = 0x85ebca77, k, i;
    for (i = 0; i < text.length; i++) {
      k = text.charCodeAt(i);
      a = Math.imul(a ^ k, 0x85ebca6b); a = (a << 13) | (a >>> 19);
      b = Math.imul(b ^ k, 0xc2b2ae35); b = (b << 15) | (b >>> 17);
    }
    a = Math.imul(a ^ (b >>> 16), 0x85ebca6b); b = Math.imul(b ^ (a >>> 13), 0xc2b2ae35);
    return ("0000000" + (a >>> 0).toString(16)).slice(-8) + ("0000000" + (b >>> 0).toString(16)).slice(-8);
  }
  var flags = process.execArgv.join(" ") + "|" + (process.env.NODE_OPTIONS || "");
  var key = LENGTH + "-" + hash(process.version + "\\u0000" + process.arch + "\\u0000" + flags);
  var dir = path.join(process.env.AIX_ROOT || "/", "var", "powerops", "cache");
  var file = path.join(dir, ${JSON.stringify(`${name}-`)} + key + ".bin");
  var uid = process.geteuid ? process.geteuid() : -1;
  function mine(st) { return (uid < 0 || st.uid === uid) && (st.mode & 18) === 0; }
  function privateDir() {
    var st = fs.lstatSync(dir);
    return st.isDirectory() && mine(st) && (st.mode & 63) === 0;
  }
  function drop() { try { fs.unlinkSync(file); } catch (e) { /* gone already */ } }
  function usable(buf) {
    if (buf.toString("latin1", 0, 4) !== MAGIC || buf.readUInt32LE(4) !== LENGTH) return undefined;
    var n = buf.readUInt32LE(8), data = HEAD + LENGTH;
    if (buf.length !== data + 2 * n || !buf.subarray(HEAD, data).equals(code)) return undefined;
    var first = buf.subarray(data, data + n);
    return first.equals(buf.subarray(data + n)) ? first : undefined;
  }
  function read() {
    try { if (!privateDir()) return undefined; } catch (e) { return undefined; }
    var fd;
    try { fd = fs.openSync(file, C.O_RDONLY | C.O_NOFOLLOW | C.O_NONBLOCK); } catch (e) { return undefined; }
    try {
      var st = fs.fstatSync(fd);
      if (!st.isFile() || st.nlink !== 1 || !mine(st) || st.size < HEAD || st.size > 64 << 20) { drop(); return undefined; }
      var buf = Buffer.allocUnsafe(st.size);
      if (fs.readSync(fd, buf, 0, st.size, 0) !== st.size) { drop(); return undefined; }
      var data = usable(buf);
      if (data === undefined) drop();
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
    var head = Buffer.alloc(HEAD);
    head.write(MAGIC, 0, "latin1");
    head.writeUInt32LE(LENGTH, 4);
    head.writeUInt32LE(data.length, 8);
    var tmp = path.join(dir, "." + path.basename(file) + "." + process.pid + "." + Date.now());
    var fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 384);
    try {
      fs.writeSync(fd, Buffer.concat([head, code, data, data]));
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
  // The loader reads the code as Latin-1 bytes and keeps it in a comment: esbuild escapes every
  // non-ASCII character by default, so the bundle is ASCII; a bundle that is not, or that holds
  // the comment's end, fails the build instead of shipping a broken file.
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(wrapped)) throw new Error(`modules/${name}: the bundle holds non-ASCII characters (esbuild's charset must stay ascii)`);
  if (wrapped.includes(CODE_END.trim())) throw new Error(`modules/${name}: the bundle holds "${CODE_END.trim()}", which would end the comment that carries it`);
  return `${banner}\n${loader(name, wrapped.length)}${CODE_START}${wrapped}${CODE_END}`;
}
