import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, GrafanaTheme2 } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { testIds } from '../../../testIds';
import { AnnotationTimeStrip, TIME_STRIP_HEIGHT } from '../../../components/AnnotationTimeStrip';
import { useElementSize } from '../../../components/useElementSize';
import { AnnotationEvent } from '../../../data/annotations';
import { Backtest } from '../../../data/alertRuleDraft';

interface Props {
  backtest: Backtest;
  range: { from: number; to: number };
  events: AnnotationEvent[];
  now: number;
  timeZone: TimeZone;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
}

/**
 * The panel's time strip (its range, annotations and compared windows) with the backtest drawn on it: when an
 * alert would have been pending (outlined) and firing (filled), feature by feature, and the first firing marked.
 */
export function BacktestStrip({ backtest, range, events, now, timeZone, windows }: Props) {
  const styles = useStyles2(getStyles);
  const [measure, { width }] = useElementSize();
  const span = range.to - range.from;
  const percent = (time: number) => `${((Math.min(Math.max(time, range.from), range.to) - range.from) / span) * 100}%`;
  const extent = (from: number, to: number) => ({
    left: percent(from),
    width: `max(2px, calc(${percent(to)} - ${percent(from)}))`,
  });
  const first = backtest.firstFiring;
  return (
    <div
      ref={measure}
      className={styles.wrapper}
      data-testid={testIds.alertRule.backtestStrip}
      data-first-firing={first?.time ?? ''}
    >
      <div className={styles.lanes} aria-hidden>
        {backtest.features
          .filter((feature) => feature.episodes.length > 0)
          .map((feature) => (
            <div key={feature.feature} className={styles.lane} title={feature.feature}>
              {feature.episodes.map((episode) => {
                const end = episode.resolvedAt ?? range.to;
                return (
                  <React.Fragment key={episode.activeAt}>
                    <span className={styles.pending} style={extent(episode.activeAt, episode.firingAt ?? end)} />
                    {episode.firingAt !== undefined && (
                      <span className={styles.firing} style={extent(episode.firingAt, end)} />
                    )}
                  </React.Fragment>
                );
              })}
              <span className={styles.laneName}>{feature.feature}</span>
            </div>
          ))}
        {first && (
          <span
            className={styles.marker}
            style={{ left: percent(first.time) }}
            title={`first firing ${dateTimeFormat(first.time, { timeZone, format: 'YYYY-MM-DD HH:mm' })}`}
          />
        )}
      </div>
      {width > 0 && (
        <AnnotationTimeStrip
          range={range}
          width={width}
          events={events}
          now={now}
          timeZone={timeZone}
          windows={windows}
          canAnnotate={false}
          onCapture={() => {}}
        />
      )}
    </div>
  );
}

const LANE_HEIGHT = 14;

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ position: 'relative', minHeight: TIME_STRIP_HEIGHT, marginTop: theme.spacing(1) }),
  lanes: css({ position: 'relative', display: 'flex', flexDirection: 'column', gap: 2 }),
  lane: css({ position: 'relative', height: LANE_HEIGHT }),
  laneName: css({
    position: 'absolute',
    left: theme.spacing(0.5),
    top: 0,
    lineHeight: `${LANE_HEIGHT}px`,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    pointerEvents: 'none',
  }),
  pending: css({
    position: 'absolute',
    top: 2,
    bottom: 2,
    border: `1px solid ${theme.colors.warning.border}`,
    background: theme.colors.warning.transparent,
  }),
  firing: css({ position: 'absolute', top: 2, bottom: 2, background: theme.colors.error.main }),
  marker: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
    width: 2,
    marginLeft: -1,
    background: theme.colors.error.text,
  }),
});
