import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Text } from '@grafana/ui';
import { testIds } from '../../testIds';

export function ConfigEditor(_props: DataSourcePluginOptionsEditorProps) {
  return (
    <Alert severity="info" title="No settings needed" data-testid={testIds.demoConfig}>
      <Text element="p">
        This data source replays Driftline&apos;s three demo incidents (a slow CTR decline, a latency spike caused by a
        GC storm, and a chatbot outage) with metrics, raw samples, histogram buckets, logs, traces and change
        annotations. Everything is generated in the browser from a fixed seed and anchored to the current time, so each
        incident sits at the right edge of its dashboard.
      </Text>
      <Text element="p">
        Pick a scenario and a signal in the query editor, or open the dashboards in the Driftline folder.
      </Text>
    </Alert>
  );
}
