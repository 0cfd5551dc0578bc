// The size of what Ansible copies to every host for every task: the one-file module, and where its
// bytes go: each layer's share of the minified bundle (esbuild's metafile, written by the build to
// dist/sizes/), the loader around it, and the largest single files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MODULE, PYTHON_PAYLOAD_BYTES, ROOT } from './env';

export interface Part {
  name: string;
  bytes: number;
}

export interface SizeFigures {
  bytes: number;
  /** Over the Python module's AnsiballZ payload. */
  ratio: number;
  /** The minified bundle by layer (lib/backup, lib/aix, generated, ...), largest first; empty without dist/sizes. */
  layers: Part[];
  /** The file around the bundle: shebang, loader, the comment that holds the code. */
  loaderBytes: number | null;
  /** The largest source files in the bundle. */
  largest: Part[];
}

interface BundleSizes {
  bundleBytes: number;
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
  const bytes = statSync(MODULE).size;
  const figures = { bytes, ratio: bytes / PYTHON_PAYLOAD_BYTES };
  const sizesFile = join(ROOT, 'dist/sizes/backup.json');
  if (!existsSync(sizesFile)) return { ...figures, layers: [], loaderBytes: null, largest: [] };
  const sizes = JSON.parse(readFileSync(sizesFile, 'utf8')) as BundleSizes;
  const layers = new Map<string, number>();
  for (const [path, n] of Object.entries(sizes.inputs)) layers.set(layerOf(path), (layers.get(layerOf(path)) ?? 0) + n);
  // What no input accounts for: esbuild's module wrappers and the bundle's own glue.
  const inBundle = Object.values(sizes.inputs).reduce((a, b) => a + b, 0);
  if (sizes.bundleBytes > inBundle) layers.set('(bundle glue)', sizes.bundleBytes - inBundle);
  return {
    ...figures,
    layers: sorted(layers),
    loaderBytes: bytes - sizes.bundleBytes,
    largest: sorted(new Map(Object.entries(sizes.inputs))).slice(0, largest),
  };
}
