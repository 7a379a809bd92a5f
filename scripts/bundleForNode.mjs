// Bundles a TypeScript entry for Node with esbuild, as the benchmarks and the command-line tools run:
// the same sources the plugin ships, with node_modules left to Node.
import { build } from 'esbuild';

export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
}
