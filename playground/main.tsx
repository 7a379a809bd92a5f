import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { css } from '@emotion/css';
import {
  createTheme,
  dateTime,
  DataFrame,
  EventBusSrv,
  GrafanaTheme2,
  LoadingState,
  PanelData,
  TimeRange,
  TimeZone,
} from '@grafana/data';
import { AnnotationWriteProvider } from '../src/components/annotations/AnnotationWriteContext';
import { GlobalStyles, PanelChrome, RadioButtonGroup, ThemeContext, TimeRangePicker, useStyles2 } from '@grafana/ui';
import { type DemoScenario, framesForRange, getScenario, SCENARIO_IDS, type ScenarioId } from '../src/demo';
import { DriftPanel } from '../src/panels/drift/DriftPanel';
import { defaultDriftOptions } from '../src/panels/drift/types';
import { PredictionsPanel } from '../src/panels/predictions/PredictionsPanel';
import { defaultPredictionsOptions } from '../src/panels/predictions/types';
import { TimelinePanel } from '../src/panels/timeline/TimelinePanel';
import { defaultTimelineOptions } from '../src/panels/timeline/types';
import { playgroundAnnotationWriting } from './annotationWriting';

type PanelKind = 'drift' | 'predictions' | 'timeline';
const PANEL_KINDS: PanelKind[] = ['timeline', 'drift', 'predictions'];

interface PlaygroundParams {
  scenario: ScenarioId;
  panels: PanelKind[];
  mode: 'dark' | 'light';
}

function readParams(): PlaygroundParams {
  const params = new URLSearchParams(window.location.search);
  const scenario = params.get('scenario') as ScenarioId;
  const panel = params.get('panel') ?? 'all';
  return {
    scenario: SCENARIO_IDS.includes(scenario) ? scenario : 'latency-gc',
    panels: panel === 'all' ? PANEL_KINDS : PANEL_KINDS.filter((kind) => kind === panel),
    mode: params.get('theme') === 'light' ? 'light' : 'dark',
  };
}

function writeParam(name: string, value: string) {
  const params = new URLSearchParams(window.location.search);
  params.set(name, value);
  window.location.search = params.toString();
}

function toTimeRange(from: number, to: number): TimeRange {
  const start = dateTime(from);
  const end = dateTime(to);
  return { from: start, to: end, raw: { from: start, to: end } };
}

function panelFrames(scenario: DemoScenario, kind: PanelKind, range: TimeRange): DataFrame[] {
  const window = { from: range.from.valueOf(), to: range.to.valueOf() };
  const frames = kind === 'timeline' ? [...scenario.metrics, scenario.logs, scenario.traces] : [scenario.samples];
  return framesForRange(frames, window);
}

interface PanelSlotProps {
  kind: PanelKind;
  scenario: DemoScenario;
  range: TimeRange;
  timeZone: TimeZone;
  onChangeTimeRange: (range: { from: number; to: number }) => void;
  eventBus: EventBusSrv;
}

/** Tracks an element's size, as Grafana's dashboard grid gives each panel its width and height. */
function useElementSize(): [(element: HTMLElement | null) => void, { width: number; height: number }] {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const observer = useMemo(
    () =>
      new ResizeObserver((entries) => {
        const box = entries[0]?.contentRect;
        if (box) {
          setSize({ width: Math.floor(box.width), height: Math.floor(box.height) });
        }
      }),
    []
  );
  useEffect(() => () => observer.disconnect(), [observer]);
  const ref = useCallback(
    (element: HTMLElement | null) => {
      observer.disconnect();
      if (element) {
        observer.observe(element);
      }
    },
    [observer]
  );
  return [ref, size];
}

function PanelSlot({ kind, scenario, range, timeZone, onChangeTimeRange, eventBus }: PanelSlotProps) {
  const [measure, size] = useElementSize();
  const data: PanelData = useMemo(
    () => ({
      state: LoadingState.Done,
      series: panelFrames(scenario, kind, range),
      annotations: [scenario.annotations],
      timeRange: range,
    }),
    [scenario, kind, range]
  );
  const common = {
    id: PANEL_KINDS.indexOf(kind) + 1,
    data,
    timeRange: range,
    timeZone,
    transparent: false,
    fieldConfig: { defaults: {}, overrides: [] },
    renderCounter: 0,
    title: kind,
    eventBus,
    onOptionsChange: () => {},
    onFieldConfigChange: () => {},
    replaceVariables: (value: string) => value.replace('${__dashboard.uid}', `playground-${scenario.id}`),
    onChangeTimeRange,
  };
  const title = { timeline: 'What changed: timeline', drift: 'Feature drift', predictions: 'Prediction distribution' }[
    kind
  ];
  return (
    <div ref={measure} style={{ width: '100%', height: '100%' }}>
      {size.width > 0 && (
        <PanelChrome title={`${title} · ${scenario.title}`} width={size.width} height={size.height}>
          {(width, height) => {
            const sized = { ...common, width, height };
            if (kind === 'timeline') {
              return <TimelinePanel {...sized} options={defaultTimelineOptions} />;
            }
            if (kind === 'drift') {
              // Configured as a dashboard would be: the model's features, not its outcome columns.
              const options = {
                ...defaultDriftOptions,
                predictionField: scenario.predictionField,
                features: scenario.featureNames.join(','),
              };
              return <DriftPanel {...sized} options={options} />;
            }
            const options = { ...defaultPredictionsOptions, scoreField: scenario.predictionField };
            return <PredictionsPanel {...sized} options={options} />;
          }}
        </PanelChrome>
      )}
    </div>
  );
}

function Playground({ params }: { params: PlaygroundParams }) {
  const styles = useStyles2(getStyles);
  // The scenario is anchored to the moment the page opened, like a dashboard's "now".
  const [scenario] = useState(() => getScenario(params.scenario, { now: Date.now() }));
  const [range, setRange] = useState<TimeRange>(() =>
    toTimeRange(scenario.defaultRange.from, scenario.defaultRange.to)
  );
  const [timeZone, setTimeZone] = useState<TimeZone>('browser');
  const eventBus = useMemo(() => new EventBusSrv(), []);

  const onChangeTimeRange = useCallback(
    (next: { from: number; to: number }) => setRange(toTimeRange(next.from, next.to)),
    []
  );
  const shift = (direction: number) => {
    const span = range.to.valueOf() - range.from.valueOf();
    setRange(toTimeRange(range.from.valueOf() + (direction * span) / 2, range.to.valueOf() + (direction * span) / 2));
  };
  const zoomOut = () => {
    const span = range.to.valueOf() - range.from.valueOf();
    setRange(toTimeRange(range.from.valueOf() - span / 2, range.to.valueOf() + span / 2));
  };

  useEffect(() => {
    // Tests and screenshots wait for this: every requested panel has mounted and drawn a chart or a message.
    const isRendered = (kind: PanelKind) => {
      const panel = document.querySelector(`[data-testid="driftline-panel-${kind}"]`);
      return Boolean(panel?.querySelector('canvas, [data-testid="driftline-problem"]'));
    };
    const check = () => {
      if (params.panels.every(isRendered)) {
        document.body.dataset.ready = 'true';
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true });
    check();
    return () => observer.disconnect();
  }, [params.panels]);

  return (
    <div className={styles.page}>
      <header className={styles.toolbar}>
        <strong>Driftline</strong>
        <div data-testid="playground-scenario">
          <RadioButtonGroup
            size="sm"
            value={params.scenario}
            options={SCENARIO_IDS.map((id) => ({ value: id, label: id }))}
            onChange={(value) => writeParam('scenario', value)}
          />
        </div>
        <div data-testid="playground-theme">
          <RadioButtonGroup
            size="sm"
            value={params.mode}
            options={[
              { value: 'dark', label: 'Dark', icon: 'moon' },
              { value: 'light', label: 'Light', icon: 'sun' },
            ]}
            onChange={(value) => writeParam('theme', value)}
          />
        </div>
        <span className={styles.spacer} />
        <TimeRangePicker
          value={range}
          timeZone={timeZone}
          onChange={setRange}
          onChangeTimeZone={setTimeZone}
          onMoveBackward={() => shift(-1)}
          onMoveForward={() => shift(1)}
          onZoom={zoomOut}
        />
      </header>
      <p className={styles.description} data-testid="playground-description">
        {scenario.description}
      </p>
      <main className={params.panels.length === 1 ? styles.single : styles.grid}>
        {params.panels.map((kind) => (
          <section
            key={kind}
            className={kind === 'timeline' ? styles.wide : styles.cell}
            data-testid={`playground-slot-${kind}`}
          >
            <PanelSlot
              kind={kind}
              scenario={scenario}
              range={range}
              timeZone={timeZone}
              onChangeTimeRange={onChangeTimeRange}
              eventBus={eventBus}
            />
          </section>
        ))}
      </main>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ padding: theme.spacing(2), minHeight: '100vh', background: theme.colors.background.canvas }),
  toolbar: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(2), marginBottom: theme.spacing(1) }),
  spacer: css({ flex: 1 }),
  description: css({ color: theme.colors.text.secondary, maxWidth: 1100 }),
  grid: css({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: theme.spacing(1) }),
  single: css({ display: 'grid', gridTemplateColumns: '1fr' }),
  wide: css({ gridColumn: '1 / -1', height: 460 }),
  cell: css({ height: 360 }),
});

function Root() {
  const params = useMemo(() => readParams(), []);
  const theme = useMemo(() => createTheme({ colors: { mode: params.mode } }), [params.mode]);
  const writing = useMemo(() => playgroundAnnotationWriting(new URLSearchParams(window.location.search)), []);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <AnnotationWriteProvider value={writing}>
        <Playground params={params} />
      </AnnotationWriteProvider>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);
