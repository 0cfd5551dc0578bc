/**
 * A time as ISO 8601 text in UTC, the same text Date.prototype.toISOString gives. Node.js's
 * toISOString looks up the host's local time zone first (ICU reads /etc/localtime and follows its
 * links), ~0.8 ms of a run's start-up that buys nothing: the text is UTC either way. The UTC
 * getters never ask for the zone.
 */
export function isoTime(date: Date = new Date()): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  const year = date.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(Math.abs(year), 6)}`;
  const day = `${yearText}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  return `${day}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
