import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2, PanelProps } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { DriftInputError } from '../../analysis';
import { BaselineComparisonView } from '../../components/BaselineComparisonView';
import { frameBodyHeight, PanelFrame } from '../../components/PanelFrame';
import { usePanelAnnotations } from '../../components/annotations/usePanelAnnotations';
import { toBaselineMode } from '../../data/driftInput';
import { FrameProblem, FrameProblemError } from '../../data/frames';
import { baselineModeWindows, ComparisonWindows, TimeWindow } from '../../data/windows';
import { usePanelNow } from '../usePanelNow';
import { CalibrationChart } from './CalibrationChart';
import { ClassBalanceChart } from './ClassBalanceChart';
import {
  Calibration,
  computeCalibration,
  computeClassBalance,
  computeFan,
  Overlay,
  OverlayBase,
  overlayFromBase,
  prepareOverlay,
  readScoreInput,
  ScoreInput,
} from '../../findings/predictions';
import { QuantileFan } from './QuantileFan';
import { QUANTILE_TABLE_HEIGHT, QuantileTable } from './QuantileTable';
import { PredictionsOptions } from './types';
import { testIds } from '../../testIds';

type Props = PanelProps<PredictionsOptions>;

type ViewModel =
  | { view: 'overlay'; overlay: Overlay }
  | { view: 'fan'; fan: ReturnType<typeof computeFan>; field: string; unit?: string; windows: ComparisonWindows }
  | { view: 'classes'; balance: ReturnType<typeof computeClassBalance>; windows: ComparisonWindows }
  | { view: 'calibration'; calibration: Calibration };

type ViewState = { model: ViewModel } | { problem: FrameProblem };

const HEADER_HEIGHT = 40;

function asProblem(error: unknown): FrameProblem {
  if (error instanceof FrameProblemError) {
    return error.problem;
  }
  if (error instanceof DriftInputError) {
    return { code: error.code === 'EMPTY_INPUT' ? 'empty-window' : 'wrong-type', message: error.message };
  }
  throw error;
}

type Stage<T> = { value: T } | { problem: FrameProblem };

function attempt<T>(run: () => T): Stage<T> {
  try {
    return { value: run() };
  } catch (error) {
    return { problem: asProblem(error) };
  }
}

/**
 * Every view's model from the score input, the windows and (overlay) the bins-independent part of the
 * overlay, each kept by the panel for as long as what it depends on: a bins change only counts again.
 * Options that only change the drawing are not in here.
 */
function buildModel(
  input: Stage<ScoreInput>,
  windowsStage: Stage<ComparisonWindows>,
  overlayBase: Stage<OverlayBase> | undefined,
  range: TimeWindow,
  options: PredictionsOptions
): ViewState {
  if ('problem' in input) {
    return input;
  }
  if ('problem' in windowsStage) {
    return windowsStage;
  }
  const score = input.value;
  const windows = windowsStage.value;
  try {
    switch (options.view) {
      case 'fan':
        return { model: { view: 'fan', fan: computeFan(score, range), field: score.field, unit: score.unit, windows } };
      case 'classes':
        return { model: { view: 'classes', balance: computeClassBalance(score, windows, range, options), windows } };
      case 'calibration':
        return { model: { view: 'calibration', calibration: computeCalibration(score, windows, options) } };
      default: {
        const base = overlayBase ?? attempt(() => prepareOverlay(score, windows));
        return 'problem' in base ? base : { model: { view: 'overlay', overlay: overlayFromBase(base.value, options) } };
      }
    }
  } catch (error) {
    return { problem: asProblem(error) };
  }
}

function describeWindow(window: TimeWindow, timeZone: TimeZone): string {
  const format = 'YYYY-MM-DD HH:mm';
  return `${dateTimeFormat(window.from, { timeZone, format })} → ${dateTimeFormat(window.to, { timeZone, format })}`;
}

function currentLabelOf(windows: ComparisonWindows): string {
  return windows.currentSource === 'incident' ? 'Incident window' : 'Current';
}

function DriftBadge({ overlay }: { overlay: Overlay }) {
  const styles = useStyles2(getStyles);
  const { drift } = overlay;
  const score = drift.scoreKind === 'p-value' ? drift.score.toExponential(1) : drift.score.toPrecision(3);
  return (
    <span
      className={drift.drifted ? styles.drifted : styles.stable}
      data-testid={testIds.scoreDrift}
      data-drifted={drift.drifted}
      data-method={drift.method}
      data-score={drift.score}
      title={`${drift.method} ${drift.scoreKind === 'p-value' ? 'p-value' : 'distance'} ${drift.score}, threshold ${drift.threshold}`}
    >
      {drift.drifted ? 'drifted' : 'no drift'} · {drift.method} {score} (threshold {drift.threshold})
    </span>
  );
}

export function PredictionsPanel(props: Props) {
  const { data, width, options, timeRange, timeZone, replaceVariables } = props;
  const styles = useStyles2(getStyles);
  const annotations = usePanelAnnotations(data, replaceVariables, options.annotationKinds);
  // The time strip under the views shows the compared windows and the annotations, and takes new ones.
  const height = frameBodyHeight(props.height, true);
  const now = usePanelNow(data);
  const from = timeRange.from.valueOf();
  const to = timeRange.to.valueOf();
  // Which annotation kinds are drawn does not change the model.
  const { annotationKinds, ...modelOptions } = options;
  const key = JSON.stringify(modelOptions);
  // Only incident regions move the windows: a note added during the outage does not recompute the model.
  const incidentsKey = JSON.stringify(
    annotations.allEvents.filter((event) => event.kind === 'incident').map((e) => [e.id, e.time, e.timeEnd, e.isRegion])
  );
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the incidents' times, not the list's identity
  const incidents = useMemo(() => annotations.allEvents.filter((event) => event.kind === 'incident'), [incidentsKey]);
  // Each stage is kept for as long as the options it reads: reading 1,000,000 scores or testing their drift
  // is not redone when only the bins or the view change.
  const { inputKind, scoreField, scoreMin, scoreMax } = options;
  const inputKey = JSON.stringify({ inputKind, scoreField, scoreMin, scoreMax });
  const input = useMemo(
    () => attempt(() => readScoreInput(data.series, JSON.parse(inputKey))),
    [data.series, inputKey]
  );
  const { baselineMode, baselinePercent, baselineShift, baselineFrom, baselineTo } = options;
  const baselineKey = JSON.stringify({ baselineMode, baselinePercent, baselineShift, baselineFrom, baselineTo });
  const windowsStage = useMemo(
    () => attempt(() => baselineModeWindows({ from, to }, incidents, now, toBaselineMode(JSON.parse(baselineKey)))),
    [incidents, from, to, now, baselineKey]
  );
  const overlayBase = useMemo(
    () =>
      options.view === 'overlay' && 'value' in input && 'value' in windowsStage
        ? attempt(() => prepareOverlay(input.value, windowsStage.value))
        : undefined,
    [options.view, input, windowsStage]
  );
  const state = useMemo(
    () => buildModel(input, windowsStage, overlayBase, { from, to }, JSON.parse(key)),
    [input, windowsStage, overlayBase, from, to, key]
  );
  const events = annotations.events;
  const range = useMemo(() => ({ from, to }), [from, to]);

  const root = (body: React.ReactNode, extra: Record<string, string | number> = {}, windows?: ComparisonWindows) => (
    <PanelFrame
      panel={props}
      testId={testIds.panelPredictions}
      name="predictions panel"
      problem={'problem' in state ? state.problem : undefined}
      timeStrip={{ annotations, range, now, timeZone, windows }}
      attributes={extra}
    >
      {body}
    </PanelFrame>
  );
  if ('problem' in state) {
    return root(null);
  }
  const { model } = state;
  if (model.view === 'overlay') {
    const { overlay } = model;
    const notes = [
      overlay.kind === 'histograms' ? 'Prometheus histogram buckets' : '',
      ...overlay.notes,
      overlay.outside > 0 ? `${overlay.outside} outside the score range left out` : '',
    ].filter(Boolean);
    return root(
      <>
        <BaselineComparisonView
          comparison={{
            field: overlay.field,
            unit: overlay.kind === 'histograms' ? undefined : overlay.unit,
            windows: overlay.windows,
            distribution: overlay.distribution,
            dropped: overlay.dropped,
          }}
          binLabels={overlay.binLabels}
          width={width}
          height={height}
          footerHeight={QUANTILE_TABLE_HEIGHT + (notes.length ? 16 : 0)}
          timeZone={timeZone}
          summary={<DriftBadge overlay={overlay} />}
        />
        {notes.length > 0 && (
          <div className={styles.note} data-testid={testIds.overlayNotes} title={notes.join('\n')}>
            {notes.join(' · ')}
          </div>
        )}
        <QuantileTable
          baseline={overlay.quantiles.baseline}
          current={overlay.quantiles.current}
          currentLabel={currentLabelOf(overlay.windows)}
          unit={overlay.unit}
        />
      </>,
      { 'data-view': 'overlay', 'data-input': overlay.kind, 'data-current-source': overlay.windows.currentSource },
      overlay.windows
    );
  }
  const windows = model.view === 'calibration' ? model.calibration.windows : model.windows;
  const title =
    model.view === 'fan'
      ? `${model.field}: quantiles over time`
      : model.view === 'classes'
        ? `${model.balance.field}: predicted classes`
        : `${model.calibration.field}: calibration against ${model.calibration.outcome}`;
  const header = (
    <div className={styles.header} style={{ height: HEADER_HEIGHT }}>
      <div className={styles.title} data-testid={testIds.field}>
        {title}
      </div>
      <div className={styles.windows}>
        Baseline {describeWindow(windows.baseline, timeZone)} · {currentLabelOf(windows)}{' '}
        {describeWindow(windows.current, timeZone)}
      </div>
    </div>
  );
  const bodyHeight = height - HEADER_HEIGHT;
  let body: React.ReactNode;
  if (model.view === 'fan') {
    body = (
      <QuantileFan
        fan={model.fan}
        field={model.field}
        unit={model.unit}
        range={range}
        events={events}
        now={now}
        width={width}
        height={bodyHeight}
        timeZone={timeZone}
      />
    );
  } else if (model.view === 'classes') {
    body = (
      <ClassBalanceChart
        balance={model.balance}
        range={range}
        events={events}
        now={now}
        width={width}
        height={bodyHeight}
        timeZone={timeZone}
      />
    );
  } else {
    body = (
      <CalibrationChart
        calibration={model.calibration}
        currentLabel={currentLabelOf(windows)}
        width={width}
        height={bodyHeight}
      />
    );
  }
  return root(
    <>
      {header}
      {body}
    </>,
    { 'data-view': model.view, 'data-current-source': windows.currentSource },
    windows
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  header: css({ padding: theme.spacing(0, 1), overflow: 'hidden' }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, whiteSpace: 'nowrap' }),
  windows: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  note: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0, 1),
    height: 16,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  drifted: css({ fontSize: theme.typography.bodySmall.fontSize, color: theme.colors.error.text, fontWeight: 'normal' }),
  stable: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.success.text,
    fontWeight: 'normal',
  }),
});
