// The simulator's own backup image format (the real by-name `backup` archive is not
// reproducible). Layout, all records in order:
//   AIXSIM-VGBACKUP 1 <header length>\n<header JSON>\n   what `-l` prints, read without a full pass
//   M <size> <path>\n<size bytes>                         a metadata member with its content
//   F <size> <path>\n                                     a file member (content not stored)
//   P <length>\n<length bytes>                            payload, sized from the VG's used space
//   E <members> <payload bytes> <sha256>\n                trailer: sha256 of everything before it
// Written progressively, so a killed writer leaves a short file with no trailer; a full read
// (listing, restvg, alt_disk_mksysb) detects that and any corruption.
import type { Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { handledBytes } from './heap';

export const MAGIC = 'AIXSIM-VGBACKUP';

/**
 * node:crypto, loaded by the first writer or full reader: a header read (listvgbackup -l) needs
 * neither the hash nor the filler, and loading node:crypto costs each such process ~5 ms of CPU.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');

export interface ImageLv {
  name: string;
  type: string;
  lps: number;
  pps: number;
  pvs: number;
  /** LV STATE at backup time, e.g. open/syncd. */
  state: string;
  mount: string | null;
  /** Files archived from this file system, and its data size. */
  files: number;
  usedMb: number;
  minLps: number;
}

export interface ImageHeader {
  format: typeof MAGIC;
  version: 1;
  command: 'mksysb' | 'savevg';
  vg: string;
  ppSizeMb: number;
  date: string;
  uname: string;
  oslevel: string;
  ml: string;
  sp: string;
  backupSizeMb: number;
  shrinkSizeMb: number;
  vgDataOnly: boolean;
  lvs: ImageLv[];
  sourceDisks: Array<{ name: string; pvid: string | null; sizeMb: number }>;
  members: number;
  payloadBytes: number;
}

export class ImageError extends Error {
  constructor(
    readonly kind: 'missing' | 'format' | 'damaged',
    message: string,
  ) {
    super(message);
  }
}

/** Raised by the writer when a fault stops it at a byte count. */
export class WriteLimit extends Error {
  constructor(readonly kind: Limit['kind']) {
    super(kind);
  }
}

export interface Limit {
  afterBytes: number;
  /** `early-stop`: the writer stops quietly (a backup that ended early and still exited 0); fsize: the file size limit (ulimit -f) stops the write. */
  kind: 'kill' | 'fs-full' | 'early-stop' | 'fsize';
}

let filler: Buffer | undefined;

export class ImageWriter {
  private bytes = 0;
  private members = 0;
  private payload = 0;
  /** File records waiting to be written: one reused buffer, so no record outlives its batch as garbage V8 must promote. */
  private readonly pending = Buffer.allocUnsafe(65536);
  private pendingLen = 0;
  private readonly hash: Hash = crypto().createHash('sha256');

  constructor(
    private readonly fd: number,
    private readonly limit?: Limit,
  ) {}

  static open(path: string, limit?: Limit): ImageWriter {
    return new ImageWriter(openSync(path, 'w'), limit);
  }

  header(h: ImageHeader): void {
    const json = JSON.stringify(h);
    this.raw(Buffer.from(`${MAGIC} 1 ${Buffer.byteLength(json)}\n${json}\n`));
  }

  meta(path: string, content: string): void {
    this.flushLines();
    const body = Buffer.from(content);
    this.raw(Buffer.concat([Buffer.from(`M ${body.length} ${path}\n`), body]));
    this.members++;
  }

  /** File members are batched: millions of one-line records would be slow one by one. */
  file(path: string, size: number): void {
    const line = `F ${size} ${path}\n`;
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (this.pendingLen + line.length * 3 > this.pending.length) this.flushLines();
    if (line.length * 3 > this.pending.length) this.raw(Buffer.from(line));
    else this.pendingLen += this.pending.write(line, this.pendingLen);
    this.members++;
  }

  writePayload(total: number): void {
    this.flushLines();
    filler ??= crypto().randomBytes(65536);
    for (let left = total; left > 0; ) {
      const n = Math.min(left, filler.length);
      this.raw(Buffer.concat([Buffer.from(`P ${n}\n`), filler.subarray(0, n)]));
      this.payload += n;
      left -= n;
    }
  }

  close(): number {
    this.flushLines();
    const trailer = `E ${this.members} ${this.payload} ${this.hash.copy().digest('hex')}\n`;
    this.raw(Buffer.from(trailer), false);
    closeSync(this.fd);
    return this.bytes;
  }

  abandon(): void {
    closeSync(this.fd);
  }

  private flushLines(): void {
    if (this.pendingLen === 0) return;
    const n = this.pendingLen;
    this.pendingLen = 0;
    this.raw(this.pending.subarray(0, n));
    handledBytes(n);
  }

  private raw(b: Buffer, hashed = true): void {
    let chunk = b;
    let stop = false;
    if (this.limit && this.bytes + b.length >= this.limit.afterBytes) {
      chunk = b.subarray(0, Math.max(0, this.limit.afterBytes - this.bytes));
      stop = true;
    }
    if (chunk.length) writeSync(this.fd, chunk);
    if (hashed) this.hash.update(chunk);
    this.bytes += chunk.length;
    if (stop) throw new WriteLimit(this.limit!.kind);
  }
}

/** Missing and empty files are the same case for listvgbackup (0512-054). */
export function imageExists(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.size > 0;
  } catch {
    return false;
  }
}

/** The header only: what -l needs, without reading the image through. */
export function readHeader(path: string): ImageHeader {
  if (!imageExists(path)) throw new ImageError('missing', path);
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(128);
    const n = readSync(fd, head, 0, head.length, 0);
    const first = head.subarray(0, n).toString('latin1').split('\n')[0] ?? '';
    const m = /^AIXSIM-VGBACKUP 1 (\d+)$/.exec(first);
    if (!m) throw new ImageError('format', `${path} is not a volume group backup image`);
    const len = Number(m[1]);
    const body = Buffer.alloc(len);
    const got = readSync(fd, body, 0, len, first.length + 1);
    if (got < len) throw new ImageError('damaged', `${path}: the image header is truncated`);
    try {
      return JSON.parse(body.toString('utf8')) as ImageHeader;
    } catch {
      throw new ImageError('damaged', `${path}: the image header is damaged`);
    }
  } finally {
    closeSync(fd);
  }
}

export interface Member {
  path: string;
  size: number;
  /** Present for metadata members. */
  content?: Buffer;
}

/**
 * Sequential reader over the records, hashing everything it consumes. It reads into one buffer,
 * reused: a gigabyte image read through costs no more memory than a small one.
 */
class Reader {
  private buf = Buffer.alloc(1 << 20);
  /** Unconsumed bytes are buf[pos, end). */
  private pos = 0;
  private end = 0;
  private offset = 0;
  private eof = false;
  readonly hash = crypto().createHash('sha256');

  constructor(private readonly fd: number) {}

  private fill(need: number): boolean {
    while (this.end - this.pos < need && !this.eof) {
      if (this.pos > 0) {
        this.buf.copy(this.buf, 0, this.pos, this.end);
        this.end -= this.pos;
        this.pos = 0;
      }
      if (need > this.buf.length) {
        const bigger = Buffer.alloc(Math.max(need, this.buf.length * 2));
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      }
      const n = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, this.offset);
      handledBytes(n);
      if (n === 0) this.eof = true;
      this.offset += n;
      this.end += n;
    }
    return this.end - this.pos >= need;
  }

  /** Next line without its newline, or null at end of file / on an unterminated line. */
  line(hashed = true): string | null {
    for (let scan = 0; ; ) {
      const at = this.buf.subarray(0, this.end).indexOf(10, this.pos + scan);
      if (at >= 0) {
        const s = this.buf.subarray(this.pos, at).toString('utf8');
        if (hashed) this.hash.update(this.buf.subarray(this.pos, at + 1));
        this.pos = at + 1;
        return s;
      }
      scan = this.end - this.pos;
      if (this.eof || !this.fill(scan + 1)) return null;
    }
  }

  /** The next n bytes, copied: the buffer they were read into is reused. */
  take(n: number): Buffer | null {
    if (!this.fill(n)) return null;
    const b = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.hash.update(b);
    this.pos += n;
    return b;
  }

  atEnd(): boolean {
    return !this.fill(1);
  }
}

/**
 * Reads the whole image, yielding each member; throws ImageError('damaged') on a short or
 * corrupt image (after yielding what could be read, as restore does).
 */
export function* readMembers(path: string): Generator<Member, ImageHeader> {
  const header = readHeader(path);
  const fd = openSync(path, 'r');
  const damaged = (why: string): ImageError => new ImageError('damaged', `${path}: ${why}`);
  try {
    if (fstatSync(fd).size === 0) throw new ImageError('missing', path);
    const r = new Reader(fd);
    const headerLen = Number((r.line() ?? '').split(' ')[2]);
    if (!r.take(headerLen + 1)) throw damaged('unexpected end of file: the image is truncated');
    let members = 0;
    let payload = 0;
    for (;;) {
      const line = r.line(false);
      if (line === null) throw damaged('unexpected end of file: the image is truncated');
      const [tag, a, ...rest] = line.split(' ');
      if (tag === 'E') {
        const [, count, bytes, sha] = line.split(' ');
        if (Number(count) !== members || Number(bytes) !== payload || sha !== r.hash.digest('hex')) {
          throw damaged('checksum mismatch: the image is damaged');
        }
        if (!r.atEnd()) throw damaged('data after the end of the archive');
        return header;
      }
      r.hash.update(`${line}\n`);
      const n = Number(a);
      if (!Number.isSafeInteger(n) || n < 0) throw damaged('bad record: the image is damaged');
      if (tag === 'M') {
        const content = r.take(n);
        if (!content) throw damaged('unexpected end of file: the image is truncated');
        members++;
        yield { path: rest.join(' '), size: n, content };
      } else if (tag === 'F') {
        members++;
        yield { path: rest.join(' '), size: n };
      } else if (tag === 'P') {
        if (!r.take(n)) throw damaged('unexpected end of file: the image is truncated');
        payload += n;
      } else {
        throw damaged('bad record: the image is damaged');
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** A full read that keeps nothing: throws ImageError('damaged') on a short or corrupt image. */
export function verifyImage(path: string): ImageHeader {
  const it = readMembers(path);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}
