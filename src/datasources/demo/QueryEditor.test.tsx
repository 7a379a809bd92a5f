import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createDemoDataSource } from './instance';
import { testIds } from '../../testIds';
import { AnnotationQueryEditor, QueryEditor } from './QueryEditor';
import type { DemoQuery } from './types';

// jsdom has no IntersectionObserver; the Combobox menu's scroll indicators observe their edges.
class IntersectionObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

// The Combobox menu is a virtual list sized from its scroll container's clientWidth/clientHeight; jsdom
// reports 0 for both, which renders no options at all. Give elements a size while these tests run.
const sizeProperties = ['clientWidth', 'clientHeight'] as const;
const realSizes = sizeProperties.map((property) => Object.getOwnPropertyDescriptor(Element.prototype, property));

beforeAll(() => {
  Object.assign(window, { IntersectionObserver: window.IntersectionObserver ?? IntersectionObserverStub });
  for (const property of sizeProperties) {
    Object.defineProperty(Element.prototype, property, { configurable: true, get: () => 300 });
  }
});

afterAll(() => {
  sizeProperties.forEach((property, index) => Object.defineProperty(Element.prototype, property, realSizes[index]!));
});

const datasource = createDemoDataSource();

function renderEditor(query: DemoQuery, Editor = QueryEditor) {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  render(<Editor datasource={datasource} query={query} onChange={onChange} onRunQuery={onRunQuery} />);
  return { onChange, onRunQuery };
}

/**
 * Opens a Combobox and clicks one of its options, the way a person would. Options are found by their text
 * inside the menu the input controls: role queries over Grafana's styled tree take seconds each.
 */
async function choose(testId: string, option: RegExp) {
  const input = screen.getByTestId(testId);
  await act(async () => {
    fireEvent.click(input);
  });
  const item = await waitFor(() => {
    const menu = document.getElementById(input.getAttribute('aria-controls') ?? '');
    const match = Array.from(menu?.querySelectorAll('[role="option"]') ?? []).find((element) =>
      option.test(element.textContent ?? '')
    );
    expect(match).toBeDefined();
    return match!;
  });
  await act(async () => {
    fireEvent.click(item);
  });
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

      await choose(testIds.demoQuery.signal, /^Traces/);

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

      await choose(testIds.demoQuery.scenario, /^CTR decline/);

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
