import { DataSourceInstanceSettings, PluginType } from '@grafana/data';
import { DemoDataSource } from './datasource';

/** The demo data source as provisioned (provisioning/datasources/demo.yaml). */
export const DEMO_DATASOURCE_REF = { type: 'driftline-demo-datasource', uid: 'driftline-demo' };

export const DEMO_INSTANCE_SETTINGS = {
  id: 1,
  ...DEMO_DATASOURCE_REF,
  name: 'Driftline demo',
  access: 'proxy',
  readOnly: true,
  jsonData: {},
  meta: { id: DEMO_DATASOURCE_REF.type, name: 'Driftline demo', type: PluginType.datasource },
} as unknown as DataSourceInstanceSettings;

/** The demo data source as Grafana creates it from its provisioned settings. */
export function createDemoDataSource(): DemoDataSource {
  return new DemoDataSource(DEMO_INSTANCE_SETTINGS);
}
