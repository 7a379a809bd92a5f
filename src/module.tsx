import { AppPlugin } from '@grafana/data';
import { App } from './app/App';
import { investigateLink } from './extensions/investigateLink';
import { AppConfigPage } from './pages/AppConfigPage';
import { AppSettings } from './types';

// No lazy imports: the nested panels share this build, and chunks requested under a nested plugin's
// path 404 in Grafana.
export const plugin = new AppPlugin<AppSettings>()
  .setRootPage(App)
  .addConfigPage({
    title: 'Configuration',
    icon: 'cog',
    body: AppConfigPage,
    id: 'configuration',
  })
  // Every panel's menu opens the incidents of its dashboard and time range.
  .addLink(investigateLink);
