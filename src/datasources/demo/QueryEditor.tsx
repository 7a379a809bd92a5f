import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { Combobox, type ComboboxOption, InlineField, Stack } from '@grafana/ui';
import { DEMO_SIGNALS, type DemoSignal, SCENARIO_IDS, type ScenarioId } from '../../demo/types';
import { testIds } from '../../testIds';
import type { DemoDataSource } from './datasource';
import { DEFAULT_SCENARIO, DEFAULT_SIGNAL, type DemoQuery, SCENARIO_LABELS, SIGNAL_LABELS } from './types';

const scenarioOptions: Array<ComboboxOption<ScenarioId>> = SCENARIO_IDS.map((id) => ({
  value: id,
  ...SCENARIO_LABELS[id],
}));

const signalOptions: Array<ComboboxOption<DemoSignal>> = DEMO_SIGNALS.map((signal) => ({
  value: signal,
  ...SIGNAL_LABELS[signal],
}));

type Props = QueryEditorProps<DemoDataSource, DemoQuery>;

type ChoiceKey = 'scenario' | 'signal';

const CHOICES: {
  [K in ChoiceKey]: {
    label: string;
    tooltip: string;
    width: number;
    options: Array<ComboboxOption<DemoQuery[K]>>;
    fallback: DemoQuery[K];
  };
} = {
  scenario: {
    label: 'Scenario',
    tooltip: 'The demo incident to replay, anchored to now',
    width: 36,
    options: scenarioOptions,
    fallback: DEFAULT_SCENARIO,
  },
  signal: {
    label: 'Signal',
    tooltip: "Which of the scenario's frames to return",
    width: 30,
    options: signalOptions,
    fallback: DEFAULT_SIGNAL,
  },
};

/** One labelled Combobox bound to a query property; a choice changes the query and runs it. */
function Choice<K extends ChoiceKey>({ choice, query, onChange, onRunQuery }: Props & { choice: K }) {
  const { label, tooltip, width, options, fallback } = CHOICES[choice];
  return (
    <InlineField label={label} labelWidth={12} tooltip={tooltip}>
      <Combobox<DemoQuery[K]>
        data-testid={testIds.demoQuery[choice]}
        width={width}
        options={options}
        value={query[choice] ?? fallback}
        onChange={(option) => {
          onChange({ ...query, [choice]: option.value });
          onRunQuery();
        }}
      />
    </InlineField>
  );
}

/** Panel and Explore queries: a scenario and one of its signals. */
export function QueryEditor(props: Props) {
  return (
    <Stack gap={1} wrap="wrap">
      <Choice {...props} choice="scenario" />
      <Choice {...props} choice="signal" />
    </Stack>
  );
}

/** Annotation queries always return the scenario's change events, so only the scenario is a choice. */
export function AnnotationQueryEditor(props: Props) {
  return <Choice {...props} choice="scenario" />;
}
