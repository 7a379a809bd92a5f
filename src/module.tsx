import React, { lazy, Suspense } from 'react';
import { AppPlugin, AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { investigateLink } from './extensions/investigateLink';
import type { AppConfigProps } from './pages/AppConfigPage';
import { AppSettings } from './types';

// The app's pages load when first opened, as create-plugin's template does: they are chunks of this module
// only, served from the app's own path. The nested panels and data source import nothing lazily, so each stays
// one file (a chunk requested under a nested plugin's path would 404).
const LazyApp = lazy(() => import('./app/App').then((module) => ({ default: module.App })));
const LazyAppConfig = lazy(() => import('./pages/AppConfigPage').then((module) => ({ default: module.AppConfigPage })));

function App(props: AppRootProps<AppSettings>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="" />}>
      <LazyApp {...props} />
    </Suspense>
  );
}

function AppConfig(props: AppConfigProps) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="" />}>
      <LazyAppConfig {...props} />
    </Suspense>
  );
}

export const plugin = new AppPlugin<AppSettings>()
  .setRootPage(App)
  .addConfigPage({
    title: 'Configuration',
    icon: 'cog',
    body: AppConfig,
    id: 'configuration',
  })
  // Every panel's menu opens the incidents of its dashboard and time range.
  .addLink(investigateLink);
