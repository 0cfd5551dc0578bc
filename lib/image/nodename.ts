// The LPAR's host name, which names the images of a directory location
// (`<host>.<vg>.<UTC timestamp>.<kind>`) and their lock. What matters is that LPARs writing to
// one NFS directory never share a name, and that one LPAR keeps its name from run to run.
//
// - On the LPAR itself (AIX_ROOT "/"): gethostname(2), which os.hostname() calls. That is the
//   nodename `uname -n` prints and mksysb/savevg record in the image header (UNAME INFO), and the
//   hosts of a fleet have distinct ones. It is known before anything is written, so the lock and
//   the final name come from the same value.
// - Under another AIX_ROOT (a simulated or alternate LPAR) the machine running Node is not that
//   LPAR, and every simulated LPAR on it would get the same name. The LPAR's own record of its
//   nodename is then read: UNAME_INFO in its /image.data (written by mkszfile, as real AIX does).
//   It is not used on a real LPAR because an LPAR installed from another's mksysb keeps that
//   host's /image.data until mksysb -i runs again.
// The header of every new image is checked against the name used (see lib/create/dated.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstStanzaValue } from '../aix/parse/stanza';
import { fail, ok, type Result } from '../result';

export type Nodename = Result<string>;

/** Characters AIX allows in a host name; anything else would make a strange file name. */
const VALID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** gethostname(2). node:os is loaded on first use: a no-op under AIX_ROOT never needs it, and loading it costs some 0.3 ms of start-up. */
export function gethostname(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily, see above
  const { hostname } = require('node:os') as typeof import('node:os');
  return hostname();
}

export function lparNodename(aixRoot: string): Nodename {
  const name = aixRoot === '/' ? gethostname() : fromImageData(aixRoot);
  if (name === null) {
    return fail(`Cannot tell the host name of the LPAR under AIX_ROOT ${aixRoot}: its /image.data has no UNAME_INFO; run mksysb -i there once, or give location as a file.`);
  }
  if (!VALID.test(name)) return fail(`The host name "${name}" cannot name an image file; give location as a file.`);
  return ok(name);
}

function fromImageData(aixRoot: string): string | null {
  let text: string;
  try {
    text = readFileSync(join(aixRoot, 'image.data'), 'utf8');
  } catch {
    return null;
  }
  const uname = firstStanzaValue(text, 'image_data', 'UNAME_INFO');
  // `AIX nodename release version machine-id`, as `uname -a` prints it.
  return uname?.split(/\s+/)[1] ?? null;
}
