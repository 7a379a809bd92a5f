import type { DataSourceSrv } from '@grafana/runtime';
import { createDemoDataSource, DEMO_INSTANCE_SETTINGS } from '../src/datasources/demo/instance';

/**
 * Grafana's data source service as the playground provides it: the Driftline demo data source (also the
 * default), as provisioned in Grafana. Any other data source is not there, as in a Grafana without it.
 */
export function playgroundDataSources(): DataSourceSrv {
  const demo = createDemoDataSource();
  const settings = DEMO_INSTANCE_SETTINGS;
  const isDemo = (ref: unknown) => {
    if (ref === undefined || ref === null) {
      return true;
    }
    if (typeof ref === 'string') {
      return ref === settings.uid || ref === settings.name;
    }
    const { uid, type } = ref as { uid?: string; type?: string };
    return uid === settings.uid || (uid === undefined && type === settings.type);
  };
  const describe = (ref: unknown) => (typeof ref === 'string' ? ref : JSON.stringify(ref));
  const service = {
    get: async (ref?: unknown) => {
      if (!isDemo(ref)) {
        throw new Error(`Data source ${describe(ref)} was not found: the playground has only the Driftline demo`);
      }
      return demo;
    },
    getList: () => [settings],
    getInstanceSettings: (ref?: unknown) => (isDemo(ref) ? settings : undefined),
    reload: async () => {},
    registerRuntimeDataSource: () => {},
  };
  return service as unknown as DataSourceSrv;
}
