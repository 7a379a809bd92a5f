import React, { useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { FeatureDrift } from '../../analysis';
import { AnnotationEvent } from '../../data/annotations';
import { AnnotationOverlay } from '../../components/AnnotationOverlay';
import { severityColor } from './DriftGlyphs';
import { testIds } from '../../testIds';

interface Props {
  features: FeatureDrift[];
  range: { from: number; to: number };
  events: AnnotationEvent[];
  now: number;
  width: number;
  height: number;
  timeZone: TimeZone;
  selectedWindow?: number;
  onSelectRange: (range: { from: number; to: number }) => void;
  onSelectWindow: (index: number) => void;
  onSelectFeature: (feature: string) => void;
}

const LABEL_WIDTH = 160;
const AXIS_HEIGHT = 22;
const TOP = 18;

/**
 * Features × windows, each cell coloured by severity (score relative to threshold: green well below,
 * yellow approaching, orange drifted, red three times over), annotations over the time axis. Drag across
 * the cells to zoom; click a cell to make its window the current one.
 */
export function DriftHeatmap(props: Props) {
  const { features, range, events, now, width, height, timeZone, selectedWindow } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | undefined>();
  const gridWidth = Math.max(width - LABEL_WIDTH - 8, 40);
  const gridHeight = Math.max(height - AXIS_HEIGHT - TOP, 20);
  const rowHeight = features.length ? gridHeight / features.length : gridHeight;
  const span = range.to - range.from;
  const toX = (time: number) => ((time - range.from) / span) * gridWidth;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) {
      return;
    }
    const ratio = window.devicePixelRatio || 1;
    element.width = Math.round(gridWidth * ratio);
    element.height = Math.round(gridHeight * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, gridWidth, gridHeight);
    features.forEach((feature, row) => {
      for (const cell of feature.windows) {
        const left = toX(cell.from);
        context.fillStyle = severityColor(theme, cell.severity);
        context.fillRect(left, row * rowHeight, Math.max(toX(cell.to) - left, 1), Math.max(rowHeight - 1, 1));
      }
    });
    const selected = selectedWindow !== undefined ? features[0]?.windows[selectedWindow] : undefined;
    if (selected) {
      context.strokeStyle = theme.colors.text.primary;
      context.lineWidth = 2;
      context.strokeRect(toX(selected.from), 0, toX(selected.to) - toX(selected.from), gridHeight);
    }
    // toX depends only on the values listed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [features, gridWidth, gridHeight, rowHeight, range.from, span, theme, selectedWindow]);

  const timeAt = (x: number) => range.from + (Math.min(Math.max(x, 0), gridWidth) / gridWidth) * span;
  const offsetX = (event: React.MouseEvent) => event.clientX - event.currentTarget.getBoundingClientRect().left;
  const onMouseUp = (event: React.MouseEvent) => {
    if (!drag) {
      return;
    }
    const end = offsetX(event);
    setDrag(undefined);
    if (Math.abs(end - drag.start) >= 4) {
      const [a, b] = [timeAt(drag.start), timeAt(end)].sort((x, y) => x - y);
      props.onSelectRange({ from: a, to: b });
      return;
    }
    const row = Math.floor((event.clientY - event.currentTarget.getBoundingClientRect().top) / rowHeight);
    const time = timeAt(end);
    const index = features[row]?.windows.findIndex((cell) => time >= cell.from && time < cell.to) ?? -1;
    if (index >= 0) {
      props.onSelectWindow(index);
    }
  };
  const tickCount = Math.max(2, Math.floor(gridWidth / 120));
  const ticks = Array.from({ length: tickCount }, (_, i) => range.from + (span * i) / (tickCount - 1));
  const format = span > 2 * 86_400_000 ? 'MM-DD' : 'HH:mm';

  return (
    <div
      className={styles.wrapper}
      style={{ width, height }}
      data-testid={testIds.heatmap}
      data-rows={features.length}
      data-windows={features[0]?.windows.length ?? 0}
    >
      <div className={styles.labels} style={{ top: TOP, width: LABEL_WIDTH }}>
        {features.map((feature) => (
          <button
            key={feature.feature}
            type="button"
            className={styles.label}
            style={{ height: rowHeight }}
            title={`${feature.feature}: ${feature.method} ${feature.score.toPrecision(3)}`}
            onClick={() => props.onSelectFeature(feature.feature)}
            data-testid={testIds.heatmapFeature}
            data-feature={feature.feature}
            data-drift-start={feature.driftStart?.from ?? ''}
          >
            {feature.feature}
          </button>
        ))}
      </div>
      <canvas
        ref={canvas}
        className={styles.canvas}
        style={{ left: LABEL_WIDTH, top: TOP, width: gridWidth, height: gridHeight }}
        onMouseDown={(event) => setDrag({ start: offsetX(event), end: offsetX(event) })}
        onMouseMove={(event) => drag && setDrag({ ...drag, end: offsetX(event) })}
        onMouseUp={onMouseUp}
        onMouseLeave={() => setDrag(undefined)}
        aria-label="Drift per feature and window"
        role="img"
      />
      {drag && Math.abs(drag.end - drag.start) >= 4 && (
        <div
          className={styles.selection}
          style={{
            left: LABEL_WIDTH + Math.min(drag.start, drag.end),
            width: Math.abs(drag.end - drag.start),
            top: TOP,
            height: gridHeight,
          }}
        />
      )}
      <AnnotationOverlay
        events={events}
        range={range}
        geometry={{ left: LABEL_WIDTH, width: gridWidth, top: TOP - 16, height: gridHeight + 16 }}
        now={now}
        timeZone={timeZone}
      />
      <div className={styles.axis} style={{ left: LABEL_WIDTH, top: TOP + gridHeight, width: gridWidth }}>
        {ticks.map((tick) => (
          <span key={tick} className={styles.tick} style={{ left: toX(tick) }}>
            {dateTimeFormat(tick, { timeZone, format })}
          </span>
        ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', overflow: 'hidden' }),
  labels: css({ position: 'absolute', left: 0, display: 'flex', flexDirection: 'column' }),
  label: css({
    all: 'unset',
    cursor: 'pointer',
    display: 'flex',
    alignItems: 'center',
    paddingRight: theme.spacing(1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    '&:hover, &:focus-visible': { color: theme.colors.text.primary, textDecoration: 'underline' },
  }),
  canvas: css({ position: 'absolute', cursor: 'crosshair' }),
  selection: css({ position: 'absolute', background: theme.colors.primary.transparent, pointerEvents: 'none' }),
  axis: css({ position: 'absolute', height: AXIS_HEIGHT }),
  tick: css({
    position: 'absolute',
    transform: 'translateX(-50%)',
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
    paddingTop: 2,
  }),
});
