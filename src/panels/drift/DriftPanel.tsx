import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { LoadingBar, useStyles2 } from '@grafana/ui';
import { FeatureDrift } from '../../analysis';
import {
  pinnedWorkbenchUrl,
  titleOfDashboard,
  workbenchDestination,
  workbenchSend,
} from '../../sendToWorkbench/destination';
import { SendToWorkbenchButton } from '../../sendToWorkbench/SendToWorkbenchButton';
import { usePanelAnnotations } from '../../components/annotations/usePanelAnnotations';
import { currentIncident } from '../../data/annotations';
import { ComparisonWindows } from '../../data/windows';
import { frameBodyHeight, PanelFrame } from '../../components/PanelFrame';
import { toBaselineMode } from '../../data/driftInput';
import { usePanelNow } from '../usePanelNow';
import { CreateAlertRuleButton } from './alertRule/CreateAlertRuleButton';
import { DriftHeatmap } from './DriftHeatmap';
import { driftFindings } from '../../sendToWorkbench/fromDrift';
import { FeatureDetail } from './FeatureDetail';
import { FeatureRanking } from './FeatureRanking';
import { DriftOptions, DriftSort } from './types';
import { LargeInput, shownDrift, useDriftOverTime } from './useDriftOverTime';
import { testIds } from '../../testIds';

type Props = PanelProps<DriftOptions>;

const HEADER_HEIGHT = 24;
const DETAIL_HEIGHT = 300;
const ROW_HEIGHT = 34;

function sortFeatures(features: FeatureDrift[], sortBy: DriftSort): FeatureDrift[] {
  if (sortBy === 'name') {
    return [...features].sort((a, b) => a.feature.localeCompare(b.feature));
  }
  if (sortBy === 'driftStart') {
    const start = (feature: FeatureDrift) => feature.driftStart?.from ?? Infinity;
    return [...features].sort((a, b) => start(a) - start(b) || b.severity - a.severity);
  }
  return features;
}

function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) {
    if (ms >= size) {
      return `${Number((ms / size).toPrecision(3))}${unit}`;
    }
  }
  return `${ms}ms`;
}

export function DriftPanel(props: Props) {
  const { data, width, options, timeRange, timeZone, id, onChangeTimeRange, replaceVariables } = props;
  const styles = useStyles2(getStyles);
  const annotations = usePanelAnnotations(data, replaceVariables, options.annotationKinds);
  // The time strip under the views shows the compared windows and the annotations, and takes new ones.
  const height = frameBodyHeight(props.height, true);
  const state = useDriftOverTime(data, timeRange, options);
  const now = usePanelNow(data);
  const events = annotations.events;
  // undefined: the top feature is open, so the panel opens on a chart; null: the user closed every row.
  const [expanded, setExpanded] = useState<string | null | undefined>();
  const [selectedWindow, setSelectedWindow] = useState<number | undefined>();
  const [pickedFeature, setPickedFeature] = useState<string | undefined>();
  const onSelectRange = useCallback(
    (range: { from: number; to: number }) => onChangeTimeRange({ from: range.from, to: range.to }),
    [onChangeTimeRange]
  );
  const ready = state.status === 'ready' ? shownDrift(state) : undefined;
  const topFeature = ready?.features[0]?.feature;
  const openFeature = expanded === undefined ? topFeature : (expanded ?? undefined);
  const onToggle = useCallback(
    (feature: string) => setExpanded((open) => ((open === undefined ? topFeature : open) === feature ? null : feature)),
    [topFeature]
  );

  const rankedFeatures = ready?.features;
  const shown = useMemo(
    () =>
      rankedFeatures
        ? sortFeatures(rankedFeatures, options.sortBy).slice(0, Math.max(1, options.maxFeatures || 1))
        : [],
    [rankedFeatures, options.sortBy, options.maxFeatures]
  );

  const panelRange = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
  // "Send to workbench" pins the ranking to the incident the panel's range is about, as the timeline does.
  const incidentEvent = currentIncident(annotations.allEvents, panelRange, now);
  const destination = workbenchDestination(incidentEvent, annotations.items);
  const root = (body: React.ReactNode, extra: Record<string, string | number> = {}, windows?: ComparisonWindows) => (
    <PanelFrame
      panel={props}
      testId={testIds.panelDrift}
      name="drift panel"
      problem={state.status === 'problem' ? state.problem : undefined}
      timeStrip={{ annotations, range: panelRange, now, timeZone, windows }}
      bodyClassName={styles.body}
      attributes={extra}
    >
      {body}
    </PanelFrame>
  );

  if (state.status === 'problem') {
    return root(null);
  }
  if (state.status === 'computing') {
    return root(
      <>
        <div className={styles.computing} data-testid={testIds.computing}>
          <LoadingBar width={width} />
          {state.phase === 'reading'
            ? `Reading the query result (${state.rows.toLocaleString('en')} rows)…`
            : `Comparing features… ${state.done.toLocaleString('en')} of ${state.total.toLocaleString('en')} windows scored`}
          {' · '}changing the time range or the options starts again
        </div>
        {state.largeInput && <LargeInputHint largeInput={state.largeInput} />}
      </>
    );
  }

  const drift = shownDrift(state);
  const { recorded, input } = state;
  const range = drift.range;
  const bodyHeight =
    height - HEADER_HEIGHT - (drift.problems.length ? HEADER_HEIGHT : 0) - (state.largeInput ? HEADER_HEIGHT : 0);
  const format = 'YYYY-MM-DD HH:mm';
  const send = workbenchSend({
    destination,
    incident: incidentEvent,
    what: 'drift findings',
    pending: drift.features.length === 0 ? 'No feature was scored: nothing to send.' : undefined,
    url: (to) => {
      const place = {
        dashboardUID: annotations.dashboardUID,
        dashboardTitle: titleOfDashboard(replaceVariables),
        panelId: id,
        range: panelRange,
        live: timeRange.raw.to === 'now',
        current: drift.currentRange,
      };
      return drift.features.length > 0
        ? pinnedWorkbenchUrl(to, driftFindings(drift.features, place), place)
        : undefined;
    },
  });
  const detailFor = (feature: FeatureDrift, detailWidth: number, detailHeight: number) => (
    <FeatureDetail
      feature={feature}
      unit={input?.units[feature.feature]}
      note={input?.notes[feature.feature]}
      range={range}
      events={events}
      now={now}
      width={detailWidth}
      height={detailHeight}
      timeZone={timeZone}
      selectedWindow={selectedWindow}
      onSelectRange={onSelectRange}
      onSelectWindow={setSelectedWindow}
    />
  );

  // Leave room for a few other rows under the open one.
  const detailHeight = Math.min(
    DETAIL_HEIGHT,
    Math.max(160, bodyHeight - ROW_HEIGHT * (Math.min(shown.length, 3) + 1))
  );
  let body: React.ReactNode;
  if (options.view === 'heatmap') {
    body = (
      <DriftHeatmap
        features={shown}
        range={range}
        events={events}
        now={now}
        width={width}
        height={bodyHeight}
        timeZone={timeZone}
        selectedWindow={selectedWindow}
        onSelectRange={onSelectRange}
        onSelectWindow={setSelectedWindow}
        onSelectFeature={setPickedFeature}
      />
    );
  } else if (options.view === 'detail') {
    const wanted = pickedFeature ?? options.detailFeature;
    const feature = drift.features.find((candidate) => candidate.feature === wanted) ?? drift.features[0];
    body = feature ? detailFor(feature, width, bodyHeight) : null;
  } else {
    body = (
      <FeatureRanking
        features={shown}
        expanded={openFeature}
        onToggle={onToggle}
        renderDetail={(feature) => detailFor(feature, width - 24, detailHeight)}
        notes={input?.notes}
        width={width}
        height={bodyHeight}
        timeZone={timeZone}
      />
    );
  }

  return root(
    <>
      <div className={styles.headerRow} style={{ height: HEADER_HEIGHT }}>
        <div className={styles.header} data-testid={testIds.driftSummary}>
          {drift.features.filter((feature) => feature.drifted).length} of {drift.features.length} features drifted ·{' '}
          {drift.baselineRange ? (
            <>
              baseline {dateTimeFormat(drift.baselineRange.from, { timeZone, format })} →{' '}
              {dateTimeFormat(drift.baselineRange.to, { timeZone, format })} · windows of{' '}
              {formatDuration(drift.windowMs)} ·{' '}
            </>
          ) : (
            <>every {formatDuration(drift.windowMs)} · </>
          )}
          {recorded
            ? `recorded by Prometheus (${recorded.metrics.join(', ')})`
            : input.kind === 'histograms'
              ? 'Prometheus histograms'
              : 'raw samples'}
          {selectedWindow !== undefined && drift.features[0]?.windows[selectedWindow] && (
            <>
              {' '}
              · current window {dateTimeFormat(drift.features[0].windows[selectedWindow].from, { timeZone, format })}
            </>
          )}
        </div>
        {input?.kind === 'histograms' && state.drift && (
          <CreateAlertRuleButton
            data={data}
            input={input}
            features={drift.features}
            featureLabel={options.featureLabel}
            chosenFeatures={options.features}
            baseline={toBaselineMode(options)}
            range={panelRange}
            windowMs={drift.windowMs}
            dashboardUID={annotations.dashboardUID}
            panelId={id}
            replaceVariables={replaceVariables}
            events={events}
            incidentDeclared={incidentEvent?.time}
            windows={{ baseline: state.drift.baselineRange, current: state.drift.currentRange }}
            now={now}
            timeZone={timeZone}
            className={styles.send}
          />
        )}
        <SendToWorkbenchButton send={send} className={styles.send} />
      </div>
      {state.largeInput && <LargeInputHint largeInput={state.largeInput} />}
      {drift.problems.length > 0 && (
        <div
          className={styles.problems}
          style={{ height: HEADER_HEIGHT }}
          data-testid={testIds.featureProblems}
          title={drift.problems.map((p) => `${p.feature}: ${p.message}`).join('\n')}
        >
          {drift.problems.length} left out: {drift.problems.map((p) => `${p.feature}: ${p.message}`).join(' · ')}
        </div>
      )}
      {body}
    </>,
    {
      'data-window-ms': drift.windowMs,
      'data-baseline-from': drift.baselineRange?.from ?? '',
      'data-baseline-to': drift.baselineRange?.to ?? '',
      'data-view': options.view,
      'data-input': recorded ? 'recorded' : input.kind,
      'data-annotations': JSON.stringify(events.map((event) => ({ kind: event.kind, time: event.time }))),
    },
    drift.baselineRange
      ? { baseline: drift.baselineRange, current: drift.currentRange, currentSource: 'range-end' }
      : undefined
  );
}

/** Raw rows over the browser's budget: what to query instead, for the data source to do the counting. */
function LargeInputHint({ largeInput }: { largeInput: LargeInput }) {
  const styles = useStyles2(getStyles);
  return (
    <div
      className={styles.hint}
      style={{ height: HEADER_HEIGHT }}
      data-testid={testIds.largeInput}
      title={largeInput.query}
    >
      {largeInput.rows.toLocaleString('en')} raw rows are compared in the browser, which is slow. Compute this from
      histogram buckets instead: record the features as Prometheus histograms and query{' '}
      <code className={styles.query}>{largeInput.query.split('\n')[0]}</code>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  hint: css({
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flexShrink: 0,
  }),
  query: css({ fontFamily: theme.typography.fontFamilyMonospace }),
  body: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  headerRow: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), flexShrink: 0, minWidth: 0 }),
  send: css({ flexShrink: 0, marginRight: theme.spacing(0.5) }),
  header: css({
    flex: 1,
    minWidth: 0,
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flexShrink: 0,
  }),
  problems: css({
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.warning.text,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flexShrink: 0,
  }),
  computing: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
});
