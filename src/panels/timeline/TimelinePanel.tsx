import React, { useCallback, useMemo, useState } from 'react';
import uPlot from 'uplot';
import { css } from '@emotion/css';
import { GrafanaTheme2, PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationOverlay, OverlayGeometry } from '../../components/AnnotationOverlay';
import { PanelProblem } from '../../components/PanelProblem';
import { LANE_AXIS_WIDTH, TimeLanePlot } from '../../components/TimeLanePlot';
import { incidentWindow, readAnnotations } from '../../data/annotations';
import { FrameProblemError } from '../../data/frames';
import { Lane, readMetricLanes } from '../../data/lanes';
import { usePanelNow } from '../usePanelNow';
import { TimelineOptions } from './types';

const LABEL_HEIGHT = 16;
const TIME_AXIS_HEIGHT = 28;

type Props = PanelProps<TimelineOptions>;

export function TimelinePanel({ data, width, height, options, timeRange, timeZone, onChangeTimeRange, id }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const now = usePanelNow(data);
  const range = useMemo(() => ({ from: timeRange.from.valueOf(), to: timeRange.to.valueOf() }), [timeRange]);
  const [plotArea, setPlotArea] = useState<{ left: number; width: number } | undefined>();

  const result = useMemo((): { lanes: Lane[] } | { problem: FrameProblemError } => {
    try {
      return { lanes: readMetricLanes(data.series) };
    } catch (error) {
      if (error instanceof FrameProblemError) {
        return { problem: error };
      }
      throw error;
    }
  }, [data.series]);

  const events = useMemo(() => readAnnotations(data.annotations), [data.annotations]);
  const incident = incidentWindow(events, range, now);

  const onSelectRange = useCallback(
    (selected: { from: number; to: number }) => onChangeTimeRange({ from: selected.from, to: selected.to }),
    [onChangeTimeRange]
  );
  const onPlotReady = useCallback((plot: uPlot) => {
    setPlotArea({ left: plot.over.offsetLeft, width: plot.over.clientWidth });
  }, []);

  if ('problem' in result) {
    return (
      <div data-testid="driftline-panel-timeline" style={{ width, height }}>
        <PanelProblem problem={result.problem.problem} panelId={id} data={data} />
      </div>
    );
  }

  const shown = result.lanes.slice(0, Math.max(1, options.maxLanes));
  const hidden = result.lanes.length - shown.length;
  const footer = hidden > 0 ? 20 : 0;
  const laneHeight = Math.max(36, Math.floor((height - TIME_AXIS_HEIGHT - footer) / shown.length) - LABEL_HEIGHT);
  const lanesHeight = shown.length * (laneHeight + LABEL_HEIGHT) + TIME_AXIS_HEIGHT;
  const geometry: OverlayGeometry = {
    left: plotArea?.left ?? LANE_AXIS_WIDTH,
    width: plotArea?.width ?? Math.max(0, width - LANE_AXIS_WIDTH),
    top: 0,
    height: lanesHeight - TIME_AXIS_HEIGHT,
  };
  const palette = theme.visualization.palette;

  return (
    <div data-testid="driftline-panel-timeline" className={styles.panel} style={{ width, height }}>
      <div className={styles.lanes} style={{ height: lanesHeight }}>
        {shown.map((lane, index) => {
          const isLast = index === shown.length - 1;
          return (
            <div key={lane.id} data-testid="driftline-lane" data-lane={lane.name}>
              <div className={styles.label} style={{ paddingLeft: geometry.left, height: LABEL_HEIGHT }}>
                {lane.name}
                {lane.gaps > 0 ? <span className={styles.gaps}> ({lane.gaps} missing values)</span> : null}
              </div>
              <TimeLanePlot
                times={lane.times}
                values={lane.values}
                range={range}
                width={width}
                height={laneHeight + (isLast ? TIME_AXIS_HEIGHT : 0)}
                color={theme.visualization.getColorByName(palette[index % palette.length])}
                unit={lane.unit}
                showTimeAxis={isLast}
                timeZone={timeZone}
                theme={theme}
                syncKey={`driftline-timeline-${id}`}
                onSelectRange={onSelectRange}
                onPlotReady={index === 0 ? onPlotReady : undefined}
              />
            </div>
          );
        })}
        {options.showAnnotations && (
          <AnnotationOverlay
            events={events}
            range={range}
            geometry={geometry}
            now={now}
            incidentStart={incident?.from}
            timeZone={timeZone}
          />
        )}
      </div>
      {hidden > 0 && (
        <div className={styles.more} data-testid="driftline-hidden-lanes">
          {hidden} more series not shown; raise “Max lanes” in the panel options to see them.
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ overflow: 'hidden', display: 'flex', flexDirection: 'column' }),
  lanes: css({ position: 'relative' }),
  label: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    lineHeight: `${LABEL_HEIGHT}px`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  gaps: css({ color: theme.colors.warning.text }),
  more: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0, 1),
  }),
});
