import CopyWebpackPlugin from 'copy-webpack-plugin';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import { type Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import { copyFilePatterns } from './.config/bundler/copyFiles';
import { DIST_DIR } from './.config/bundler/constants';
import { getPackageJson } from './.config/bundler/utils';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';
import { absoluteReadmeLinks, releaseRef, repositoryWebUrl } from './scripts/catalogReadme';

type CopyPattern = {
  from: string;
  to?: string;
  globOptions?: { ignore?: string[] };
  transform?: (content: Buffer) => string;
};
const patterns = copyFilePatterns as CopyPattern[];

const packageJson = getPackageJson();
const repositoryUrl = repositoryWebUrl(packageJson.repository);

// The catalog's screenshots are the README's: one copy in docs/screenshots, shipped as img/screenshots/.
const SCREENSHOTS = 'img/screenshots/';

for (const pattern of patterns) {
  // The scaffold copies every JSON under src/; test fixtures are not part of the plugin.
  if (pattern.from === '**/*.json') {
    pattern.globOptions = { ignore: ['**/__fixtures__/**', '**/*.test.json'] };
  }
  // The README is the catalog page: its relative links would be broken there.
  if (/(^|\/)README\.md$/.test(pattern.from)) {
    pattern.transform = (content) =>
      absoluteReadmeLinks(content.toString('utf8'), repositoryUrl, releaseRef(packageJson.version));
  }
}
// In place: the scaffold hands this very array to its CopyWebpackPlugin.
for (let index = patterns.length - 1; index >= 0; index--) {
  if (patterns[index].from.startsWith(SCREENSHOTS)) {
    patterns.splice(index, 1);
  }
}

// Nested panels and the nested data source are served from their own plugin path in Grafana, where a chunk
// would 404: they import nothing lazily, and only the app's own module (its pages, loaded when opened) has
// chunks, named `pages/…` and loaded from the app's path. Each nested plugin's logo is copied too.
const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return merge(baseConfig, {
    output: {
      chunkFilename: env.production ? 'pages/[name].js?_cache=[contenthash]' : 'pages/[name].js',
    },
    plugins: [
      new CopyWebpackPlugin({
        patterns: [
          { from: '{panels,datasources}/*/img/*', to: '.' },
          { from: '../docs/screenshots/*.png', to: `${SCREENSHOTS}[name][ext]` },
        ],
      }),
      // Links in plugin.json (info.links) name the same repository as the README's.
      new ReplaceInFileWebpackPlugin([
        {
          dir: DIST_DIR,
          test: [/(^|\/)plugin\.json$/],
          rules: [{ search: /%REPOSITORY_URL%/g, replace: repositoryUrl }],
        },
      ]),
    ],
  });
};

export default config;
