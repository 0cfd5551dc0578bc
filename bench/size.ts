// The size of what Ansible copies to every host for every task: the one-file module, and where its
// bytes go. The file carries its code compressed (scripts/module-loader.ts), so two figures: the
// file's bytes (the row), and the JavaScript inside it, inflated from the file itself, which each
// layer's share is counted in (esbuild's metafile, written by the build to dist/sizes/, counts
// bytes before compression), with the largest single files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleCode } from '../scripts/module-loader';
import { MODULE, PYTHON_PAYLOAD_BYTES, ROOT } from './env';
import { kb } from './stats';

export interface Part {
  name: string;
  bytes: number;
}

export interface SizeFigures {
  /** The file as shipped. */
  bytes: number;
  /** The minified JavaScript the file's payload inflates to. */
  codeBytes: number;
  /** The payload: that code compressed and base64-encoded. */
  payloadBytes: number;
  /** Over the Python module's AnsiballZ payload. */
  ratio: number;
  /** The minified code by layer (lib/backup, lib/aix, generated, ...), largest first, uncompressed; null without dist/sizes. */
  layers: Part[] | null;
  /** The file around the payload: shebang, loader, the comment that holds it. */
  loaderBytes: number;
  /** The largest source files in the bundle. */
  largest: Part[];
}

interface BundleSizes {
  inputs: Record<string, number>;
}

/** lib/backup/plan.ts -> lib/backup; generated/validators.js -> generated; node_modules/x/... -> node_modules/x. */
function layerOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : (parts[0] ?? path);
}

function sorted(totals: Map<string, number>): Part[] {
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export function measureSize(largest = 12): SizeFigures {
  const file = readFileSync(MODULE);
  const { payload, code } = moduleCode(file);
  const bytes = file.length;
  const figures = { bytes, codeBytes: code.length, payloadBytes: payload.length, loaderBytes: bytes - payload.length, ratio: bytes / PYTHON_PAYLOAD_BYTES };
  const sizesFile = join(ROOT, 'dist/sizes/backup.json');
  if (!existsSync(sizesFile)) return { ...figures, layers: null, largest: [] };
  const sizes = JSON.parse(readFileSync(sizesFile, 'utf8')) as BundleSizes;
  const layers = new Map<string, number>();
  for (const [path, n] of Object.entries(sizes.inputs)) layers.set(layerOf(path), (layers.get(layerOf(path)) ?? 0) + n);
  // What no input accounts for: esbuild's module wrappers, the bundle's own glue and the loader's
  // function around it.
  const inBundle = Object.values(sizes.inputs).reduce((a, b) => a + b, 0);
  if (code.length > inBundle) layers.set('(bundle glue)', code.length - inBundle);
  return {
    ...figures,
    layers: sorted(layers),
    largest: sorted(new Map(Object.entries(sizes.inputs))).slice(0, largest),
  };
}

/** The bench's lines on the file: what it ships, the code inside, and where the code's bytes go. */
export function sizeReport(size: SizeFigures): string[] {
  const lines = [
    `dist/modules/backup.js: ${kb(size.bytes)} = ${size.ratio.toFixed(2)}x the Python module's AnsiballZ payload (${kb(PYTHON_PAYLOAD_BYTES)})`,
    `${kb(size.codeBytes)} of minified code, shipped as ${kb(size.bytes)}: a ${kb(size.payloadBytes)} payload (deflate, base64) and ${kb(size.loaderBytes)} of shebang and loader`,
  ];
  if (size.layers === null) return [...lines, 'dist/sizes/backup.json is missing (written by npm run build): no breakdown'];
  const share = (n: number): string => `${kb(n)} (${((n / size.codeBytes) * 100).toFixed(0)}%)`;
  return [
    ...lines,
    `the code by layer, uncompressed: ${size.layers.map((l) => `${l.name} ${share(l.bytes)}`).join(', ')}`,
    `largest files, uncompressed: ${size.largest.map((l) => `${l.name} ${kb(l.bytes)}`).join(', ')}`,
  ];
}
