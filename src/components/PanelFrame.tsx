import React, { ComponentType } from 'react';
import { css, cx } from '@emotion/css';
import { PanelProps } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { ErrorBoundary, useStyles2 } from '@grafana/ui';
import { FrameProblem } from '../data/frames';
import { AnnotatableTimeStrip } from './annotations/AnnotatableTimeStrip';
import { PanelAnnotations } from './annotations/usePanelAnnotations';
import { TIME_STRIP_HEIGHT } from './AnnotationTimeStrip';
import { PanelErrorBoundary, PanelErrorView } from './PanelErrorBoundary';
import { PanelProblem } from './PanelProblem';

/** The annotations under a panel's body, on a time strip that also shows the windows the panel compares. */
export interface PanelTimeStrip {
  annotations: PanelAnnotations;
  range: { from: number; to: number };
  now: number;
  timeZone?: TimeZone;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
}

type FramedPanel = Pick<PanelProps, 'id' | 'data' | 'width' | 'height'> &
  Partial<Pick<PanelProps, 'timeRange' | 'options'>>;

interface Props {
  /** The panel as Grafana renders it: its id, data and size (and time range and options, to retry a failure). */
  panel: FramedPanel;
  /** The panel's test id (`driftline-panel-<kind>`). */
  testId: string;
  /** The panel in the user's words ("drift panel"), for the error view of a failure while drawing its body. */
  name: string;
  /** What keeps the panel from drawing its body: shown in the body's place, with Grafana's conventions. */
  problem?: FrameProblem;
  /** A failure while drawing the panel: shown in the body's place in Grafana's error alert. */
  error?: Error;
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
 * from being drawn) and, for the distribution panels, the annotation time strip under it. A failure while
 * drawing the body stays in the body's place, in Grafana's error alert; the annotations stay on their strip.
 */
export function PanelFrame({
  panel,
  testId,
  name,
  problem,
  error,
  timeStrip,
  className,
  bodyClassName,
  attributes,
  children,
}: Props) {
  const styles = useStyles2(getStyles);
  const { id, data, width, height } = panel;
  const body = error ? (
    <PanelErrorView panelName={name} error={error} />
  ) : problem ? (
    <PanelProblem problem={problem} panelId={id} data={data} />
  ) : (
    <PanelErrorBoundary panelName={name} retryOn={[data, panel.timeRange, panel.options]}>
      {children}
    </PanelErrorBoundary>
  );
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

/**
 * A panel component as its plugin registers it: a failure in the panel's own state or drawing (outside the
 * body PanelFrame guards) shows Grafana's error alert in the panel's frame, never a blank dashboard, and is
 * tried again when the data, time range or options change.
 */
export function withPanelErrorBoundary<T>(
  Panel: ComponentType<PanelProps<T>>,
  name: string,
  testId: string
): ComponentType<PanelProps<T>> {
  function GuardedPanel(props: PanelProps<T>) {
    return (
      <ErrorBoundary boundaryName={`driftline-${name}`} dependencies={[props.data, props.timeRange, props.options]}>
        {({ error }) =>
          error ? <PanelFrame panel={props} testId={testId} name={name} error={error} /> : <Panel {...props} />
        }
      </ErrorBoundary>
    );
  }
  GuardedPanel.displayName = `Guarded(${Panel.displayName ?? Panel.name})`;
  return GuardedPanel;
}

const getStyles = () => ({
  root: css({ position: 'relative', overflow: 'hidden' }),
});
