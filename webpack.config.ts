import CopyWebpackPlugin from 'copy-webpack-plugin';
import webpack, { type Configuration } from 'webpack';
import { merge } from 'webpack-merge';
import { copyFilePatterns } from './.config/bundler/copyFiles';
import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

// The scaffold copies every JSON under src/; test fixtures are not part of the plugin.
for (const pattern of copyFilePatterns as Array<{ from: string; globOptions?: { ignore?: string[] } }>) {
  if (pattern.from === '**/*.json') {
    pattern.globOptions = { ignore: ['**/__fixtures__/**', '**/*.test.json'] };
  }
}

// Nested panels and the nested data source are served from their own plugin path in Grafana, where
// chunks the app emits would 404. Keep every entry a single file and copy each nested plugin's logo.
const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return merge(baseConfig, {
    plugins: [
      new webpack.optimize.LimitChunkCountPlugin({ maxChunks: 1 }),
      new CopyWebpackPlugin({
        patterns: [{ from: '{panels,datasources}/*/img/*', to: '.' }],
      }),
    ],
  });
};

export default config;
