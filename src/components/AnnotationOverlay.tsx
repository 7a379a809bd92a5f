import React, { useState } from 'react';
import { css, cx } from '@emotion/css';
import { colorManipulator, dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { Button, Icon, Tooltip, useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationEvent } from '../data/annotations';
import { OverlayEditing } from './annotations/AnnotationEditing';
import { RegionEdges, RegionEdit } from './annotations/RegionEdges';
import { KIND_ICON, KIND_LABEL, kindColor } from './annotationKinds';
import { formatLeadTime } from './formatLeadTime';
import { testIds } from '../testIds';

export interface OverlayGeometry {
  /** Left edge of the plotting area inside the overlay's parent, px. */
  left: number;
  /** Width of the plotting area, px. */
  width: number;
  top: number;
  height: number;
}

interface Props {
  events: AnnotationEvent[];
  /** The time domain drawn across the plotting area. */
  range: { from: number; to: number };
  geometry: OverlayGeometry;
  now: number;
  incidentStart?: number;
  timeZone?: TimeZone;
  /** For people who may annotate: an Edit action in the tooltip, and draggable edges on regions. */
  editing?: OverlayEditing;
}

/** 'saved' once Grafana has the annotation; else where its write is (pending, sending, failed). */
function writeState(event: AnnotationEvent): 'saved' | 'pending' | 'sending' | 'failed' {
  return !event.writeStatus || event.writeStatus === 'sent' ? 'saved' : event.writeStatus;
}

/** Deploy, data, config, incident and other annotations as markers and bands over a time axis. */
export function AnnotationOverlay({ events, range, geometry, now, incidentStart, timeZone, editing }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const [dragged, setDragged] = useState<{ id: string; edit: RegionEdit } | undefined>();
  const span = range.to - range.from;
  if (!(span > 0) || geometry.width <= 0) {
    return null;
  }
  const toPx = (time: number) => geometry.left + ((time - range.from) / span) * geometry.width;
  const drawn = dragged
    ? events.map((event) => (event.id === dragged.id ? { ...event, ...dragged.edit } : event))
    : events;
  const visible = drawn.filter((event) => event.time <= range.to && (event.timeEnd ?? now) >= range.from);

  return (
    <div
      className={styles.layer}
      style={{ top: geometry.top, height: geometry.height }}
      data-testid={testIds.annotations}
    >
      {visible.map((event) => {
        const color = kindColor(theme, event.kind);
        const start = Math.max(toPx(event.time), geometry.left);
        const end = Math.min(toPx(event.timeEnd ?? now), geometry.left + geometry.width);
        const ongoing = event.isRegion && event.timeEnd === undefined;
        const tooltip = (
          <div className={styles.tooltip} data-testid={testIds.annotationTooltip}>
            <div className={styles.tooltipTitle}>
              <Icon name={KIND_ICON[event.kind]} style={{ color }} /> {KIND_LABEL[event.kind]}
              {ongoing ? ' (ongoing)' : ''}
            </div>
            <div className={styles.tooltipText}>{event.text}</div>
            {event.tags.length > 0 && <div className={styles.tooltipMeta}>tags: {event.tags.join(', ')}</div>}
            {event.login && <div className={styles.tooltipMeta}>by {event.login}</div>}
            {writeState(event) !== 'saved' && (
              <div className={styles.tooltipWrite}>
                {event.writeStatus === 'failed'
                  ? `Not saved: ${event.writeProblem ?? 'unknown error'}`
                  : `Saving to Grafana…${event.writeProblem ? ` (${event.writeProblem})` : ''}`}
              </div>
            )}
            <div className={styles.tooltipMeta}>
              {dateTimeFormat(event.time, { timeZone })}
              {event.isRegion && event.timeEnd !== undefined ? ` → ${dateTimeFormat(event.timeEnd, { timeZone })}` : ''}
              {incidentStart !== undefined
                ? ` (${formatLeadTime(event.time - incidentStart)} from incident start)`
                : ''}
            </div>
            {editing?.canEdit(event) && (
              <Button
                size="sm"
                variant="secondary"
                fill="outline"
                icon="pen"
                className={styles.edit}
                onClick={() => editing.onEdit(event)}
                data-testid={testIds.annotationEdit}
              >
                Edit
              </Button>
            )}
          </div>
        );
        return (
          <React.Fragment key={event.id}>
            {event.isRegion && (
              <div
                className={styles.band}
                data-testid={testIds.annotationBand}
                data-kind={event.kind}
                data-status={writeState(event)}
                style={{
                  left: start,
                  width: Math.max(end - start, 1),
                  background: colorManipulator.alpha(color, 0.12),
                  borderColor: colorManipulator.alpha(color, 0.6),
                }}
              >
                {ongoing && <span className={styles.ongoing}>ongoing</span>}
              </div>
            )}
            <div className={styles.line} style={{ left: start, background: color }} />
            {editing && event.isRegion && event.timeEnd !== undefined && editing.canEdit(event) && (
              <RegionEdges
                event={{ ...event, timeEnd: event.timeEnd }}
                range={range}
                left={geometry.left}
                width={geometry.width}
                color={color}
                label={`${KIND_LABEL[event.kind]}: ${event.text}`}
                timeZone={timeZone}
                onPreview={(edit) => setDragged(edit && { id: event.id, edit })}
                onCommit={(edit) => editing.onMoveEdges(event, edit)}
              />
            )}
            <Tooltip content={tooltip} placement="bottom" interactive>
              <button
                type="button"
                className={cx(styles.marker, writeState(event) !== 'saved' && styles.unsaved)}
                style={{ left: start - 8, color }}
                aria-label={`${KIND_LABEL[event.kind]}: ${event.text}`}
                data-testid={testIds.annotation}
                data-kind={event.kind}
                data-region={event.isRegion ? 'true' : 'false'}
                data-status={writeState(event)}
                data-color={color}
              >
                <Icon name={KIND_ICON[event.kind]} size="sm" />
              </button>
            </Tooltip>
          </React.Fragment>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  layer: css({ position: 'absolute', left: 0, right: 0, pointerEvents: 'none', zIndex: 1 }),
  band: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    borderLeft: '1px solid',
    borderRight: '1px dashed',
  }),
  ongoing: css({
    position: 'absolute',
    right: theme.spacing(0.5),
    bottom: theme.spacing(0.25),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.error.text,
    fontStyle: 'italic',
  }),
  line: css({ position: 'absolute', top: 0, bottom: 0, width: 1, opacity: 0.8 }),
  marker: css({
    position: 'absolute',
    top: -2,
    width: 16,
    height: 16,
    padding: 0,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    pointerEvents: 'auto',
    cursor: 'pointer',
    background: theme.colors.background.primary,
    border: '1px solid currentColor',
    borderRadius: theme.shape.radius.circle,
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}` },
  }),
  unsaved: css({ borderStyle: 'dashed', opacity: 0.75 }),
  tooltipWrite: css({ color: theme.colors.warning.text, fontSize: theme.typography.bodySmall.fontSize }),
  tooltip: css({ maxWidth: 360 }),
  edit: css({ marginTop: theme.spacing(0.5) }),
  tooltipTitle: css({ fontWeight: theme.typography.fontWeightMedium }),
  tooltipText: css({ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', margin: theme.spacing(0.5, 0) }),
  tooltipMeta: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
});
