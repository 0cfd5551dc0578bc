import { describe, expect, it } from 'vitest';
import { classifyLine, findMessage, newClassifier, summarizeBackupRun, RunKind } from '../../lib/aix/parse/messages';
import { fixture, outputOf } from './fixture';

function run(kind: RunKind, text: string) {
  const state = newClassifier(kind);
  for (const line of text.split('\n')) classifyLine(state, line);
  return state;
}

describe('findMessage', () => {
  it('finds a number at the start of a line, also after progress dots', () => {
    expect(findMessage('0512-038 mksysb: Backup Completed Successfully.')).toEqual({ number: '0512-038' });
    expect(findMessage('.....0512-005 savevg: Backup Completed.')?.number).toBe('0512-005');
    expect(findMessage('0516-010 : Volume group must be varied on; use varyonvg command.')?.number).toBe('0516-010');
    expect(findMessage('0512-0017 mksysb: Cannot write to the device /dev/rmt0.1.')?.number).toBe('0512-0017');
  });
  it('ignores numbers inside file names of a verbose listing', () => {
    expect(findMessage('a 1234 ./data/0512-005.log')).toBeNull();
    expect(findMessage('x          127 ./tmp/vgdata/vgdata.files11928014')).toBeNull();
    expect(findMessage('2016.12.02 15:52:44 - restvg -q')).toBeNull();
  });
});

describe('backup runs', () => {
  it('mksysb on a terminal (S-SKYTAP) is ok with rc 0', () => {
    const s = run('backup', outputOf('mksysb.7.1.S-SKYTAP.txt'));
    expect(summarizeBackupRun(0, s)).toEqual({ status: 'ok', messages: ['0512-038 mksysb: Backup Completed Successfully.'] });
  });

  it('mksysb captured stdout (S-KAIRO JSON msg) is ok', () => {
    const line = fixture('mksysb-stdout-json.7.2.S-KAIRO.txt').trim();
    const stdout = (JSON.parse(`{${line}}`) as { msg: string }).msg;
    expect(summarizeBackupRun(0, run('backup', stdout)).status).toBe('ok');
  });

  it('savevg -r (S-SKYTAP) and a NIM savevg with progress lines (S-NIMCN) are ok', () => {
    expect(summarizeBackupRun(0, run('backup', outputOf('savevg.6.1.S-SKYTAP.txt')))).toEqual({
      status: 'ok',
      messages: ['0512-038 savevg: Backup Completed Successfully.'],
    });
    expect(summarizeBackupRun(0, run('backup', fixture('savevg.6.1.S-NIMCN.txt'))).status).toBe('ok');
  });

  it('rc 0 with 0512-003 is partial and keeps the message', () => {
    const out = 'Backing up 10 files\n\n0512-003 mksysb may not have been able to archive some files.\nThe messages displayed on the Standard Error contained additional\ninformation.\n';
    expect(summarizeBackupRun(0, run('backup', out))).toEqual({
      status: 'partial',
      messages: ['0512-003 mksysb may not have been able to archive some files.'],
    });
  });

  it('0512-005 with its tab-indented continuation is failed, verbatim', () => {
    const text = fixture('mksysb-messages.7.3.hist.txt');
    const block = text.split('\n').slice(4, 8).join('\n');
    const s = run('backup', `\n${block}\n`);
    expect(summarizeBackupRun(3, s)).toEqual({
      status: 'failed',
      messages: [
        '0512-005 mksysb: Backup Completed.',
        '\tThe backup command completed with errors.',
        '\tThe messages displayed on Standard Error contained additional',
        '\tinformation.',
      ],
    });
  });

  it('an error number with rc 0 is still failed (the exit code lies)', () => {
    const r = summarizeBackupRun(0, run('backup', '\n0512-008 savevg: The mkvgdata command failed.  Backup canceled.\n\n'));
    expect(r.status).toBe('failed');
    expect(r.messages).toContain('0512-008 savevg: The mkvgdata command failed.  Backup canceled.');
  });

  it('rc 0 without 0512-038 is unconfirmed (only the image read back can tell), and says why', () => {
    const r = summarizeBackupRun(0, run('backup', 'Creating list of files to back up\n'));
    expect(r.status).toBe('unconfirmed');
    expect(r.messages[0]).toContain('never printed 0512-038');
  });

  it('non-zero rc without any message, and a killed run, are failed with an explanation', () => {
    expect(summarizeBackupRun(2, newClassifier('backup'))).toEqual({
      status: 'failed',
      messages: ['the backup exited with return code 2 and printed no AIX message number'],
    });
    expect(summarizeBackupRun(null, newClassifier('backup')).messages[0]).toContain('killed');
  });

  it('the tape warnings 0512-039/040 alone do not fail a completed backup', () => {
    const s = run('backup', '0512-039 mksysb: WARNING: /x does not appear to be a tape device and\n\twill NOT have a bootable image.\n0512-038 mksysb: Backup Completed Successfully.\n');
    const r = summarizeBackupRun(0, s);
    expect(r.status).toBe('ok');
    expect(r.messages).toHaveLength(3);
  });

  it('keeps a bounded number of lines on a flood of errors, in constant memory', () => {
    const s = newClassifier('backup');
    for (let i = 0; i < 100_000; i++) classifyLine(s, `0512-${100 + (i % 80)} mksysb: error ${i} ${'x'.repeat(1000)}`);
    expect(s.kept).toHaveLength(12);
    expect(s.kept[0]!.length).toBeLessThan(420);
    expect(s.numbers.length).toBeLessThanOrEqual(20);
    const r = summarizeBackupRun(3, s);
    expect(r.messages[r.messages.length - 1]).toBe('(99988 more message lines not shown)');
  });
});

describe('restvg and alt_disk runs', () => {
  it('a restvg -q run (S-IBMMOD stdout + stderr; S-SADMIN terminal) is ok', () => {
    const s = run('restvg', fixture('restvg-stdout.5.2.S-IBMMOD.txt'));
    for (const l of fixture('restvg-stderr.5.2.S-IBMMOD.txt').split('\n')) classifyLine(s, l);
    expect(summarizeBackupRun(0, s)).toEqual({ status: 'ok', messages: [] });
    expect(summarizeBackupRun(0, run('restvg', fixture('restvg-terminal.5.3.S-SADMIN.txt'))).status).toBe('ok');
  });

  it('each historical restvg message is a failure', () => {
    const lines = fixture('restvg-messages.5.6.hist.txt').split('\n').filter((l) => l !== '');
    expect(lines).toHaveLength(14);
    for (const line of lines) {
      const r = summarizeBackupRun(2, run('restvg', line));
      expect(r).toEqual({ status: 'failed', messages: [line] });
    }
  });

  it('restvg with rc 0 after an unanswered prompt is failed', () => {
    const r = summarizeBackupRun(0, run('restvg', '\nWill create the Volume Group:\tapp\nTarget Disks:\thdisk1\n\nEnter y to continue: '));
    expect(r.status).toBe('failed');
    expect(r.messages[0]).toContain('was not answered y');
  });

  it('alt_disk_mksysb: the S-IBMCLOUD transcript is ok; 0505-126 is failed', () => {
    expect(summarizeBackupRun(0, run('alt_disk', fixture('alt_disk_mksysb.8.1.S-IBMCLOUD.txt'))).status).toBe('ok');
    const line = '0505-126 alt_disk_install- target disk hdisk2 has a volume group assigned to it.';
    expect(summarizeBackupRun(1, run('alt_disk', line))).toEqual({ status: 'failed', messages: [line] });
  });
});

describe('samples found after the reference (test/fixtures/aix/*.sample.*)', () => {
  it('0516-1164 from a chvg that worked is informational, its space-indented continuation with it', () => {
    const s = run('restvg', fixture('chvg.sample.NODEJS73.txt'));
    expect(s.numbers).toEqual(['0516-1164']);
    expect(summarizeBackupRun(0, s)).toEqual({ status: 'ok', messages: [] });
    const lines = fixture('chvg.sample.NODEJS73.txt').split('\n');
    const st = newClassifier('restvg');
    expect(lines.slice(0, 2).map((l) => classifyLine(st, l))).toEqual(['info', 'continuation']);
  });

  it('0516-1254 inside a restvg that worked leaves it ok, with no warning', () => {
    const out = `${fixture('restvg-stdout.5.2.S-IBMMOD.txt')}0516-1254 mkvg: Changing the PVID in the ODM.\ndatavg\n`;
    expect(summarizeBackupRun(0, run('restvg', out))).toEqual({ status: 'ok', messages: [] });
  });

  it('extendvg: info, then an error whose 8-space continuation lines stay with it, then the summary error', () => {
    const text = fixture('extendvg.sample.NODEJS73.txt');
    const lines = text.split('\n');
    const r = summarizeBackupRun(1, run('restvg', text));
    expect(r).toEqual({ status: 'failed', messages: [lines[1], ...lines.slice(2, 6), lines[6]] });
    expect(summarizeBackupRun(0, run('restvg', text)).status).toBe('failed');
  });

  it('0516-404 with tab continuations (chfs), and cut short inside alt_disk_copy stdout (rc 1)', () => {
    const chfs = fixture('chfs.sample.NODEJS73.txt').trimEnd().split('\n');
    expect(summarizeBackupRun(1, run('alt_disk', chfs.join('\n')))).toEqual({ status: 'failed', messages: chfs });
    const alt = fixture('alt_disk_copy.sample.IBM-ISS278.txt').trimEnd().split('\n');
    expect(summarizeBackupRun(1, run('alt_disk', alt.join('\n')))).toEqual({ status: 'failed', messages: alt.slice(4) });
  });

  it('0516-1396 wrapped onto an unindented line keeps both lines', () => {
    const text = fixture('lspv-disk.sample.NODEJS73.txt');
    expect(summarizeBackupRun(1, run('restvg', text))).toEqual({ status: 'failed', messages: text.trimEnd().split('\n') });
  });

  it('the LVM errors of the chef cookbook are errors even with rc 0', () => {
    for (const line of fixture('lvm-errors.sample.CHEF-AIX.txt').trimEnd().split('\n')) {
      const r = summarizeBackupRun(0, run('restvg', line));
      expect(r.status, line).toBe('failed');
      expect(r.messages).toEqual(['restvg exited with return code 0 but reported errors:', line]);
    }
  });

  it('old wording of 0512-005 (AIX 3.2) is still failed: the number decides, not the text', () => {
    const r = summarizeBackupRun(0, run('backup', fixture('mksysb-old.sample.TECHLIB-G5146L.txt')));
    expect(r.status).toBe('failed');
    expect(r.messages).toContain('0512-005 mksysb: problems in making system backup');
    expect(r.messages).toContain('0511-171 tar: reached end of media');
  });

  it("backup's numbered errors follow the program name, so they are the backup's stderr, not a message number", () => {
    const s = run('backup', fixture('multibos-backup.sample.APAR-IV88407.txt'));
    expect(s.numbers).toEqual([]);
    expect(summarizeBackupRun(0, s).status).toBe('unconfirmed');
  });
});

describe('unknown numbers', () => {
  it('with rc 0 a restvg or alt_disk run stays ok, with a warning that names the line', () => {
    for (const kind of ['restvg', 'alt_disk'] as const) {
      const r = summarizeBackupRun(0, run(kind, '0516-9999 mkvg: Something new.\n\tmore of it\ndatavg\n'));
      expect(r.status).toBe('ok');
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings![0]).toContain('0516-9999 mkvg: Something new. \tmore of it');
    }
  });

  it('with rc 0 a backup that also said 0512-038 is ok, with the warning', () => {
    const r = summarizeBackupRun(0, run('backup', '0511-999 backup: new text\n0512-038 savevg: Backup Completed Successfully.\n'));
    expect(r.status).toBe('ok');
    expect(r.warnings![0]).toContain('0511-999 backup: new text');
  });

  it('with a non-zero rc they fail the run', () => {
    expect(summarizeBackupRun(2, run('restvg', '0516-9999 mkvg: Something new.\n'))).toEqual({ status: 'failed', messages: ['0516-9999 mkvg: Something new.'] });
  });

  it('a listing line after a message is never taken for its continuation', () => {
    const s = newClassifier('restvg');
    classifyLine(s, '0516-9999 mkvg: Something new');
    expect(classifyLine(s, '       x           11 ./tmp/vgdata/datavg/image.info')).toBe('other');
  });
});
