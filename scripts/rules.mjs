// `npm run --silent rules -- --help`: bundles scripts/rules/cli.ts (and the src/rules generator it uses)
// with esbuild, as the benchmarks are, then runs it. stdout carries only the rule file.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { bundleForNode } from './bundleForNode.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, 'node_modules', '.cache', 'driftline', 'rules-cli.mjs');

await bundleForNode(path.join(root, 'scripts', 'rules', 'cli.ts'), outfile);
const { runRulesCli } = await import(pathToFileURL(outfile).href);
const status = await runRulesCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  now: () => Date.now(),
});
process.exitCode = status;
