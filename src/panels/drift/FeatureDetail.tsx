import React, { useCallback, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { Badge, Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { FeatureDrift, formatDriftScore } from '../../analysis';
import { AnnotationEvent } from '../../data/annotations';
import { driftHistogramView } from '../../data/driftHistogram';
import { AnnotationOverlay, OverlayGeometry } from '../../components/AnnotationOverlay';
import { DistributionChart } from '../../components/DistributionChart';
import { driftVerdict, verdictText } from './verdict';
import { ScoreOverTime } from './ScoreOverTime';
import { testIds } from '../../testIds';

interface Props {
  feature: FeatureDrift;
  unit?: string;
  /** What to know before trusting the verdict, e.g. that a shift inside one coarse bucket cannot be seen. */
  note?: string;
  range: { from: number; to: number };
  events: AnnotationEvent[];
  now: number;
  width: number;
  height: number;
  timeZone: TimeZone;
  selectedWindow?: number;
  onSelectRange: (range: { from: number; to: number }) => void;
  onSelectWindow: (index: number) => void;
}

const HEADER_HEIGHT = 44;
const NOTE_HEIGHT = 18;
/** Below this width the distribution and the score over time are stacked, if each still gets this height. */
const COLUMNS_MIN_WIDTH = 700;
const STACKED_MIN_CHART_HEIGHT = 120;

/**
 * Where the distribution and the score over time go in `width` × `chartsHeight`: side by side in a wide
 * detail, or in a low one (a small panel, where stacking would squeeze both charts to a strip); stacked in
 * a narrow, tall one. Recorded scores have no distribution: the score over time then takes it all.
 */
export function detailLayout(width: number, chartsHeight: number, hasHistogram: boolean) {
  const twoColumns = !hasHistogram || width >= COLUMNS_MIN_WIDTH || chartsHeight / 2 < STACKED_MIN_CHART_HEIGHT;
  return {
    twoColumns,
    chartWidth: twoColumns && hasHistogram ? Math.floor(width / 2) - 4 : width,
    chartHeight: twoColumns ? chartsHeight : chartsHeight / 2,
  };
}

/**
 * One feature: baseline against current distribution, its score per window with the threshold, and why this
 * method. Memoised, so re-sorting the ranking around an open row does not rebuild its charts.
 */
export const FeatureDetail = React.memo(function FeatureDetail(props: Props) {
  const {
    feature,
    unit,
    note,
    range,
    events,
    now,
    width,
    height,
    timeZone,
    selectedWindow,
    onSelectRange,
    onSelectWindow,
  } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [geometry, setGeometry] = useState<OverlayGeometry | undefined>();
  const onGeometry = useCallback(
    (next: OverlayGeometry) =>
      setGeometry((previous) =>
        previous && previous.left === next.left && previous.width === next.width && previous.height === next.height
          ? previous
          : next
      ),
    []
  );
  const histogram = useMemo(
    () => (feature.histogram ? driftHistogramView(feature.histogram) : undefined),
    [feature.histogram]
  );
  const headerHeight = HEADER_HEIGHT + (note ? NOTE_HEIGHT : 0);
  const { twoColumns, chartWidth, chartHeight } = detailLayout(width, height - headerHeight, histogram !== undefined);
  const window = selectedWindow !== undefined ? feature.windows[selectedWindow] : undefined;
  const comparison = feature.scoreKind === 'p-value' ? 'drift when below' : 'drift when above';
  const verdict = driftVerdict(feature);
  return (
    <div
      className={styles.wrapper}
      data-testid={testIds.featureDetail}
      data-feature={feature.feature}
      data-drift-start={verdict.since ?? ''}
    >
      <div className={styles.header} style={{ minHeight: headerHeight }}>
        <div className={styles.title}>
          <span data-testid={testIds.field}>{feature.feature}</span>
          {feature.drifted ? (
            <Badge color="orange" text="Drifted" icon="exclamation-triangle" />
          ) : (
            <Badge color="green" text="Stable" />
          )}
          <span className={styles.meta}>
            {feature.method} {formatDriftScore(feature.score)} (threshold {formatDriftScore(feature.threshold)},{' '}
            {comparison}){' · '}
            <span data-testid={testIds.verdict}>
              {verdictText(verdict, (epochMs) => dateTimeFormat(epochMs, { timeZone, format: 'YYYY-MM-DD HH:mm' }))}
            </span>
            {window &&
              ` · window ${dateTimeFormat(window.from, { timeZone, format: 'MM-DD HH:mm' })}: ${formatDriftScore(window.score)}${feature.source === 'recorded' ? '' : `, n=${window.count}`}`}
          </span>
        </div>
        <div className={styles.reason} data-testid={testIds.reason}>
          Why {feature.method}: {feature.reason}
          {feature.droppedNonFinite > 0 && (
            <span className={styles.warning} data-testid={testIds.dropped}>
              {' '}
              · {feature.droppedNonFinite} missing or NaN values ignored
            </span>
          )}
        </div>
        {note && (
          <div className={styles.note} data-testid={testIds.featureNoteDetail} title={note}>
            <Icon name="info-circle" /> {note}
          </div>
        )}
      </div>
      <div className={twoColumns ? styles.row : undefined} data-layout={twoColumns ? 'columns' : 'stacked'}>
        {histogram && (
          <DistributionChart
            comparison={histogram.comparison}
            binLabels={histogram.labels}
            width={chartWidth}
            height={chartHeight}
            unit={unit}
            baselineLabel="Baseline"
            currentLabel="Current"
          />
        )}
        <div className={styles.overlayHost} data-testid={testIds.scoreOverTime}>
          <ScoreOverTime
            feature={feature}
            range={range}
            width={chartWidth}
            height={chartHeight}
            timeZone={timeZone}
            theme={theme}
            selectedWindow={selectedWindow}
            onSelectRange={onSelectRange}
            onSelectWindow={onSelectWindow}
            onGeometry={onGeometry}
          />
          {geometry && (
            <AnnotationOverlay events={events} range={range} geometry={geometry} now={now} timeZone={timeZone} />
          )}
        </div>
      </div>
    </div>
  );
});

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ overflow: 'hidden' }),
  header: css({ padding: theme.spacing(0, 1) }),
  title: css({
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'center',
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  }),
  meta: css({
    fontWeight: theme.typography.fontWeightRegular,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  reason: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  warning: css({ color: theme.colors.warning.text }),
  note: css({
    height: NOTE_HEIGHT,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  row: css({ display: 'flex', gap: theme.spacing(1) }),
  overlayHost: css({ position: 'relative' }),
});
