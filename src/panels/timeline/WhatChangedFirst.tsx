import React from 'react';
import { css, cx } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Icon, useStyles2, useTheme2 } from '@grafana/ui';
import { AnnotationKind } from '../../data/annotations';
import { CheckedDataLink } from '../../data/links';
import { KIND_ICON, KIND_LABEL, kindColor } from '../../components/annotationKinds';
import { formatLeadTime } from '../../components/formatLeadTime';
import { SendToWorkbench } from '../../sendToWorkbench/destination';
import { SendToWorkbenchButton } from '../../sendToWorkbench/SendToWorkbenchButton';
import { TimelineStep } from '../../findings/changeSequence';
import { testIds } from '../../testIds';

interface Props {
  steps: TimelineStep[];
  /** What the lead times are measured from, for the heading. */
  incidentSource: string;
  pending: boolean;
  selectedKey?: string;
  onSelect: (step: TimelineStep) => void;
  /** Data links (Explore) for a lane over the incident range, when its data source gives them, checked. */
  linksFor: (step: TimelineStep) => CheckedDataLink[];
  directionColor: (direction: 'up' | 'down') => string;
  /** "Send to workbench", shown when there are steps to send. */
  send?: SendToWorkbench;
}

export function stepKey(step: TimelineStep): string {
  // Onsets carry their time: a lane can move twice (a slow rise, then a step).
  return step.type === 'event'
    ? `event/${step.eventId}`
    : `${'recovery' in step ? 'recovery' : 'onset'}/${step.laneId}@${step.time}`;
}

/** The lead time of a step; for an onset the data date only to an interval, that interval ("−12 … −9 min"). */
function leadText(step: TimelineStep): string {
  if (step.type === 'onset' && step.interval && step.interval.to > step.interval.from) {
    const start = step.time - step.offsetMs;
    const from = formatLeadTime(step.interval.from - start);
    const to = formatLeadTime(step.interval.to - start);
    if (from !== to) {
      return `${from} … ${to}`;
    }
  }
  return formatLeadTime(step.offsetMs);
}

/** Names of the other onsets the data cannot order against this one. */
function sameTimeAs(step: TimelineStep, steps: TimelineStep[]): string[] {
  if (step.type !== 'onset' || step.simultaneousGroup === undefined) {
    return [];
  }
  return steps
    .filter((other) => other !== step && other.type === 'onset' && other.simultaneousGroup === step.simultaneousGroup)
    .map((other) => other.displayLabel);
}

function sameGroup(other: TimelineStep | undefined, step: TimelineStep): boolean {
  return (
    other !== undefined &&
    other.type === 'onset' &&
    step.type === 'onset' &&
    other.simultaneousGroup !== undefined &&
    other.simultaneousGroup === step.simultaneousGroup
  );
}

/**
 * "What changed first": onsets and the change annotations around them, in time order, with lead times.
 * Onsets whose uncertainty intervals overlap are marked as moving at the same time, so an order set by
 * noise is never read as cause and effect.
 */
export function WhatChangedFirst({
  steps,
  incidentSource,
  pending,
  selectedKey,
  onSelect,
  linksFor,
  directionColor,
  send,
}: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  return (
    <section
      className={styles.list}
      data-testid={testIds.whatChangedFirst}
      data-pending={pending ? 'true' : 'false'}
      aria-label="What changed first"
    >
      <h6 className={styles.heading}>
        What changed first <span className={styles.sub}>(lead time from {incidentSource})</span>
      </h6>
      {send && steps.length > 0 && (
        <div className={styles.actions}>
          <SendToWorkbenchButton send={send} />
        </div>
      )}
      {steps.length === 0 && (
        <div className={styles.empty} data-testid={testIds.noOnsets}>
          {pending ? 'Looking for onsets…' : 'No signal left its baseline in this window.'}
        </div>
      )}
      <ol className={styles.items}>
        {steps.map((step, index) => {
          const key = stepKey(step);
          const selected = key === selectedKey;
          const isEvent = step.type === 'event';
          const recovery = !isEvent && 'recovery' in step;
          const color = isEvent ? kindColor(theme, step.kind as AnnotationKind) : directionColor(step.direction);
          const links = selected ? linksFor(step) : [];
          const together = sameTimeAs(step, steps);
          const startsGroup = together.length > 0 && !sameGroup(steps[index - 1], step);
          const endsGroup = together.length > 0 && !sameGroup(steps[index + 1], step);
          const title = isEvent
            ? `${KIND_LABEL[step.kind as AnnotationKind] ?? step.kind}: ${step.label}`
            : `${recovery ? 'Recovery' : 'Onset'} of ${step.displayLabel} (${step.direction}${step.shape ? `, ${step.shape}` : ''})` +
              (together.length > 0
                ? `. Same time as ${together.join(', ')}: the data cannot tell which moved first`
                : '');
          return (
            <li key={key} className={styles.item}>
              <button
                type="button"
                className={cx(
                  styles.step,
                  selected && styles.selected,
                  isEvent && step.exonerated && styles.exonerated,
                  together.length > 0 && styles.grouped,
                  startsGroup && styles.groupStart,
                  endsGroup && styles.groupEnd
                )}
                data-testid={testIds.changeStep}
                data-step-type={step.type}
                {...(isEvent
                  ? { 'data-kind': step.kind }
                  : { 'data-lane': step.displayLabel, 'data-direction': step.direction })}
                data-exonerated={isEvent && step.exonerated ? 'true' : 'false'}
                data-recovery={recovery ? 'true' : 'false'}
                {...(!isEvent && step.shape ? { 'data-shape': step.shape } : {})}
                {...(!isEvent && step.simultaneousGroup !== undefined
                  ? { 'data-simultaneous-group': step.simultaneousGroup }
                  : {})}
                {...(startsGroup ? { 'data-group-start': 'true' } : {})}
                aria-pressed={selected}
                title={title}
                onClick={() => onSelect(step)}
              >
                <span className={styles.icon} style={{ color }} aria-hidden>
                  {isEvent ? (
                    <Icon name={KIND_ICON[step.kind as AnnotationKind] ?? 'comment-alt'} size="sm" />
                  ) : (
                    <Icon name={step.direction === 'up' ? 'arrow-up' : 'arrow-down'} size="sm" />
                  )}
                </span>
                <span className={styles.label}>
                  <span className={styles.name}>
                    {recovery ? 'recovery: ' : ''}
                    {step.displayLabel}
                    {isEvent && step.reason && <span className={styles.reason}>: {step.reason}</span>}
                    {!isEvent && step.shape && step.shape !== 'step' && (
                      <span className={styles.reason}> ({step.shape})</span>
                    )}
                  </span>
                  {together.length > 0 && (
                    <span className={styles.together} data-testid={testIds.sameTime}>
                      {' '}
                      ≈ same time as {together.join(', ')}
                    </span>
                  )}
                </span>
                <span className={styles.lead}>{leadText(step)}</span>
              </button>
              {links.length > 0 && (
                <div className={styles.links}>
                  {links.map((link, index) =>
                    link.href ? (
                      <a
                        key={index}
                        href={link.href}
                        target={link.target}
                        className={styles.link}
                        data-testid={testIds.stepLink}
                      >
                        <Icon name="compass" size="sm" /> {link.title || 'Explore'}
                      </a>
                    ) : (
                      <span
                        key={index}
                        className={styles.refusedLink}
                        title={`Not opened: ${link.refused?.reason}`}
                        data-testid={testIds.stepLinkRefused}
                      >
                        {link.title}: {link.refused?.text}
                      </span>
                    )
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    display: 'flex',
    flexDirection: 'column',
    minHeight: 0,
    overflow: 'hidden',
    borderLeft: `1px solid ${theme.colors.border.weak}`,
    paddingLeft: theme.spacing(1),
  }),
  heading: css({ margin: theme.spacing(0, 0, 0.5), fontSize: theme.typography.bodySmall.fontSize }),
  actions: css({ display: 'flex', margin: theme.spacing(0, 0, 0.5) }),
  sub: css({ color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular }),
  empty: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  items: css({ listStyle: 'none', margin: 0, padding: 0, overflowY: 'auto', flex: 1 }),
  item: css({ margin: 0 }),
  step: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    width: '100%',
    padding: theme.spacing(0.25, 0.5),
    background: 'none',
    border: '1px solid transparent',
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    fontSize: theme.typography.bodySmall.fontSize,
    textAlign: 'left',
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  selected: css({ background: theme.colors.action.selected, borderColor: theme.colors.primary.border }),
  exonerated: css({ color: theme.colors.text.secondary }),
  icon: css({ flexShrink: 0, display: 'flex' }),
  label: css({ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }),
  name: css({ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  reason: css({ color: theme.colors.text.secondary }),
  // On a line of its own, so the lane's name is never cut short by the names it is grouped with.
  together: css({ color: theme.colors.warning.text, whiteSpace: 'normal', overflowWrap: 'anywhere' }),
  // Onsets the data cannot order share a bracket down the list's left edge; each group has a bracket of its own.
  grouped: css({ borderLeftColor: theme.colors.warning.border, borderRadius: 0 }),
  groupStart: css({
    marginTop: theme.spacing(0.5),
    borderTopColor: theme.colors.warning.border,
    borderTopLeftRadius: theme.shape.radius.default,
  }),
  groupEnd: css({
    marginBottom: theme.spacing(0.5),
    borderBottomColor: theme.colors.warning.border,
    borderBottomLeftRadius: theme.shape.radius.default,
  }),
  lead: css({ flexShrink: 0, fontVariantNumeric: 'tabular-nums', color: theme.colors.text.secondary }),
  links: css({ padding: theme.spacing(0, 0, 0.5, 3) }),
  link: css({ color: theme.colors.text.link, fontSize: theme.typography.bodySmall.fontSize }),
  refusedLink: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    overflowWrap: 'anywhere',
  }),
});
