// Text helpers for AIX fixed-column output.

/** Left-justify `s` in `width` columns; an over-long value is followed by one space. */
export const col = (s: string | number, width: number): string => {
  const t = String(s);
  return t.length < width ? t.padEnd(width) : `${t} `;
};

/** Join fixed-width columns; the last value is printed as-is. */
export const row = (cells: Array<string | number>, widths: number[]): string =>
  cells.map((c, i) => (i < widths.length ? col(c, widths[i]!) : String(c))).join('');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/**
 * `date` output in the C locale: `Thu Aug  6 03:53:53 UTC 2020` (day padded to 2 with a space).
 * The LPAR runs in UTC; without a time zone it is the `%c` form restore prints.
 */
export function aixDate(d: Date, withZone = true): string {
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const day = String(d.getUTCDate()).padStart(2, ' ');
  const zone = withZone ? ' UTC' : '';
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${time}${zone} ${d.getUTCFullYear()}`;
}

/** Five region counts joined by `..` (outer edge .. inner edge), as lsvg -p / lspv -l print. */
export function distribution(pps: number, width = 2): string {
  const base = Math.floor(pps / 5);
  const parts = [0, 1, 2, 3, 4].map((i) => base + (i < pps % 5 ? 1 : 0));
  return parts.map((n) => String(n).padStart(width, '0')).join('..');
}
