import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { PanelProps } from '@grafana/data';
import { RANGE, sampleFrame } from '../testing/frames';
import { panelProps } from '../testing/panelProps';
import { DriftPanel } from '../panels/drift/DriftPanel';
import { defaultDriftOptions } from '../panels/drift/types';
import { testIds } from '../testIds';
import { PanelFrame, withPanelErrorBoundary } from './PanelFrame';

const BUG = 'Cannot read properties of undefined (reading "windows")';

/** A panel with a bug: it fails to render while its options say so. */
function BrokenPanel({ options }: PanelProps<{ fail: boolean }>) {
  if (options.fail) {
    throw new Error(BUG);
  }
  return <div data-testid="recovered">drawn</div>;
}

function FailingChart({ fail }: { fail: boolean }): React.ReactElement {
  if (fail) {
    throw new Error(BUG);
  }
  return <div data-testid="chart">chart</div>;
}

describe('a panel that fails to render', () => {
  beforeEach(() => {
    // React reports the caught error on the console; that is expected here.
    jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  it("shows Grafana's error alert with the message in its own frame, and the panel beside it still renders", async () => {
    const Broken = withPanelErrorBoundary(BrokenPanel, 'timeline panel', testIds.panelTimeline);
    const Drift = withPanelErrorBoundary(DriftPanel, 'drift panel', testIds.panelDrift);
    render(
      <>
        <Broken {...panelProps<{ fail: boolean }>({ fail: true }, [], RANGE, { width: 640, height: 300 })} />
        <Drift {...panelProps(defaultDriftOptions, [sampleFrame()], RANGE)} />
      </>
    );
    const frame = screen.getByTestId(testIds.panelTimeline);
    expect(frame).toHaveStyle({ width: '640px', height: '300px' });
    const alert = within(frame).getByTestId(testIds.panelError);
    expect(alert).toHaveTextContent('The timeline panel could not be drawn');
    expect(alert).toHaveTextContent('reading "windows"');
    expect(within(alert).getByRole('alert')).toBeInTheDocument();
    expect(await screen.findByTestId(testIds.panelDrift)).toBeInTheDocument();
    expect(within(screen.getByTestId(testIds.panelDrift)).queryByTestId(testIds.panelError)).not.toBeInTheDocument();
  });

  it('tries again when the options change', () => {
    const Broken = withPanelErrorBoundary(BrokenPanel, 'timeline panel', testIds.panelTimeline);
    const { rerender } = render(<Broken {...panelProps<{ fail: boolean }>({ fail: true }, [], RANGE)} />);
    expect(screen.getByTestId(testIds.panelError)).toBeInTheDocument();
    rerender(<Broken {...panelProps<{ fail: boolean }>({ fail: false }, [], RANGE)} />);
    expect(screen.getByTestId('recovered')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.panelError)).not.toBeInTheDocument();
  });

  it("keeps a failure while drawing the body inside the panel's frame", () => {
    const props = panelProps({ fail: true }, [], RANGE);
    const { rerender } = render(
      <PanelFrame panel={props} testId={testIds.panelDrift} name="drift panel">
        <FailingChart fail />
      </PanelFrame>
    );
    const frame = screen.getByTestId(testIds.panelDrift);
    expect(within(frame).getByTestId(testIds.panelError)).toHaveTextContent('The drift panel could not be drawn');
    // Retried with the next data, time range or options.
    const next = panelProps({ fail: false }, [], RANGE);
    rerender(
      <PanelFrame panel={next} testId={testIds.panelDrift} name="drift panel">
        <FailingChart fail={false} />
      </PanelFrame>
    );
    expect(screen.getByTestId('chart')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.panelError)).not.toBeInTheDocument();
  });
});
