import { describe, expect, it } from 'vitest';
import { parseAixDate } from '../../lib/aix/parse/aixdate';

describe('parseAixDate', () => {
  it.each([
    ['Thu Dec 16 00:38:18 UTC 2021', '2021-12-16T00:38:18Z'],
    ['Mon Apr 3 13:56:22 CDT 2023', '2023-04-03T13:56:22-05:00'],
    ['Mon Apr  3 13:56:22 CDT 2023', '2023-04-03T13:56:22-05:00'],
    ['Fri Dec  2 14:43:17 EST 2016', '2016-12-02T14:43:17-05:00'],
    ['Tue Jun 10 18:25:56 CEST 2014', '2014-06-10T18:25:56+02:00'],
    ['Wed Mar 27 23:07:10 GMT 2013', '2013-03-27T23:07:10Z'],
    ['Sat Jan  1 09:00:00 JST 2022', '2022-01-01T09:00:00+09:00'],
    ['Sat Jan  1 09:00:00 ACST 2022', '2022-01-01T09:00:00+09:30'],
    ['Sun Jul  4 12:00:00 PDT 2021', '2021-07-04T12:00:00-07:00'],
    ['Thu Feb 29 01:02:03 CST 2024', '2024-02-29T01:02:03-06:00'],
  ])('%s -> %s', (text, iso) => {
    expect(parseAixDate(text)).toBe(iso);
  });

  it('gives the same instant as JavaScript for an offset zone', () => {
    expect(new Date(parseAixDate('Mon Apr 3 13:56:22 CDT 2023')!).toISOString()).toBe('2023-04-03T18:56:22.000Z');
  });

  it.each([
    ['unknown zone', 'Thu Dec 16 00:38:18 XYZT 2021'],
    ['ambiguous IST', 'Thu Dec 16 00:38:18 IST 2021'],
    ['no zone (restore %c)', 'Thu Aug  6 03:53:53 2020'],
    ['impossible day', 'Fri Feb 30 01:00:00 UTC 2024'],
    ['non-leap Feb 29', 'Thu Feb 29 01:00:00 UTC 2023'],
    ['hour 24', 'Thu Dec 16 24:00:00 UTC 2021'],
    ['bad month', 'Thu Foo 16 00:38:18 UTC 2021'],
    ['garbage', 'yesterday'],
    ['empty', ''],
  ])('%s -> null', (_why, text) => {
    expect(parseAixDate(text)).toBeNull();
  });
});
