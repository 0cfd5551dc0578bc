// Which LPAR made an image. A name or a directory proves nothing (anyone who can write there can
// plant one, and two LPARs may share a host name); the image's own header does: its UNAME INFO
// names the host and the machine ID of the LPAR that ran mksysb/savevg. An image counts as this
// LPAR's, for idempotence and for retention, only when both match this LPAR's.
//
// This LPAR's identity:
// - AIX_ROOT "/": gethostname(2) and `uname -m` (Node's os.machine() says "ppc64" on AIX, never
//   the machine ID). uname runs at most once per run, and only when an image whose header names
//   this host must be judged: an image this LPAR made itself, unchanged since, is known from its
//   record, and one of another host name needs no machine ID to be told apart.
// - another AIX_ROOT (a simulated or alternate LPAR): UNAME_INFO of that LPAR's /image.data,
//   as lparNodename reads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../aix/parse/listvgbackup';
import { firstStanzaValue } from '../aix/parse/stanza';
import type { Io } from '../engine/io';
import { fail, ok, type Result } from '../result';
import { gethostname } from './nodename';

export interface LparIdentity {
  host: string;
  machineId: string;
}

export type Identity = Result<LparIdentity>;

/** This LPAR's identity, read once per run when first needed. */
export interface IdentitySource {
  /** The host name when it costs nothing to know (no command): enough to tell most images apart. */
  cheapHost(): string | null;
  full(): Promise<Identity>;
}

export function identityOnce(io: Io): IdentitySource {
  let cached: Promise<Identity> | null = null;
  return {
    cheapHost: () => (io.aixRoot === '/' ? gethostname() : null),
    full: () => (cached ??= readIdentity(io)),
  };
}

async function readIdentity(io: Io): Promise<Identity> {
  if (io.aixRoot !== '/') return fromImageData(io.aixRoot);
  const run = await io.run('uname', ['-m']);
  const machineId = run.stdout.trim();
  if (run.rc !== 0 || !/^\w+$/.test(machineId)) {
    return fail(`Cannot tell this LPAR's machine ID: uname -m ${run.rc !== 0 ? `exited with ${run.rc}` : `printed "${machineId}"`}.`);
  }
  return ok({ host: gethostname(), machineId });
}

function fromImageData(aixRoot: string): Identity {
  const file = join(aixRoot, 'image.data');
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // handled below: no UNAME_INFO
  }
  const words = firstStanzaValue(text, 'image_data', 'UNAME_INFO')?.split(/\s+/) ?? [];
  const [host, machineId] = [words[1], words[4]];
  if (host === undefined || machineId === undefined) {
    return fail(`Cannot tell which LPAR is under AIX_ROOT ${aixRoot}: ${file} has no UNAME_INFO with a host name and machine ID; run mksysb -i there once.`);
  }
  return ok({ host, machineId });
}

/** How an image's header names its LPAR, for messages: "lpar2 (machine ID 00C8...)". */
export function originOf(info: BackupInfo): string {
  if (info.hostname === null) return 'an unknown LPAR (the header has no UNAME INFO)';
  return `${info.hostname} (machine ID ${info.machineId ?? 'unknown'})`;
}

/** True when the header names this very LPAR: host name and machine ID both. */
export function madeBy(info: BackupInfo, me: LparIdentity): boolean {
  return info.hostname === me.host && info.machineId !== null && info.machineId.toUpperCase() === me.machineId.toUpperCase();
}

export type Provenance = Result<{ ours: boolean; origin: string }>;

/**
 * Whether this LPAR made an image. `madeHere` is the image record's word that this LPAR wrote
 * this very file (same inode, ctime... since): then no identity needs to be read.
 */
export async function provenanceOf(info: BackupInfo, madeHere: boolean, identity: IdentitySource): Promise<Provenance> {
  if (madeHere) return ok({ ours: true, origin: originOf(info) });
  const host = identity.cheapHost();
  if (host !== null && info.hostname !== host) return ok({ ours: false, origin: originOf(info) });
  const me = await identity.full();
  if (!me.ok) return me;
  return ok({ ours: madeBy(info, me.value), origin: originOf(info) });
}

/**
 * For create at a file location: null when the image there may satisfy this LPAR's create (or
 * there is none), otherwise why not, naming the LPAR that made it. An image of another LPAR is
 * never this LPAR's backup, and without force it is not overwritten either.
 */
export async function foreignImage(location: string, info: BackupInfo | null, madeHere: boolean, identity: IdentitySource): Promise<string | null> {
  if (info === null) return null;
  const origin = await provenanceOf(info, madeHere, identity);
  if (!origin.ok) return `${origin.msg} Nothing was touched: it decides whether the image at ${location} is this LPAR's.`;
  if (origin.value.ours) return null;
  return `${location} holds an image made on another LPAR, ${origin.value.origin}; it is not this LPAR's backup and nothing was touched. Choose another location, or set force: true to replace it.`;
}
