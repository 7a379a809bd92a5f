// Bundles the simulator (and the demo scenarios it plays) into simulator/dist/simulator.mjs with
// esbuild, like bench/run.mjs does for benchmarks. `node simulator/build.mjs --run -- <flags>` also starts it.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const simulatorDir = path.dirname(fileURLToPath(import.meta.url));
const outfile = path.join(simulatorDir, 'dist', 'simulator.mjs');

await build({
  entryPoints: [path.join(simulatorDir, 'src', 'cli.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Self-contained, so the Docker image needs no node_modules. Some bundled CommonJS calls require().
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'error',
});

const args = process.argv.slice(2);
if (args[0] === '--run') {
  const flags = args.slice(args[1] === '--' ? 2 : 1);
  const child = spawn(process.execPath, [outfile, ...flags], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`built ${path.relative(process.cwd(), outfile)}`);
}
