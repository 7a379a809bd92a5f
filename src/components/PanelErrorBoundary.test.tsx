import React from 'react';
import { render, screen } from '@testing-library/react';
import { PanelProps } from '@grafana/data';
import { RANGE, sampleFrame } from '../testing/frames';
import { panelProps } from '../testing/panelProps';
import { DriftPanel } from '../panels/drift/DriftPanel';
import { defaultDriftOptions } from '../panels/drift/types';
import { withPanelErrorBoundary } from './PanelErrorBoundary';

/** A panel with a bug: it fails to render while its options say so. */
function BrokenPanel({ options }: PanelProps<{ fail: boolean }>) {
  if (options.fail) {
    throw new Error('Cannot read properties of undefined (reading "windows")');
  }
  return <div data-testid="recovered">drawn</div>;
}

describe('a panel that fails to render', () => {
  beforeEach(() => {
    // React reports the caught error on the console; that is expected here.
    jest.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => jest.restoreAllMocks());

  it('shows Grafana error alert with the message in its place, and the panel beside it still renders', async () => {
    const Broken = withPanelErrorBoundary(BrokenPanel, 'drift panel');
    const Drift = withPanelErrorBoundary(DriftPanel, 'drift panel');
    render(
      <>
        <Broken {...panelProps<{ fail: boolean }>({ fail: true }, [], RANGE)} />
        <Drift {...panelProps(defaultDriftOptions, [sampleFrame()], RANGE)} />
      </>
    );
    const alert = screen.getByTestId('driftline-panel-error');
    expect(alert).toHaveTextContent('The drift panel could not be drawn');
    expect(alert).toHaveTextContent('reading "windows"');
    expect(await screen.findByTestId('driftline-panel-drift')).toBeInTheDocument();
  });

  it('tries again when the options change', () => {
    const Broken = withPanelErrorBoundary(BrokenPanel, 'timeline panel');
    const { rerender } = render(<Broken {...panelProps<{ fail: boolean }>({ fail: true }, [], RANGE)} />);
    expect(screen.getByTestId('driftline-panel-error')).toBeInTheDocument();
    rerender(<Broken {...panelProps<{ fail: boolean }>({ fail: false }, [], RANGE)} />);
    expect(screen.getByTestId('recovered')).toBeInTheDocument();
    expect(screen.queryByTestId('driftline-panel-error')).not.toBeInTheDocument();
  });
});
