import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { Button, Icon, Spinner, Stack, useStyles2, useTheme2 } from '@grafana/ui';
import { CHECKING_MESSAGE, isClientTag, OutboxItem } from '../../api/outbox';
import { classifyAnnotation, DEFAULT_KIND_TAGS, KindTags } from '../../data/annotations';
import { KIND_ICON, KIND_LABEL, kindColor } from '../annotationKinds';
import { testIds } from '../../testIds';
import { stackedList } from '../listStyles';

export interface PendingAnnotationsProps {
  /** The dashboard's outbox items (`useOutbox().items`); sent ones are not shown. */
  items: readonly OutboxItem[];
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  timeZone?: TimeZone;
  kindTags?: KindTags;
}

function describe(item: OutboxItem, items: readonly OutboxItem[]): { text: string; tags: string[]; time?: number } {
  if (item.op === 'create') {
    return { text: item.annotation.text, tags: item.annotation.tags, time: item.annotation.time };
  }
  const target = 'clientId' in item.target ? item.target.clientId : undefined;
  const original = items.find((other) => other.clientId === target);
  const base = original?.op === 'create' ? original.annotation : undefined;
  return {
    text: item.patch.text ?? base?.text ?? 'Change to an annotation',
    tags: item.patch.tags ?? base?.tags ?? [],
    time: item.patch.time ?? base?.time,
  };
}

function statusLine(item: OutboxItem, items: readonly OutboxItem[], timeZone?: TimeZone): string {
  // A create that got no answer: it is looked for on the server before it is sent again.
  const checking = item.op === 'create' && item.unconfirmedSince !== undefined;
  if (item.status === 'sending') {
    return checking ? `${CHECKING_MESSAGE}…` : 'Sending…';
  }
  if (checking && item.status === 'pending') {
    return `${CHECKING_MESSAGE} (next check at ${dateTimeFormat(item.nextAttemptAt, { timeZone, format: 'HH:mm:ss' })})`;
  }
  if (item.status === 'failed') {
    return `Not sent: ${item.lastError?.message ?? 'unknown error'}`;
  }
  if (item.op === 'update' && 'clientId' in item.target) {
    const targetClientId = item.target.clientId;
    if (!items.some((other) => other.clientId === targetClientId && other.serverId !== undefined)) {
      return 'Waiting for the annotation it changes to be saved';
    }
  }
  if (item.lastError) {
    const nextTry = dateTimeFormat(item.nextAttemptAt, { timeZone, format: 'HH:mm:ss' });
    return `Not sent yet: ${item.lastError.message} (next try at ${nextTry})`;
  }
  return 'Not sent yet';
}

/**
 * The annotations of a dashboard that Grafana has not acknowledged: pending and sending ones with a
 * spinner, failed ones with the reason and Retry / Discard. All text is rendered as text, never as HTML.
 */
export function PendingAnnotations({
  items,
  onRetry,
  onDiscard,
  timeZone,
  kindTags = DEFAULT_KIND_TAGS,
}: PendingAnnotationsProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const unsent = items.filter((item) => item.status !== 'sent');
  if (unsent.length === 0) {
    return null;
  }
  return (
    <ul className={styles.list} aria-label="Annotations not yet saved" data-testid={testIds.outbox}>
      {unsent.map((item) => {
        const { text, tags, time } = describe(item, items);
        const visibleTags = tags.filter((tag) => !isClientTag(tag));
        const kind = classifyAnnotation(visibleTags, kindTags);
        const failed = item.status === 'failed';
        return (
          <li
            key={item.clientId}
            className={styles.item}
            data-testid={testIds.outboxItem}
            data-status={item.status}
            data-client-id={item.clientId}
          >
            <Stack direction="row" gap={1} alignItems="flex-start">
              <Icon name={KIND_ICON[kind]} style={{ color: kindColor(theme, kind) }} title={KIND_LABEL[kind]} />
              <div className={styles.body}>
                <div className={styles.text}>{text}</div>
                {visibleTags.length > 0 && <div className={styles.meta}>tags: {visibleTags.join(', ')}</div>}
                {time !== undefined && <div className={styles.meta}>{dateTimeFormat(time, { timeZone })}</div>}
                <div className={failed ? styles.error : styles.meta} role={failed ? 'alert' : 'status'}>
                  {failed ? <Icon name="exclamation-triangle" /> : <Spinner inline />}{' '}
                  {statusLine(item, items, timeZone)}
                </div>
              </div>
              {failed && (
                <Stack gap={0.5}>
                  <Button size="sm" variant="secondary" icon="sync" onClick={() => onRetry(item.clientId)}>
                    Retry
                  </Button>
                  <Button
                    size="sm"
                    variant="destructive"
                    fill="text"
                    icon="trash-alt"
                    onClick={() => onDiscard(item.clientId)}
                  >
                    Discard
                  </Button>
                </Stack>
              )}
            </Stack>
          </li>
        );
      })}
    </ul>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css(stackedList(theme)),
  item: css({
    padding: theme.spacing(0.5, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    border: `1px dashed ${theme.colors.border.medium}`,
  }),
  body: css({
    flex: 1,
    minWidth: 0,
  }),
  text: css({
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  }),
  meta: css({
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  error: css({
    color: theme.colors.error.text,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
