import CopyWebpackPlugin from 'copy-webpack-plugin';
import { type Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import { copyFilePatterns } from './.config/bundler/copyFiles';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

// The scaffold copies every JSON under src/; test fixtures are not part of the plugin.
for (const pattern of copyFilePatterns as Array<{ from: string; globOptions?: { ignore?: string[] } }>) {
  if (pattern.from === '**/*.json') {
    pattern.globOptions = { ignore: ['**/__fixtures__/**', '**/*.test.json'] };
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
        patterns: [{ from: '{panels,datasources}/*/img/*', to: '.' }],
      }),
    ],
  });
};

export default config;
