import React, { useCallback, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
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
import { setBackendSrv, setDataSourceSrv, setFolderPicker } from '@grafana/runtime';
import {
  Button,
  GlobalStyles,
  Menu,
  PanelChrome,
  RadioButtonGroup,
  ThemeContext,
  TimeRangePicker,
  useStyles2,
} from '@grafana/ui';
import { PLUGIN_BASE_URL, ROUTES } from '../src/constants';
import { configureInvestigateLink, INVESTIGATE_LINK_TITLE } from '../src/extensions/investigateLink';
import { type DemoScenario, framesForRange, getScenario, SCENARIO_IDS, type ScenarioId } from '../src/demo';
import { DriftPanel } from '../src/panels/drift/DriftPanel';
import { defaultDriftOptions } from '../src/panels/drift/types';
import { PredictionsPanel } from '../src/panels/predictions/PredictionsPanel';
import { defaultPredictionsOptions } from '../src/panels/predictions/types';
import { TimelinePanel } from '../src/panels/timeline/TimelinePanel';
import { defaultTimelineOptions } from '../src/panels/timeline/types';
import { configurePlaygroundOutbox, playgroundAnnotationWriting } from './annotationWriting';
import { PANEL_KINDS, PanelKind, playgroundDashboardUid, playgroundPanelOptions } from './dashboards';
import { playgroundDataSources } from './dataSources';
import { backendSrvOver, playgroundGrafana } from './grafanaApi';
import { useLinkInterception, useLocationServiceNavigation, withStickyParams } from './navigation';
import { useElementSize } from '../src/components/useElementSize';
import { AppPages, PlaygroundFolderPicker } from './pages';
import { testIds } from '../src/testIds';

// Before anything renders: the Grafana API the panels and the pages talk to (see grafanaApi.ts).
const grafana = playgroundGrafana(new URLSearchParams(window.location.search));
setBackendSrv(backendSrvOver(grafana.transport));
setDataSourceSrv(playgroundDataSources());
setFolderPicker(PlaygroundFolderPicker);
configurePlaygroundOutbox(new URLSearchParams(window.location.search));

interface PlaygroundParams {
  scenario: ScenarioId;
  panels: PanelKind[];
  mode: 'dark' | 'light';
  /** A time range to open on (epoch ms), as a dashboard link gives it; default: the scenario's own. */
  range?: { from: number; to: number };
  /** What the drift panel's query returns: raw sample rows, or (`&input=histograms`) Prometheus histogram buckets. */
  driftInput: 'samples' | 'histograms';
}

function readParams(search = window.location.search): PlaygroundParams {
  const params = new URLSearchParams(search);
  const scenario = params.get('scenario') as ScenarioId;
  const panel = params.get('panel') ?? 'all';
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  return {
    scenario: SCENARIO_IDS.includes(scenario) ? scenario : 'latency-gc',
    panels: panel === 'all' ? PANEL_KINDS : PANEL_KINDS.filter((kind) => kind === panel),
    mode: params.get('theme') === 'light' ? 'light' : 'dark',
    driftInput: params.get('input') === 'histograms' ? 'histograms' : 'samples',
    ...(params.get('from') && params.get('to') && from < to ? { range: { from, to } } : {}),
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

function panelFrames(
  scenario: DemoScenario,
  kind: PanelKind,
  range: TimeRange,
  driftInput: PlaygroundParams['driftInput']
): DataFrame[] {
  const window = { from: range.from.valueOf(), to: range.to.valueOf() };
  const frames =
    kind === 'timeline'
      ? [...scenario.metrics, scenario.logs, scenario.traces]
      : kind === 'drift' && driftInput === 'histograms'
        ? scenario.featureBuckets
        : [scenario.samples];
  return framesForRange(frames, window);
}

interface PanelSlotProps {
  kind: PanelKind;
  driftInput: PlaygroundParams['driftInput'];
  scenario: DemoScenario;
  range: TimeRange;
  /** The range ends at the scenario's "now": a panel's menu link keeps it live, as `now` in Grafana. */
  live: boolean;
  timeZone: TimeZone;
  onChangeTimeRange: (range: { from: number; to: number }) => void;
  eventBus: EventBusSrv;
}

/** The panel menu, with the app's entry in Grafana's panel menu, configured as Grafana would. */
function PanelMenu({
  id,
  title,
  scenario,
  range,
  live,
  timeZone,
}: {
  id: number;
  title: string;
  scenario: DemoScenario;
  range: TimeRange;
  live: boolean;
  timeZone: TimeZone;
}) {
  const configured = configureInvestigateLink({
    pluginId: 'driftline-aiobs-app',
    id,
    title,
    timeRange: { from: range.from, to: live ? 'now' : range.to },
    timeZone,
    dashboard: {
      uid: playgroundDashboardUid(scenario.id as ScenarioId),
      title: `Playground: ${scenario.title}`,
      tags: [],
    },
    targets: [],
  });
  return (
    <Menu>
      <Menu.Item
        label={INVESTIGATE_LINK_TITLE}
        icon="search"
        url={configured.path ?? `${PLUGIN_BASE_URL}/${ROUTES.Incidents}`}
        testId={testIds.playgroundInvestigateLink}
      />
    </Menu>
  );
}

function PanelSlot({ kind, driftInput, scenario, range, live, timeZone, onChangeTimeRange, eventBus }: PanelSlotProps) {
  const [measure, size] = useElementSize();
  const data: PanelData = useMemo(
    () => ({
      state: LoadingState.Done,
      series: panelFrames(scenario, kind, range, driftInput),
      annotations: [scenario.annotations],
      timeRange: range,
    }),
    [scenario, kind, range, driftInput]
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
    replaceVariables: (value: string) =>
      value.replace('${__dashboard.uid}', playgroundDashboardUid(scenario.id as ScenarioId)),
    onChangeTimeRange,
  };
  const title = { timeline: 'What changed: timeline', drift: 'Feature drift', predictions: 'Prediction distribution' }[
    kind
  ];
  return (
    <div ref={measure} style={{ width: '100%', height: '100%' }}>
      {size.width > 0 && (
        <PanelChrome
          title={`${title} · ${scenario.title}`}
          width={size.width}
          height={size.height}
          menu={() => (
            <PanelMenu id={common.id} title={title} scenario={scenario} range={range} live={live} timeZone={timeZone} />
          )}
        >
          {(width, height) => {
            const sized = { ...common, width, height };
            if (kind === 'timeline') {
              return (
                <TimelinePanel
                  {...sized}
                  options={{ ...defaultTimelineOptions, ...playgroundPanelOptions(scenario, kind) }}
                />
              );
            }
            if (kind === 'drift') {
              // Configured as its dashboard is (dashboards.ts): the model's features, not its outcome columns.
              return (
                <DriftPanel
                  {...sized}
                  options={{ ...defaultDriftOptions, ...playgroundPanelOptions(scenario, kind) }}
                />
              );
            }
            return (
              <PredictionsPanel
                {...sized}
                options={{ ...defaultPredictionsOptions, ...playgroundPanelOptions(scenario, kind) }}
              />
            );
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
    toTimeRange(params.range?.from ?? scenario.defaultRange.from, params.range?.to ?? scenario.defaultRange.to)
  );
  const live = range.to.valueOf() >= scenario.defaultRange.to;
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
      const panel = document.querySelector(`[data-testid="${testIds.panel(kind)}"]`);
      return Boolean(panel?.querySelector(`canvas, [data-testid="${testIds.problem}"]`));
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
        <PlaygroundNav />
        <div data-testid={testIds.playgroundScenario}>
          <RadioButtonGroup
            size="sm"
            value={params.scenario}
            options={SCENARIO_IDS.map((id) => ({ value: id, label: id }))}
            onChange={(value) => writeParam('scenario', value)}
          />
        </div>
        <div data-testid={testIds.playgroundTheme}>
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
      <p className={styles.description} data-testid={testIds.playgroundDescription}>
        {scenario.description}
      </p>
      <main className={params.panels.length === 1 ? styles.single : styles.grid}>
        {params.panels.map((kind) => (
          <section
            key={kind}
            className={kind === 'timeline' ? styles.wide : styles.cell}
            data-testid={testIds.playgroundSlot(kind)}
          >
            <PanelSlot
              kind={kind}
              driftInput={params.driftInput}
              scenario={scenario}
              range={range}
              live={live}
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
  toolbar: css({
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1, 2),
    marginBottom: theme.spacing(1),
  }),
  spacer: css({ flex: 1 }),
  description: css({ color: theme.colors.text.secondary, maxWidth: 1100 }),
  grid: css({ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: theme.spacing(1) }),
  single: css({ display: 'grid', gridTemplateColumns: '1fr' }),
  wide: css({ gridColumn: '1 / -1', height: 460 }),
  cell: css({ height: 360 }),
  nav: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1.5), whiteSpace: 'nowrap' }),
  navLink: css({ color: theme.colors.text.link }),
  navCurrent: css({ color: theme.colors.text.primary, fontWeight: theme.typography.fontWeightMedium }),
  target: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});

const NAV = [
  { label: 'Panels', path: '/' },
  { label: 'Incidents', path: `${PLUGIN_BASE_URL}/${ROUTES.Incidents}` },
  { label: 'FMEA', path: `${PLUGIN_BASE_URL}/${ROUTES.Fmea}` },
  { label: 'Alert rules', path: `${PLUGIN_BASE_URL}/${ROUTES.AlertRules}` },
];

/** Links between the panels and the app pages, keeping the playground's settings; and which Grafana is used. */
function PlaygroundNav() {
  const styles = useStyles2(getStyles);
  const location = useLocation();
  const search = withStickyParams(new URLSearchParams(), new URLSearchParams(location.search)).toString();
  const current = (path: string) => (path === '/' ? location.pathname === '/' : location.pathname.startsWith(path));
  return (
    <nav className={styles.nav} data-testid={testIds.playgroundNav}>
      {NAV.map((item) => (
        <Link
          key={item.path}
          to={`${item.path}${search ? `?${search}` : ''}`}
          className={current(item.path) ? styles.navCurrent : styles.navLink}
          aria-current={current(item.path) ? 'page' : undefined}
        >
          {item.label}
        </Link>
      ))}
      <span className={styles.target} data-testid={testIds.playgroundGrafana}>
        {grafana.url ? `Grafana API: ${grafana.url}` : 'In-page Grafana (kept in this browser)'}
      </span>
      {!grafana.url && (
        <Button
          size="sm"
          variant="secondary"
          fill="text"
          icon="trash-alt"
          onClick={() => {
            grafana.reset();
            window.location.reload();
          }}
        >
          Reset
        </Button>
      )}
    </nav>
  );
}

/** The app pages under Grafana's app route, with the playground's navigation above them. */
function PagesShell() {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.page}>
      <header className={styles.toolbar}>
        <strong>Driftline</strong>
        <PlaygroundNav />
      </header>
      <AppPages />
    </div>
  );
}

/** The panels view, opened afresh when its URL changes (another scenario, or a dashboard link's range). */
function PanelsRoute() {
  const location = useLocation();
  const params = useMemo(() => readParams(location.search), [location.search]);
  return <Playground key={location.search} params={params} />;
}

function Routed() {
  const navigate = useNavigate();
  useLinkInterception(navigate);
  useLocationServiceNavigation(navigate);
  return (
    <Routes>
      <Route path={`${PLUGIN_BASE_URL}/*`} element={<PagesShell />} />
      <Route path="*" element={<PanelsRoute />} />
    </Routes>
  );
}

function Root() {
  const params = useMemo(() => readParams(), []);
  const theme = useMemo(() => createTheme({ colors: { mode: params.mode } }), [params.mode]);
  const writing = useMemo(() => playgroundAnnotationWriting(new URLSearchParams(window.location.search)), []);
  return (
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <AnnotationWriteProvider value={writing}>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </AnnotationWriteProvider>
    </ThemeContext.Provider>
  );
}

createRoot(document.getElementById('root')!).render(<Root />);
