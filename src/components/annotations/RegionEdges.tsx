import React, { useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { AnnotationEvent } from '../../data/annotations';
import { testIds } from '../../testIds';

export interface RegionEdit {
  time: number;
  timeEnd: number;
}

interface Props {
  event: AnnotationEvent & { timeEnd: number };
  /** The time domain across the plotting area, and where that area lies in the overlay, px. */
  range: { from: number; to: number };
  left: number;
  width: number;
  color: string;
  label: string;
  timeZone?: TimeZone;
  /** The edges while a drag is under way, so the band follows the pointer. */
  onPreview: (edit: RegionEdit | undefined) => void;
  /** The edges once the drag or key press is done: stored and sent as a PATCH. */
  onCommit: (edit: RegionEdit) => void;
}

/** Arrow keys move an edge by 1% of the range; with Shift, by 10%. */
const KEY_STEP_FRACTION = 0.01;
const SHIFT_STEP_FRACTION = 0.1;

/** The region keeps at least this share of the range between its edges, so it never collapses to a point. */
const MIN_WIDTH_FRACTION = 0.002;

/**
 * Grab handles on a region's two edges: drag one with the mouse, or focus it and use the arrow keys, to
 * move where the region starts or ends (grafana/grafana#125914).
 */
export function RegionEdges({ event, range, left, width, color, label, timeZone, onPreview, onCommit }: Props) {
  const styles = useStyles2(getStyles);
  const span = range.to - range.from;
  const minWidth = span * MIN_WIDTH_FRACTION;
  const drag = useRef<{ edge: 'start' | 'end'; startX: number; origin: number; edit: RegionEdit } | undefined>(
    undefined
  );
  const [active, setActive] = useState<'start' | 'end' | undefined>();

  const moved = (edge: 'start' | 'end', to: number): RegionEdit => {
    const clamped = Math.min(Math.max(to, range.from), range.to);
    return edge === 'start'
      ? { time: Math.min(clamped, event.timeEnd - minWidth), timeEnd: event.timeEnd }
      : { time: event.time, timeEnd: Math.max(clamped, event.time + minWidth) };
  };

  useEffect(() => {
    const onMove = (mouse: MouseEvent) => {
      const current = drag.current;
      if (!current) {
        return;
      }
      current.edit = moved(current.edge, current.origin + ((mouse.clientX - current.startX) / width) * span);
      onPreview(current.edit);
    };
    const onUp = (mouse: MouseEvent) => {
      const current = drag.current;
      if (!current) {
        return;
      }
      mouse.stopPropagation();
      drag.current = undefined;
      setActive(undefined);
      onPreview(undefined);
      const origin = current.edge === 'start' ? current.edit.time : current.edit.timeEnd;
      if (origin !== current.origin) {
        onCommit(current.edit);
      }
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp, true);
    return () => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp, true);
    };
  });

  const toPx = (time: number) => left + ((time - range.from) / span) * width;
  const handle = (edge: 'start' | 'end') => {
    const time = edge === 'start' ? event.time : event.timeEnd;
    const x = toPx(time);
    if (x < left - 1 || x > left + width + 1) {
      return null;
    }
    return (
      <div
        key={edge}
        role="slider"
        tabIndex={0}
        aria-label={`${edge === 'start' ? 'Start' : 'End'} of ${label}`}
        aria-valuemin={range.from}
        aria-valuemax={range.to}
        aria-valuenow={time}
        aria-valuetext={dateTimeFormat(time, { timeZone })}
        title={`Drag to move the ${edge} (arrow keys too)`}
        data-testid={testIds.annotationEdge}
        data-edge={edge}
        className={styles.handle}
        style={{ left: x - 4, borderColor: color, background: active === edge ? color : undefined }}
        onMouseDown={(mouse) => {
          if (mouse.button !== 0 || mouse.ctrlKey || mouse.metaKey) {
            return;
          }
          mouse.preventDefault();
          mouse.stopPropagation();
          drag.current = {
            edge,
            startX: mouse.clientX,
            origin: time,
            edit: { time: event.time, timeEnd: event.timeEnd },
          };
          setActive(edge);
        }}
        onKeyDown={(key) => {
          if (key.key !== 'ArrowLeft' && key.key !== 'ArrowRight') {
            return;
          }
          key.preventDefault();
          const step = span * (key.shiftKey ? SHIFT_STEP_FRACTION : KEY_STEP_FRACTION);
          onCommit(moved(edge, time + (key.key === 'ArrowLeft' ? -step : step)));
        }}
      />
    );
  };
  return (
    <>
      {handle('start')}
      {handle('end')}
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  handle: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 8,
    cursor: 'ew-resize',
    pointerEvents: 'auto',
    borderLeft: '2px solid',
    borderRight: '2px solid',
    borderColor: 'transparent',
    opacity: 0.5,
    '&:hover, &:focus-visible': { opacity: 1, outline: 'none', background: theme.colors.action.hover },
  }),
});
