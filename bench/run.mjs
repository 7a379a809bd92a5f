// Runs every bench/*.bench.ts (or the ones named on the command line) in its own Node process.
// Each file is bundled with esbuild first so benchmarks run the same TypeScript sources the plugin ships.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundleForNode } from '../scripts/bundleForNode.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(benchDir, '.out');
mkdirSync(outDir, { recursive: true });

const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await bundleForNode(path.join(benchDir, file), outfile);
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', outfile], {
    stdio: 'inherit',
    cwd: path.dirname(benchDir),
  });
  if (result.status !== 0) {
    failed++;
    console.log(`${file}: FAILED (exit ${result.status})`);
  }
}
console.log(`\n${files.length - failed} benchmarks met their targets, ${failed} did not`);
process.exit(failed ? 1 : 0);
