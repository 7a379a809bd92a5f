import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationEvent } from '../data/annotations';
import { AnnotationCapture } from './annotations/AnnotationCapture';
import { OverlayEditing } from './annotations/AnnotationEditing';
import { AnnotationOverlay } from './AnnotationOverlay';
import { testIds } from '../testIds';

export const TIME_STRIP_HEIGHT = 30;

interface Props {
  range: { from: number; to: number };
  width: number;
  events: AnnotationEvent[];
  now: number;
  incidentStart?: number;
  timeZone?: TimeZone;
  /** The windows a panel compares, shaded on the strip. */
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
  canAnnotate: boolean;
  onCapture: (time: number, timeEnd?: number) => void;
  editing?: OverlayEditing;
}

/**
 * The dashboard range as a thin time axis under a distribution panel: which windows are compared, the
 * annotations over them, and Ctrl/Cmd+click or drag to add one.
 */
export function AnnotationTimeStrip(props: Props) {
  const { range, width, events, now, incidentStart, timeZone, windows, canAnnotate, onCapture, editing } = props;
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const span = range.to - range.from;
  const toPx = (time: number) => ((Math.min(Math.max(time, range.from), range.to) - range.from) / span) * width;
  const shade = (window: { from: number; to: number }, color: string, label: string, testId: string) => (
    <div
      className={styles.window}
      data-testid={testId}
      style={{ left: toPx(window.from), width: Math.max(1, toPx(window.to) - toPx(window.from)), background: color }}
    >
      {label}
    </div>
  );
  const format = span > 2 * 86_400_000 ? 'MM-DD HH:mm' : 'HH:mm';
  return (
    <AnnotationCapture range={range} area={{ left: 0, width }} enabled={canAnnotate} onCapture={onCapture}>
      <div className={styles.strip} style={{ width, height: TIME_STRIP_HEIGHT }} data-testid={testIds.timeStrip}>
        {windows && shade(windows.baseline, theme.colors.info.transparent, 'baseline', testIds.stripBaseline)}
        {windows && shade(windows.current, theme.colors.warning.transparent, 'current', testIds.stripCurrent)}
        <span className={styles.start}>{dateTimeFormat(range.from, { timeZone, format })}</span>
        <span className={styles.end}>{dateTimeFormat(range.to, { timeZone, format })}</span>
        <AnnotationOverlay
          events={events}
          range={range}
          geometry={{ left: 0, width, top: 0, height: TIME_STRIP_HEIGHT }}
          now={now}
          incidentStart={incidentStart}
          timeZone={timeZone}
          editing={editing}
        />
      </div>
    </AnnotationCapture>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  strip: css({
    position: 'relative',
    borderTop: `1px solid ${theme.colors.border.weak}`,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    overflow: 'visible',
  }),
  window: css({
    position: 'absolute',
    top: 14,
    bottom: 0,
    paddingLeft: 2,
    lineHeight: `${TIME_STRIP_HEIGHT - 14}px`,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  }),
  start: css({ position: 'absolute', left: 2, top: 0, lineHeight: '14px', paddingLeft: 18 }),
  end: css({ position: 'absolute', right: 2, top: 0, lineHeight: '14px' }),
});
