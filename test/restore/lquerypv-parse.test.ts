// The lquerypv -h parser on the forms public transcripts show, and on the plausible variants
// (no text column, lower case, narrower words), plus the simulator's own dump.
import { describe, expect, it } from 'vitest';
import { hasAsmLabel, parseHexDump } from '../../lib/aix/parse/lquerypv';
import { makeLpar } from '../../harness/lpar';

// The PVID at 0x80 as a public transcript prints it (lquerypv -h /dev/hdisk23 80 10).
const PVID_LINE = '00000080   00CBE200 96A8F09F 00000000 00000000  |................|\n';
const ASM = [
  '00000000   00820101 00000000 80000000 D12A3D5B  |.............*=[|',
  '00000010   00000000 00000000 00000000 00000000  |................|',
  '00000020   4F52434C 4449534B 00000000 00000000  |ORCLDISK........|',
  '00000030   00000000 00000000 00000000 00000000  |................|',
].join('\n');

describe('parseHexDump', () => {
  it('reads the offset, the words and ignores the text column', () => {
    const r = parseHexDump(PVID_LINE);
    expect(r.ok && r.value.toString('hex')).toBe('00cbe20096a8f09f0000000000000000');
  });

  it('finds ORCLDISK in an ASM header, in every plausible form', () => {
    const forms = [
      ASM,
      ASM.replace(/ {2}\|.*\|$/gm, ''),
      ASM.toLowerCase(),
      ASM.replace(/(?<= )([0-9A-F]{4})([0-9A-F]{4})(?= )/g, '$1 $2'),
      ASM.replace(/\n/g, '\r\n'),
      ASM.replace(/^(\w{8}) /gm, '$1: '),
    ];
    for (const text of forms) {
      const r = parseHexDump(text);
      expect(r.ok, text).toBe(true);
      expect(r.ok && hasAsmLabel(r.value), text).toBe(true);
    }
  });

  it('an LVM disk or a zeroed disk has no ASM label; a label split over two lines is still found', () => {
    const zero = parseHexDump('00000000   00000000 00000000 00000000 00000000  |................|\n');
    expect(zero.ok && hasAsmLabel(zero.value)).toBe(false);
    const split = parseHexDump('00000000   00000000 00000000 00000000 4F52434C  |............ORCL|\n00000010   4449534B 00000000 00000000 00000000  |DISK............|\n');
    expect(split.ok && hasAsmLabel(split.value)).toBe(true);
  });

  it('refuses what is not a dump, rather than calling the disk clean', () => {
    for (const text of ['', 'lquerypv: Unable to open /dev/hdisk9.', '00000000   0000000 00000000', '00000000   00000000\n00000040   00000000\n']) {
      expect(parseHexDump(text).ok, JSON.stringify(text)).toBe(false);
    }
  });

  it('reads the simulator dump of every default disk: ASM on hdisk5 only', () => {
    const lpar = makeLpar();
    try {
      for (const disk of ['hdisk0', 'hdisk1', 'hdisk2', 'hdisk3', 'hdisk4', 'hdisk5']) {
        const r = parseHexDump(lpar.run('lquerypv', ['-h', `/dev/${disk}`, '0', '100']).stdout);
        expect(r.ok, disk).toBe(true);
        expect(r.ok && r.value.length).toBe(256);
        expect(r.ok && hasAsmLabel(r.value), disk).toBe(disk === 'hdisk5');
      }
    } finally {
      lpar.cleanup();
    }
  });
});
