import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { chooseComboboxOption, provideComboboxLayout } from '../../testing/combobox';
import { testIds } from '../../testIds';
import { createDemoDataSource } from './instance';
import { AnnotationQueryEditor, QueryEditor } from './QueryEditor';
import type { DemoQuery } from './types';

provideComboboxLayout();

const datasource = createDemoDataSource();

function renderEditor(query: DemoQuery, Editor = QueryEditor) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<Editor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery };
}

// Opening the first Combobox menu renders Grafana's floating menu and takes seconds under jsdom on a busy
// machine; give the tests that open one room.
const MENU_TEST_TIMEOUT_MS = 20_000;

describe('QueryEditor', () => {
  test('shows the chosen scenario and signal by their labels', () => {
    renderEditor({ refId: 'A', scenario: 'chatbot-outage', signal: 'logs' });
    expect(screen.getByTestId(testIds.demoQuery.scenario)).toHaveValue('Chatbot outage');
    expect(screen.getByTestId(testIds.demoQuery.signal)).toHaveValue('Logs');
  });

  test('falls back to latency-gc metrics for a new query', () => {
    renderEditor({ refId: 'A' } as DemoQuery);
    expect(screen.getByTestId(testIds.demoQuery.scenario)).toHaveValue('Latency spike (GC storm)');
    expect(screen.getByTestId(testIds.demoQuery.signal)).toHaveValue('Metrics');
  });

  test(
    'choosing another signal changes the query and runs it',
    async () => {
      const query: DemoQuery = { refId: 'A', scenario: 'latency-gc', signal: 'metrics' };
      const { onChange, onRunQuery } = renderEditor(query);

      await chooseComboboxOption(testIds.demoQuery.signal, /^Traces/);

      await waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...query, signal: 'traces' }));
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    },
    MENU_TEST_TIMEOUT_MS
  );

  test(
    'choosing another scenario changes the query and runs it',
    async () => {
      const query: DemoQuery = { refId: 'B', scenario: 'latency-gc', signal: 'samples' };
      const { onChange, onRunQuery } = renderEditor(query);

      await chooseComboboxOption(testIds.demoQuery.scenario, /^CTR decline/);

      await waitFor(() => expect(onChange).toHaveBeenCalledWith({ ...query, scenario: 'ctr-decline' }));
      expect(onRunQuery).toHaveBeenCalledTimes(1);
    },
    MENU_TEST_TIMEOUT_MS
  );
});

describe('AnnotationQueryEditor', () => {
  test('offers the scenario only: annotation queries always return change events', () => {
    renderEditor({ refId: 'Anno', scenario: 'ctr-decline', signal: 'annotations' }, AnnotationQueryEditor);
    expect(screen.getByTestId(testIds.demoQuery.scenario)).toHaveValue('CTR decline');
    expect(screen.queryByTestId(testIds.demoQuery.signal)).not.toBeInTheDocument();
  });
});
