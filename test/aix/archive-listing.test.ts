import { describe, expect, it } from 'vitest';
import { isBackupDataMember, memberName, parseListingLine, type ListingLine } from '../../lib/aix/parse/archive-listing';
import { fixture } from './fixture';

const kinds = (text: string): ListingLine['kind'][] => text.split('\n').filter((l) => l !== '').map((l) => parseListingLine(l).kind);
const members = (text: string): string[] =>
  text
    .split('\n')
    .map(parseListingLine)
    .flatMap((p) => (p.kind === 'member' ? [p.member.path] : []));

describe('parseListingLine', () => {
  it('reads a member with a size column (restore -T with sizes, the likely AIX 7 form)', () => {
    expect(parseListingLine('         5911 ./bosinst.data')).toEqual({ kind: 'member', member: { path: './bosinst.data' } });
    expect(parseListingLine('5911 ./bosinst.data')).toEqual({ kind: 'member', member: { path: './bosinst.data' } });
  });

  it('reads a bare path, and a path with spaces in it', () => {
    expect(parseListingLine('./bosinst.data')).toEqual({ kind: 'member', member: { path: './bosinst.data' } });
    expect(parseListingLine('       12 ./home/a b/c d.txt  ')).toEqual({ kind: 'member', member: { path: './home/a b/c d.txt' } });
    expect(parseListingLine('.')).toEqual({ kind: 'member', member: { path: '.' } });
  });

  it("reads restore's x lines: with a size (§5.2), with a tab (§5.3), without a size (§11)", () => {
    expect(members(fixture('restvg-stdout.5.2.S-IBMMOD.txt'))).toEqual([
      './tmp/vgdata/datavg/image.info',
      './tmp/vgdata/vgdata.files11928014',
      './tmp/vgdata/vgdata.files',
      './tmp/vgdata/datavg/filesystems',
      './tmp/vgdata/datavg/datavg.data',
      './tmp/vgdata/datavg/backup.data',
    ]);
    expect(members(fixture('restvg-terminal.5.3.S-SADMIN.txt'))).toEqual([
      './tmp/vgdata/vgdata.files20540',
      './tmp/vgdata/vgdata.files',
      './tmp/vgdata/datavg/filesystems',
      '.',
      './tmp/vgdata/datavg/datavg.data',
      './tmp/vgdata/datavg/backup.data',
    ]);
    expect(parseListingLine('x ./bosinst.data')).toEqual({ kind: 'member', member: { path: './bosinst.data' } });
    expect(parseListingLine('a         5911 ./bosinst.data')).toEqual({ kind: 'member', member: { path: './bosinst.data' } });
  });

  it('takes the volume header and the counts in both wordings for what they are, never for members', () => {
    const long = fixture('restvg-terminal.5.3.S-SADMIN.txt').split('\n').slice(10).join('\n');
    expect(kinds(long)).toEqual(['header', 'header', 'header', 'header', 'header', 'header', 'member', 'member', 'member', 'member', 'member', 'summary', 'member', 'summary']);
    const short = fixture('restvg-stderr.5.2.S-IBMMOD.txt').split('\n').slice(5).join('\n');
    expect(kinds(short)).toEqual(['header', 'header', 'header', 'header', 'header', 'header', 'summary']);
    expect(kinds('files archived: 6\nThe number of archived files is 6.\ntotal size: 4393\n')).toEqual(['summary', 'summary', 'summary']);
  });

  it('anything else is "other", kept for the message', () => {
    expect(parseListingLine('hdisk1')).toEqual({ kind: 'other', text: 'hdisk1' });
    expect(parseListingLine('restore: /tmp/x: truncated')).toEqual({ kind: 'other', text: 'restore: /tmp/x: truncated' });
    expect(parseListingLine('   ')).toEqual({ kind: 'blank' });
    expect(parseListingLine('12345')).toEqual({ kind: 'other', text: '12345' });
  });

  it('stays linear on a huge line', () => {
    const t = Date.now();
    expect(parseListingLine(`${' '.repeat(200_000)}1${' '.repeat(200_000)}x`).kind).toBe('other');
    expect(parseListingLine(`x ${'1'.repeat(20)} ${'/a'.repeat(100_000)}`).kind).toBe('other');
    expect(Date.now() - t).toBeLessThan(1000);
  });
});

describe('member names', () => {
  it('./bosinst.data, /bosinst.data and bosinst.data are one member', () => {
    expect(['./bosinst.data', '/bosinst.data', 'bosinst.data'].map(memberName)).toEqual(['bosinst.data', 'bosinst.data', 'bosinst.data']);
  });

  it('the data files a backup writes first, and what is not one of them', () => {
    for (const p of ['./bosinst.data', './image.data', './tmp/vgdata/rootvg/image.info', '.', './tmp/vgdata/vgdata.files123']) expect(isBackupDataMember(p), p).toBe(true);
    for (const p of ['./usr/bin/ls', './tmp/other', './etc/bosinst.data']) expect(isBackupDataMember(p), p).toBe(false);
  });
});
