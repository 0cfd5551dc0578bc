// The shipped module file: a small loader, then the bundled code, compressed (raw deflate, then
// base64: the file stays ASCII text for Ansible, which rewrites its first line and substitutes the
// task's arguments into it), in a block comment inside a function at the end of the loader, read
// from that function's source text (a comment costs V8 less to parse than a string literal of the
// same size, and the source text is the script's own: no copy). Ansible copies the file to every host for every task, so its bytes count: the
// payload is about half the code's size. Under pipelining Ansible pipes the file to `node` on
// stdin, so the loader never reads its own file: the payload and the arguments come from the
// script's own text. The loader runs the code through V8's code cache, kept
// in the module's state directory on the host: on a no-op (most nightly runs) compiling the bundle
// is most of the module's own cost, and the cache cuts it (measured by bench/startup.ts). The file
// stays self-contained: without a usable cache (first run, another Node.js, an unwritable
// directory) the payload is inflated and the code compiled.
//
// The arguments: ansible-core runs a file holding its jsonargs marker as a "new style" module
// (executor/module_common.py): it replaces the marker by json.dumps() of the task's arguments and
// sends no arguments file. The marker is alone on a `//` line inside a function of the loader, and
// json.dumps (ensure_ascii) writes no line terminator (newlines, U+2028 and U+2029 come out as
// escapes), so the arguments stay a comment whatever they hold; the loader hands that line's text,
// read from the function's source, to the code, which parses it with JSON.parse when it was
// substituted (lib/ansible/args.ts) and otherwise reads an arguments file or stdin as before.
//
// The cache also spares the no-op the inflating: it holds the payload it was made from and the
// code that payload inflates to, and when its payload equals the module file's, byte for byte,
// the code is taken from the cache (loading node:zlib and inflating cost ~3 ms together). That
// adds no trust: the cache's V8 data is already code in effect, and the file is read only under
// the rules below, so whoever could write other code into it could as well write other bytecode.
//
// V8 checks little of what it is given (its version, its flags, the source's length), so the
// loader checks the rest and a cache can only cost a compile, never run other code:
// - the cache file holds the module's payload it was made from, byte for byte, and is used only
//   when that copy equals the payload in the module file (a comparison of bytes, not a hash: an
//   edited module of the same length never meets a cache that was not made from it);
// - the code and the V8 data are stored as one block, twice, and both copies must be equal, and
//   the code's length must be the one the loader expects: a torn or damaged file is not run nor
//   handed to V8 (V8 verifies no checksum in release builds);
// - its name holds the module's name, the code's length and a hash of the Node.js version, the
//   architecture and the flags V8 runs with, so each of those gets its own file;
// - only a regular file with one link, owned by this user and written by no one else, in a
//   directory of this user's with mode 0700 (checked without following links), is read;
// - a cache V8 rejects, or that fails a check, is deleted, its code is not used (the payload is
//   inflated instead), and a new one is written at exit to a fresh private file that is then
//   renamed into place;
// - V8 data holds every function the writing run compiled, and V8 deserialises all of it at every
//   start: a cache made by a run that acted (the first run is mostly a create) holds the whole
//   create path, ~70% more than a no-op uses. So the header says whether the writing run was a
//   no-op: it ended with exit code 0 and never loaded node:child_process (which the module loads
//   on its first AIX command only). A no-op that used a cache not made by one deletes it at exit,
//   if the file is still the one it read (same inode, times and size: a file another run put in
//   its place since is left alone), so that the next run compiles and writes a no-op's cache. A
//   run that failed, or acted, never deletes a cache that passed its checks; V8 data cannot be
//   trimmed after the fact (a run that used a cache re-serialises all it was given), so this costs
//   one compile, once, on the run after.
// The payload is checked against the length the build stored in the loader, and the inflated code
// against the code's; a payload that is not of its length, or that does not inflate to the code's,
// stops the run, naming the file. No hash runs over the code or the cache
// data: hashing ~130 KB in JavaScript before V8 has optimised it costs several milliseconds per
// start, node:crypto about one, comparing bytes 0.05.
//
// The cache file ("POC4"; a "POC3" file without the writer's kind, or a "POC2" file of the
// uncompressed format, fails that check and is replaced): magic, then the payload's length, the
// code's length, the V8 data's length and the writer's kind (1: a no-op, 0: any other run) as
// 32-bit little-endian numbers, the payload, then code and data, twice.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { JSON_ARGS_MARKER, jsonargsProblems } from './ansible-style';

/** Around the payload, at the end of the file: a comment in a function; base64 holds no "*", the build checks. */
const PACKED_START = '/*\n';
const PACKED_END = '\n*/}';
const CODE_START = `  function packed() {${PACKED_START}`;
const CODE_END = `${PACKED_END}\n})();\n`;

/** The loader, ES5 for any Node.js 18+; `process` is passed in rather than taken from the
 * global, so that whoever runs the file with a process of their own (a test harness) gets it
 * in the module's code too. */
function loader(name: string, payloadBytes: number, codeBytes: number): string {
  return `"use strict";
(function () {
  var fs = require("fs"), vm = require("vm"), path = require("path"), C = fs.constants;
  var MAGIC = "POC4", HEAD = 20, NOOP = 1, PAYLOAD = ${payloadBytes}, LENGTH = ${codeBytes};
  var packedText = String(packed), packedAt = packedText.indexOf(${JSON.stringify(PACKED_START)}) + ${PACKED_START.length}, packedEnd = packedText.length - ${PACKED_END.length};
  if (packedAt < ${PACKED_START.length} || packedText.slice(packedEnd) !== ${JSON.stringify(PACKED_END)} || packedEnd - packedAt !== PAYLOAD) {
    throw new Error(__filename + " is damaged: its code is not of the length its loader expects; install the module file again");
  }
  var payloadText = packedText.slice(packedAt, packedEnd), payload = Buffer.from(payloadText, "latin1");
  // ansible-core writes the task's arguments over the marker (see the top of module-loader.ts).
  function ansibleArgs() {
// ${JSON_ARGS_MARKER}
  }
  var argsText = String(ansibleArgs), argsAt = argsText.indexOf("\\n// ") + 4;
  var argsLine = argsText.slice(argsAt, argsText.indexOf("\\n", argsAt));
  function inflate() {
    var code;
    try {
      code = require("zlib").inflateRawSync(Buffer.from(payloadText, "base64"), { maxOutputLength: LENGTH });
    } catch (e) { /* said below */ }
    if (code === undefined || code.length !== LENGTH) {
      throw new Error(__filename + " is damaged: its code does not inflate to the " + LENGTH + " bytes its loader expects; install the module file again");
    }
    return code;
  }
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
  var commands = false, loaded = Object.create(null);
  /**
   * The module's require, which notes the loading of node:child_process (the module's first AIX
   * command) and asks Node.js once per built-in: the bundle requires node:fs once per source file.
   */
  function load(id) {
    if (id === "node:child_process" || id === "child_process") commands = true;
    return loaded[id] || (loaded[id] = require(id));
  }
  function kindOf(exitCode) { return exitCode === 0 && !commands ? NOOP : 0; }
  /** Deletes the cache file if it is still the one that was read (st: its fstat). */
  function forget(st) {
    var now = fs.lstatSync(file);
    if (now.ino === st.ino && now.dev === st.dev && now.size === st.size && now.mtimeMs === st.mtimeMs && now.ctimeMs === st.ctimeMs) fs.unlinkSync(file);
  }
  /** The block of code and V8 data, once both copies and the payload have been checked. */
  function usable(buf) {
    if (buf.toString("latin1", 0, 4) !== MAGIC || buf.readUInt32LE(4) !== PAYLOAD || buf.readUInt32LE(8) !== LENGTH) return undefined;
    var block = LENGTH + buf.readUInt32LE(12), first = HEAD + PAYLOAD;
    if (buf.length !== first + 2 * block || !buf.subarray(HEAD, first).equals(payload)) return undefined;
    var copy = buf.subarray(first, first + block);
    return copy.equals(buf.subarray(first + block)) ? copy : undefined;
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
      var block = usable(buf);
      if (block === undefined) { drop(); return undefined; }
      return { block: block, kind: buf.readUInt32LE(16), st: st };
    } catch (e) {
      drop();
      return undefined;
    } finally {
      fs.closeSync(fd);
    }
  }
  function write(code, data, kind) {
    fs.mkdirSync(dir, { recursive: true, mode: 448 });
    var st = fs.lstatSync(dir);
    if (st.isDirectory() && (uid < 0 || st.uid === uid) && (st.mode & 63) !== 0) fs.chmodSync(dir, 448);
    if (!privateDir()) return;
    var head = Buffer.alloc(HEAD);
    head.write(MAGIC, 0, "latin1");
    head.writeUInt32LE(PAYLOAD, 4);
    head.writeUInt32LE(LENGTH, 8);
    head.writeUInt32LE(data.length, 12);
    head.writeUInt32LE(kind, 16);
    var tmp = path.join(dir, "." + path.basename(file) + "." + process.pid + "." + Date.now());
    var fd = fs.openSync(tmp, C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, 384);
    try {
      fs.writeSync(fd, Buffer.concat([head, payload, code, data, code, data]));
      fs.closeSync(fd);
      fd = -1;
      fs.renameSync(tmp, file);
    } catch (e) {
      if (fd >= 0) fs.closeSync(fd);
      fs.unlinkSync(tmp);
      throw e;
    }
  }
  function compile(code, cachedData) {
    return { code: code, script: new vm.Script(code.toString("latin1"), { filename: __filename, cachedData: cachedData }) };
  }
  // A cache that fails, or that V8 rejects, gives this run nothing: neither its data nor its code.
  var cached = read(), run;
  if (cached !== undefined) {
    try { run = compile(cached.block.subarray(0, LENGTH), cached.block.subarray(LENGTH)); } catch (e) { run = undefined; }
    if (run === undefined || run.script.cachedDataRejected) { drop(); cached = undefined; }
  }
  if (cached === undefined) {
    run = compile(inflate(), undefined);
    // At exit the cache holds every function this run compiled, not only the top level.
    process.on("exit", function (exitCode) {
      try { write(run.code, run.script.createCachedData(), kindOf(exitCode)); } catch (e) { /* no cache: the next run compiles, as this one did */ }
    });
  } else if (cached.kind !== NOOP) {
    process.on("exit", function (exitCode) {
      try { if (kindOf(exitCode) === NOOP) forget(cached.st); } catch (e) { /* gone already: the next run writes one */ }
    });
  }
  run.script.runInThisContext()(exports, load, module, __filename, __dirname, process, argsLine);
`;
}

/** What the build put in a module file: its payload and the code it inflates to (for the bench and the tests). */
export function moduleCode(file: Buffer): { payload: Buffer; code: Buffer } {
  const { payload } = modulePayload(file);
  return { payload, code: inflateRawSync(Buffer.from(payload.toString('latin1'), 'base64')) };
}

/** The payload at the end of a module file, and the loader before it. */
function modulePayload(file: Buffer): { loader: string; payload: Buffer } {
  const end = file.length - CODE_END.length;
  const start = file.lastIndexOf(CODE_START, end) + CODE_START.length;
  if (start < CODE_START.length || file.toString('latin1', end) !== CODE_END) throw new Error('not a module file: no payload at its end');
  return { loader: file.toString('latin1', 0, start), payload: file.subarray(start, end) };
}

/**
 * A module file with another payload, its loader told the lengths given (for the tests of
 * edited and damaged files): the loader stores the payload's length and the code's.
 */
export function withPayload(file: Buffer, payload: string, lengths: { payload: number; code: number }): string {
  const { loader } = modulePayload(file);
  const lengthsAt = /PAYLOAD = \d+, LENGTH = \d+;/;
  if (!lengthsAt.test(loader)) throw new Error('not a module file: its loader holds no lengths');
  return `${loader.replace(lengthsAt, `PAYLOAD = ${lengths.payload}, LENGTH = ${lengths.code};`)}${payload}${CODE_END}`;
}

/** The payload the module file carries: the code deflated (level 9), then base64. */
export function packCode(code: Buffer): string {
  return deflateRawSync(code, { level: 9 }).toString('base64');
}

export function moduleFile(banner: string, name: string, code: string): string {
  // ansibleJsonArgs: the loader's arguments line (lib/ansible/embedded-args.ts reads it).
  const wrapped = `(function(exports,require,module,__filename,__dirname,process,ansibleJsonArgs){${code}\n})`;
  // The loader reads the code as Latin-1 bytes: esbuild escapes every non-ASCII character by
  // default, so the bundle is ASCII; a bundle that is not fails the build instead of shipping code
  // that reads back otherwise. The payload is base64, which holds no "*" to end its comment:
  // checked all the same, as is that it inflates back to the very code.
  // eslint-disable-next-line no-control-regex
  if (/[^\u0000-\u007f]/.test(wrapped)) throw new Error(`modules/${name}: the bundle holds non-ASCII characters (esbuild's charset must stay ascii)`);
  const bytes = Buffer.from(wrapped, 'latin1');
  const payload = packCode(bytes);
  if (!/^[A-Za-z0-9+/=]*$/.test(payload)) throw new Error(`modules/${name}: the payload is not base64, and could end the comment that carries it`);
  if (!inflateRawSync(Buffer.from(payload, 'base64')).equals(bytes)) throw new Error(`modules/${name}: the payload does not inflate back to the bundle`);
  const file = `${banner}\n${loader(name, payload.length, bytes.length)}${CODE_START}${payload}${CODE_END}`;
  const problems = jsonargsProblems(file);
  if (problems.length > 0) throw new Error(`modules/${name}: ansible-core would not run the file as a jsonargs module: ${problems.join('; ')}`);
  return file;
}
