import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../lib/image/duration';

describe('max_age durations', () => {
  it.each([
    ['30m', 1800], ['12h', 43200], ['1d', 86400], ['2w', 1209600], ['90', 90], ['45s', 45], [' 3 days ', 259200],
  ])('%j is %d s', (text, seconds) => expect(parseDuration(text)).toBe(seconds));

  it('refuses what it cannot read', () => {
    expect(parseDuration('2x')).toBeNull();
    expect(parseDuration('')).toBeNull();
    // The schemas' pattern is lower case: 1H never reaches the parser, which reads the same grammar.
    expect(parseDuration('1H')).toBeNull();
    expect(parseDuration('3 dogs')).toBeNull();
  });
});
