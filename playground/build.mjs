// Bundles the playground (React, @grafana/ui and the plugin's panels) into playground/dist.
// The playground is never part of the plugin's dist/.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
export const outDir = path.join(here, 'dist');

export async function buildPlayground({ minify = false } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'main.tsx')],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify,
    sourcemap: 'linked',
    jsx: 'automatic',
    loader: { '.svg': 'file', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file' },
    define: { 'process.env.NODE_ENV': minify ? '"production"' : '"development"', global: 'window' },
    nodePaths: [path.join(root, 'src')],
    logLevel: 'warning',
  });
  cpSync(path.join(here, 'index.html'), path.join(outDir, 'index.html'));
  copyGrafanaIcons(outDir);
  // Grafana's GlobalStyles load Inter from public/fonts; @grafana/ui does not ship the files.
  const fonts = path.join(outDir, 'public/fonts/inter');
  mkdirSync(fonts, { recursive: true });
  const inter = path.join(root, 'node_modules/@fontsource/inter/files');
  cpSync(path.join(inter, 'inter-latin-400-normal.woff2'), path.join(fonts, 'Inter-Regular.woff2'));
  cpSync(path.join(inter, 'inter-latin-500-normal.woff2'), path.join(fonts, 'Inter-Medium.woff2'));
  cpSync(path.join(inter, 'inter-latin-400-italic.woff2'), path.join(fonts, 'Inter-Italic.woff2'));
  cpSync(path.join(inter, 'inter-latin-500-italic.woff2'), path.join(fonts, 'Inter-MediumItalic.woff2'));
  // …and Roboto Mono (the monospace of offsets and code), under the file name Grafana's build gives it.
  const roboto = path.join(outDir, 'public/fonts/roboto');
  mkdirSync(roboto, { recursive: true });
  cpSync(
    path.join(root, 'node_modules/@fontsource/roboto-mono/files/roboto-mono-latin-400-normal.woff2'),
    path.join(roboto, 'L0xTDF4xlVMF-BfR8bXMIhJHg45mwgGEFl0_3vrtSM1J-gEPT5Ese6hmHSh0mQ.woff2')
  );
}

/**
 * @grafana/ui fetches its icons at run time from public/build/img/icons: copies them from the given
 * @grafana/ui package into `outDir`, with the two Grafana serves from its own build.
 */
export function copyGrafanaIcons(outDir, uiPackageDir = path.join(root, 'node_modules/@grafana/ui')) {
  const icons = path.join(outDir, 'public/build/img');
  cpSync(path.join(uiPackageDir, 'dist/public/img'), icons, { recursive: true });
  // Grafana serves this icon from its own build; @grafana/ui's package ships only its mirror image.
  const unicons = path.join(icons, 'icons/unicons');
  const right = readFileSync(path.join(unicons, 'angle-double-right.svg'), 'utf8');
  writeFileSync(
    path.join(unicons, 'angle-double-left.svg'),
    right.replace(/<svg([^>]*)>/, '<svg$1><g transform="matrix(-1 0 0 1 24 0)">').replace('</svg>', '</g></svg>')
  );
  // The loading spinner is another icon of Grafana's own build: a three-quarter ring (the Icon spins it).
  writeFileSync(
    path.join(unicons, 'spinner.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2a10 10 0 1 0 10 10h-2a8 8 0 1 1-8-8z"/></svg>\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPlayground({ minify: process.argv.includes('--minify') });
  console.log(`playground built in ${path.relative(root, outDir)}`);
}
