import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './ConfigEditor';
import { DemoDataSource } from './datasource';
import { QueryEditor } from './QueryEditor';
import type { DemoQuery } from './types';

export const plugin = new DataSourcePlugin<DemoDataSource, DemoQuery>(DemoDataSource)
  .setQueryEditor(QueryEditor)
  .setConfigEditor(ConfigEditor);
