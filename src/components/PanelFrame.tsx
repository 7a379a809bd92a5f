import React from 'react';
import { css, cx } from '@emotion/css';
import { PanelProps } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { FrameProblem } from '../data/frames';
import { AnnotatableTimeStrip } from './annotations/AnnotatableTimeStrip';
import { PanelAnnotations } from './annotations/usePanelAnnotations';
import { TIME_STRIP_HEIGHT } from './AnnotationTimeStrip';
import { PanelProblem } from './PanelProblem';

/** The annotations under a panel's body, on a time strip that also shows the windows the panel compares. */
export interface PanelTimeStrip {
  annotations: PanelAnnotations;
  range: { from: number; to: number };
  now: number;
  timeZone?: TimeZone;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
}

interface Props {
  /** The panel as Grafana renders it: its id, data and size. */
  panel: Pick<PanelProps, 'id' | 'data' | 'width' | 'height'>;
  /** The panel's test id (`driftline-panel-<kind>`). */
  testId: string;
  /** What keeps the panel from drawing its body: shown in the body's place, with Grafana's conventions. */
  problem?: FrameProblem;
  /** A time strip under the body (the drift and predictions panels; the timeline draws them on its lanes). */
  timeStrip?: PanelTimeStrip;
  className?: string;
  bodyClassName?: string;
  /** `data-*` attributes on the root, for tests. */
  attributes?: Record<string, string | number>;
  children?: React.ReactNode;
}

/** The height left to a panel's body above its time strip, if it has one. */
export function frameBodyHeight(height: number, withTimeStrip: boolean): number {
  return withTimeStrip ? height - TIME_STRIP_HEIGHT : height;
}

/**
 * The frame the three panels share: the root sized as Grafana gives it, the body (or the problem that keeps it
 * from being drawn) and, for the distribution panels, the annotation time strip under it.
 */
export function PanelFrame({
  panel,
  testId,
  problem,
  timeStrip,
  className,
  bodyClassName,
  attributes,
  children,
}: Props) {
  const styles = useStyles2(getStyles);
  const { id, data, width, height } = panel;
  const body = problem ? <PanelProblem problem={problem} panelId={id} data={data} /> : children;
  return (
    <div data-testid={testId} style={{ width, height }} className={cx(styles.root, className)} {...attributes}>
      {timeStrip ? (
        <>
          <div className={bodyClassName} style={{ height: frameBodyHeight(height, true) }}>
            {body}
          </div>
          <AnnotatableTimeStrip panelId={id} width={width} {...timeStrip} />
        </>
      ) : (
        body
      )}
    </div>
  );
}

const getStyles = () => ({
  root: css({ position: 'relative', overflow: 'hidden' }),
});
