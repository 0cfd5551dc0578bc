// Builds every shipped artefact: the Ansible modules as single files, the simulator, and the
// collection tree. Run with `npm run build`.
import { build, type Metafile } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generateValidators } from './gen-validators';
import { moduleFile } from './module-loader';
import { STREAMING_NODE_FLAGS } from '../sim/install';
import { cacheFile, simLoader, wrapCode, writeSimCache } from './sim-loader';

const root = join(__dirname, '..');

// ansible-core rewrites /usr/bin/node in this shebang from ansible_node_interpreter. No V8 flag
// follows it: with any flag on the command line, Node.js compiles each built-in module it loads
// (fs, vm, path, child_process) from source instead of taking it from its own code cache, a cost
// every start would pay; the runner turns on what it needs at run time (lib/aix/run/reclaim.ts).
// ansible-core runs the file as a jsonargs module (the marker in the loader, module-loader.ts):
// the arguments come inside the file, so no arguments file is sent, and pipelining works.
// WANT_JSON stays: ansible-core looks for the jsonargs marker first, so it changes nothing there,
// and a runner that knows only WANT_JSON still passes an arguments file, which the module reads.
// esbuild drops ordinary comments, so WANT_JSON must come in through the banner.
const MODULE_SHEBANG = '#!/usr/bin/node';
const MODULE_BANNER = `${MODULE_SHEBANG}\n// WANT_JSON`;

async function buildModules(): Promise<string[]> {
  const names = readdirSync(join(root, 'modules'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  for (const name of names) {
    const outfile = join(root, 'dist/modules', `${name}.js`);
    const bundled = await build({
      entryPoints: [join(root, 'modules', `${name}.ts`)],
      write: false,
      bundle: true,
      platform: 'node',
      target: 'node18',
      format: 'cjs',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      metafile: true,
    });
    mkdirSync(dirname(outfile), { recursive: true });
    const [bundle] = bundled.outputFiles;
    if (!bundle) throw new Error(`esbuild wrote no output for modules/${name}.ts`);
    writeFileSync(outfile, moduleFile(MODULE_BANNER, name, bundle.text));
    chmodSync(outfile, 0o755);
    writeBundleSizes(name, bundle.text.length, bundled.metafile);
  }
  return names;
}

/**
 * dist/sizes/<name>.json: the bytes each source file left in the minified bundle (esbuild's
 * metafile), for bench/size.ts to say where a module file's bytes go.
 */
function writeBundleSizes(name: string, bundleBytes: number, meta: Metafile): void {
  const inputs: Record<string, number> = {};
  for (const output of Object.values(meta.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) inputs[path] = (inputs[path] ?? 0) + input.bytesInOutput;
  }
  const file = join(root, 'dist/sizes', `${name}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ bundleBytes, inputs }, null, 1)}\n`);
}

async function buildSimulator(): Promise<void> {
  const entry = join(root, 'sim/aix-sim.ts');
  if (!existsSync(entry)) return;
  const dir = join(root, 'dist/sim');
  const [SIM_CODE, SIM_CACHE] = ['aix-sim-code.js', 'aix-sim.cache'];
  const bundled = await build({
    entryPoints: [entry],
    write: false,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    // Whitespace and syntax only: names stay, so a stack trace from the simulator still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  const [bundle] = bundled.outputFiles;
  if (!bundle) throw new Error('esbuild wrote no output for sim/aix-sim.ts');
  mkdirSync(dir, { recursive: true });
  const codeFile = join(dir, SIM_CODE);
  writeFileSync(codeFile, wrapCode(bundle.text));
  const entryFile = join(dir, 'aix-sim.js');
  writeFileSync(entryFile, simLoader(SIM_CODE, SIM_CACHE));
  chmodSync(entryFile, 0o755);
  // One cache per set of flags the wrappers pass (sim/install.ts).
  for (const flags of [[], STREAMING_NODE_FLAGS]) {
    const failed = writeSimCache(codeFile, join(dir, cacheFile(SIM_CACHE, flags)), flags);
    if (failed) process.stderr.write(`build: ${failed}; the simulator compiles its code at every start\n`);
  }
}

async function main(): Promise<void> {
  generateValidators();
  const modules = await buildModules();
  await buildSimulator();
  const collection = join(root, 'scripts/build-collection.ts');
  if (existsSync(collection)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(collection) as { buildCollection: (names: string[]) => void }).buildCollection(modules);
  }
  process.stdout.write(`built: ${modules.map((m) => `dist/modules/${m}.js`).join(', ')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
