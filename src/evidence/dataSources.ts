import { getDataSourceSrv } from '@grafana/runtime';
import { EvidenceDataSources } from './queries';

/** Grafana's data source service, as the plugin runs in Grafana (and the playground provides it). */
export function grafanaDataSources(): EvidenceDataSources {
  return {
    get: (ref) => getDataSourceSrv().get(ref) as unknown as ReturnType<EvidenceDataSources['get']>,
  };
}
