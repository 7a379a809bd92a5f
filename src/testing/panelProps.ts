import { dateTime, EventBusSrv, DataFrame, LoadingState, PanelProps, TimeRange } from '@grafana/data';

export function timeRangeOf(from: number, to: number): TimeRange {
  return { from: dateTime(from), to: dateTime(to), raw: { from: dateTime(from), to: dateTime(to) } };
}

/** PanelProps as Grafana passes them, for rendering a panel component in a test. */
export function panelProps<T>(
  options: T,
  series: DataFrame[],
  range: { from: number; to: number },
  overrides: Partial<PanelProps<T>> = {}
): PanelProps<T> {
  const timeRange = timeRangeOf(range.from, range.to);
  return {
    id: 1,
    data: { state: LoadingState.Done, series, timeRange, annotations: [] },
    timeRange,
    timeZone: 'utc',
    options,
    fieldConfig: { defaults: {}, overrides: [] },
    transparent: false,
    width: 800,
    height: 400,
    renderCounter: 0,
    title: 'test',
    eventBus: new EventBusSrv(),
    onOptionsChange: jest.fn(),
    onFieldConfigChange: jest.fn(),
    replaceVariables: (value: string) => value,
    onChangeTimeRange: jest.fn(),
    ...overrides,
  };
}
