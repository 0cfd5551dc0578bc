// lquerypv -h PV [offset [length]]: a hex dump of the start of a disk, as admins use it to see
// what a disk holds before they reuse it. Offset and length are hexadecimal (default 0 and 80).
// The simulator models the first 4 KB of each disk: the LVM record (C9C2D4C1, "IBMA" in
// EBCDIC) on a disk in a volume group, the PVID at 0x80, and for an Oracle ASM disk the ASM
// header instead: ORCLDISK at 0x20, disk name at 0x48, disk group at 0x68, failure group at 0x88.
import type { Ctx } from '../ctx';
import { getopt, has } from '../getopt';
import { loadState } from '../state';
import type { Disk } from '../types';

const USAGE = `Usage: lquerypv -h PhysicalVolume [Offset [Length]]
`;
const HEADER_BYTES = 4096;
const HEX = /^[0-9a-fA-F]{1,8}$/;

function header(d: Disk): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  if (d.asm) {
    Buffer.from([0x01, 0x82, 0x01, 0x01]).copy(b, 0);
    b.write('ORCLDISK', 0x20, 'latin1');
    b.write(d.asm.disk, 0x48, 'latin1');
    b.write(d.asm.group, 0x68, 'latin1');
    b.write(d.asm.disk, 0x88, 'latin1');
    return b;
  }
  if (d.vg) Buffer.from([0xc9, 0xc2, 0xd4, 0xc1]).copy(b, 0);
  if (d.pvid) Buffer.from(d.pvid.slice(0, 16), 'hex').copy(b, 0x80);
  return b;
}

/** `00000080   00CBE200 96A8F09F 00000000 00000000  |................|`, 16 bytes a line. */
function dump(bytes: Buffer, offset: number, length: number): string {
  let out = '';
  for (let at = offset; at < offset + length; at += 16) {
    const line = Buffer.alloc(16);
    if (at < bytes.length) bytes.copy(line, 0, at, Math.min(at + 16, bytes.length));
    const words = [0, 4, 8, 12].map((i) => line.subarray(i, i + 4).toString('hex').toUpperCase()).join(' ');
    const text = [...line].map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.')).join('');
    out += `${at.toString(16).toUpperCase().padStart(8, '0')}   ${words}  |${text}|\n`;
  }
  return out;
}

export function lquerypv(ctx: Ctx): number {
  const g = getopt(ctx.argv, 'h');
  if (!g.ok || !has(g.parsed, 'h') || g.parsed.operands.length < 1 || g.parsed.operands.length > 3) {
    ctx.err.write(`${g.ok ? '' : `lquerypv: ${g.message}\n`}${USAGE}`);
    return 1;
  }
  const [device, off = '0', len = '80'] = g.parsed.operands as [string, string?, string?];
  if (!HEX.test(off) || !HEX.test(len)) {
    ctx.err.write(USAGE);
    return 1;
  }
  const name = device.replace(/^\/dev\/r?/, '');
  const disk = loadState(ctx.root).disks.find((d) => d.name === name);
  if (!disk) {
    // Gap: the real text for a device that does not exist is not known.
    ctx.err.write(`lquerypv: Unable to open ${device}.\n`);
    return 1;
  }
  ctx.out.write(dump(header(disk), parseInt(off, 16), parseInt(len, 16)));
  return 0;
}
