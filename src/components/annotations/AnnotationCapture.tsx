import React, { useCallback, useEffect, useRef, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../testIds';

export interface CaptureArea {
  /** Left edge of the time axis inside the wrapper, px. */
  left: number;
  /** Width of the time axis, px. */
  width: number;
}

interface Props {
  range: { from: number; to: number };
  area: CaptureArea;
  enabled: boolean;
  /** A point (timeEnd undefined) or a region the person marked. */
  onCapture: (time: number, timeEnd?: number) => void;
  children: React.ReactNode;
  className?: string;
}

const CLICK_TOLERANCE_PX = 3;

/**
 * Ctrl/Cmd+click marks a point and Ctrl/Cmd+drag a region on a time axis. The gesture is taken in the
 * capture phase, so the charts underneath never start their own zoom selection for it; plain drags still
 * reach them.
 */
export function AnnotationCapture({ range, area, enabled, onCapture, children, className }: Props) {
  const styles = useStyles2(getStyles);
  const wrapper = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<{ start: number; end: number } | undefined>();
  const dragging = useRef<{ start: number; end: number } | undefined>(undefined);

  const clampX = useCallback(
    (clientX: number) => {
      const box = wrapper.current!.getBoundingClientRect();
      return Math.min(Math.max(clientX - box.left, area.left), area.left + area.width);
    },
    [area]
  );
  const timeAt = useCallback(
    (x: number) => range.from + ((x - area.left) / area.width) * (range.to - range.from),
    [range, area]
  );

  const onMouseDownCapture = (event: React.MouseEvent) => {
    if (!enabled || event.button !== 0 || !(event.ctrlKey || event.metaKey) || area.width <= 0) {
      return;
    }
    const box = wrapper.current!.getBoundingClientRect();
    const x = event.clientX - box.left;
    if (x < area.left || x > area.left + area.width) {
      return;
    }
    event.preventDefault();
    event.stopPropagation();
    dragging.current = { start: x, end: x };
    setSelection(dragging.current);
  };

  useEffect(() => {
    const onMove = (event: MouseEvent) => {
      if (!dragging.current) {
        return;
      }
      dragging.current = { ...dragging.current, end: clampX(event.clientX) };
      setSelection(dragging.current);
    };
    const onUp = (event: MouseEvent) => {
      const drag = dragging.current;
      if (!drag) {
        return;
      }
      event.stopPropagation();
      dragging.current = undefined;
      setSelection(undefined);
      const low = Math.min(drag.start, drag.end);
      const high = Math.max(drag.start, drag.end);
      if (high - low < CLICK_TOLERANCE_PX) {
        onCapture(Math.round(timeAt(drag.start)));
      } else {
        onCapture(Math.round(timeAt(low)), Math.round(timeAt(high)));
      }
    };
    window.addEventListener('mousemove', onMove, true);
    window.addEventListener('mouseup', onUp, true);
    return () => {
      window.removeEventListener('mousemove', onMove, true);
      window.removeEventListener('mouseup', onUp, true);
    };
  }, [clampX, timeAt, onCapture]);

  return (
    <div
      ref={wrapper}
      className={`${styles.wrapper} ${className ?? ''}`}
      onMouseDownCapture={onMouseDownCapture}
      data-testid={testIds.annotationCapture}
      data-can-annotate={enabled ? 'true' : 'false'}
    >
      {children}
      {selection && (
        <div
          className={styles.selection}
          data-testid={testIds.annotationSelection}
          style={{ left: Math.min(selection.start, selection.end), width: Math.abs(selection.end - selection.start) }}
        />
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative' }),
  selection: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    pointerEvents: 'none',
    zIndex: 2,
    background: theme.colors.action.selected,
    border: `1px dashed ${theme.colors.primary.border}`,
  }),
});
