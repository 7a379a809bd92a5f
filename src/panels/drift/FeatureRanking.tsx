import React, { useRef } from 'react';
import { css, cx } from '@emotion/css';
import { Badge, Icon, useStyles2 } from '@grafana/ui';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { FeatureDrift, formatDriftScore } from '../../analysis';
import { MiniDistribution, SeveritySparkline } from './DriftGlyphs';
import { testIds } from '../../testIds';
import { driftVerdict, verdictText } from './verdict';

interface Props {
  features: FeatureDrift[];
  expanded?: string;
  onToggle: (feature: string) => void;
  /** The expanded row's detail. */
  renderDetail: (feature: FeatureDrift) => React.ReactNode;
  /** What to know before trusting a feature's verdict (coarse token buckets), by feature. */
  notes?: Record<string, string>;
  width: number;
  height: number;
  timeZone?: TimeZone;
}

const DAY_MS = 86_400_000;

/** Features ranked by drift; Enter or Space expands a row, the arrow keys move between rows. */
export function FeatureRanking({
  features,
  expanded,
  onToggle,
  renderDetail,
  notes = {},
  width,
  height,
  timeZone,
}: Props) {
  const styles = useStyles2(getStyles);
  const rows = useRef<Array<HTMLDivElement | null>>([]);
  const sparkWidth = Math.max(60, Math.min(180, width * 0.2));
  const onKeyDown = (event: React.KeyboardEvent, index: number, feature: string) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onToggle(feature);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(Math.max(index + (event.key === 'ArrowDown' ? 1 : -1), 0), features.length - 1);
      rows.current[next]?.focus();
    }
  };
  return (
    <div
      className={styles.table}
      role="table"
      aria-label="Features ranked by drift"
      style={{ height }}
      data-testid={testIds.ranking}
    >
      <div className={cx(styles.row, styles.head)} role="row">
        <span role="columnheader">#</span>
        <span role="columnheader">Feature</span>
        <span role="columnheader">Method</span>
        <span role="columnheader" className={styles.number}>
          Score
        </span>
        <span role="columnheader" className={styles.number}>
          Threshold
        </span>
        <span role="columnheader">Drift</span>
        <span role="columnheader">Over time</span>
        <span role="columnheader">Baseline / current</span>
      </div>
      {features.map((feature, index) => {
        const open = expanded === feature.feature;
        const verdict = driftVerdict(feature);
        const windows = feature.windows;
        const withinADay = windows.length > 0 && windows[windows.length - 1].to - windows[0].from <= DAY_MS;
        const formatTime = (epochMs: number) =>
          dateTimeFormat(epochMs, { timeZone, format: withinADay ? 'HH:mm' : 'MM-DD HH:mm' });
        const verdictWords = verdictText(verdict, formatTime);
        return (
          <React.Fragment key={feature.feature}>
            <div
              ref={(element) => {
                rows.current[index] = element;
              }}
              role="row"
              tabIndex={0}
              aria-expanded={open}
              className={cx(styles.row, styles.body, open && styles.open)}
              onClick={() => onToggle(feature.feature)}
              onKeyDown={(event) => onKeyDown(event, index, feature.feature)}
              data-testid={testIds.featureRow}
              data-feature={feature.feature}
              data-rank={index + 1}
              data-drifted={feature.drifted ? 'true' : 'false'}
              data-score={feature.score}
              data-severity={feature.severity}
              data-drift-start={verdict.since ?? ''}
              data-windows-crossed={verdict.crossed}
              data-verdict={verdictWords}
            >
              <span role="cell">
                <Icon name={open ? 'angle-down' : 'angle-right'} /> {index + 1}
              </span>
              <span role="cell" className={styles.name} title={feature.feature}>
                {notes[feature.feature] && (
                  <span
                    role="img"
                    className={styles.noteIcon}
                    title={notes[feature.feature]}
                    aria-label={notes[feature.feature]}
                    data-testid={testIds.featureNote}
                  >
                    <Icon name="info-circle" />
                  </span>
                )}
                {feature.feature}
              </span>
              <span role="cell" className={styles.muted} title={feature.reason}>
                {feature.method}
              </span>
              <span role="cell" className={styles.number}>
                {formatDriftScore(feature.score)}
              </span>
              <span role="cell" className={cx(styles.number, styles.muted)}>
                {feature.scoreKind === 'p-value' ? '≤ ' : '≥ '}
                {formatDriftScore(feature.threshold)}
              </span>
              <span role="cell" className={styles.verdict} title={verdictWords}>
                {feature.drifted ? <Badge color="orange" text="Drifted" /> : <Badge color="green" text="Stable" />}
                <span className={cx(styles.muted, styles.verdictNote)} data-testid={testIds.verdictNote}>
                  {verdict.drifted
                    ? verdict.since !== undefined
                      ? `since ${formatTime(verdict.since)}`
                      : ''
                    : verdict.crossed > 0
                      ? `crossed ${verdict.crossed}/${verdict.scored}`
                      : ''}
                </span>
              </span>
              <span role="cell">
                <SeveritySparkline windows={feature.windows} width={sparkWidth} height={24} />
              </span>
              <span role="cell">
                <MiniDistribution feature={feature} width={Math.min(90, sparkWidth / 2)} height={24} />
              </span>
            </div>
            {open && (
              <div className={styles.detail} role="row">
                <div role="cell">{renderDetail(feature)}</div>
              </div>
            )}
          </React.Fragment>
        );
      })}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({ overflowY: 'auto', fontSize: theme.typography.bodySmall.fontSize }),
  row: css({
    display: 'grid',
    gridTemplateColumns: '44px minmax(120px, 2fr) minmax(70px, 1fr) 72px 84px 84px auto auto',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  head: css({
    position: 'sticky',
    top: 0,
    zIndex: 2,
    background: theme.colors.background.primary,
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  body: css({
    cursor: 'pointer',
    '&:hover': { background: theme.colors.action.hover },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  open: css({ background: theme.colors.action.selected }),
  name: css({
    fontWeight: theme.typography.fontWeightMedium,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  muted: css({
    color: theme.colors.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  }),
  number: css({ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
  noteIcon: css({ color: theme.colors.text.secondary, marginRight: theme.spacing(0.5) }),
  verdict: css({ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', minWidth: 0 }),
  verdictNote: css({ maxWidth: '100%' }),
  detail: css({ borderBottom: `1px solid ${theme.colors.border.weak}`, padding: theme.spacing(0.5, 0) }),
});
