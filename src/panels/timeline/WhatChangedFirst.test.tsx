import React from 'react';
import { render, screen } from '@testing-library/react';
import { buildChangeSequence, Onset } from '../../analysis';
import { TimelineStep } from '../../findings/changeSequence';
import { WhatChangedFirst } from './WhatChangedFirst';

const MINUTE = 60_000;
const T = Date.UTC(2025, 10, 28, 14);
const onset = (laneId: string, minute: number, from: number, to: number, shape: Onset['shape']): Onset => ({
  laneId,
  time: T + minute * MINUTE,
  score: 5,
  direction: 'up',
  shape,
  interval: { from: T + from * MINUTE, to: T + to * MINUTE },
});

function renderList(onsets: Onset[]) {
  const steps = buildChangeSequence(onsets, [], T).map((step): TimelineStep => ({
    ...step,
    displayLabel: step.type === 'onset' ? step.laneId : step.label,
  }));
  render(
    <WhatChangedFirst
      steps={steps}
      incidentSource="incident start"
      pending={false}
      onSelect={() => undefined}
      linksFor={() => []}
      directionColor={() => 'red'}
    />
  );
  return screen.getAllByTestId('driftline-change-step');
}

describe('WhatChangedFirst', () => {
  it('marks onsets the data cannot order as the same time, with their intervals as lead times', () => {
    const [gc, latency, errors] = renderList([
      onset('GC pause', -2, -3, 0.5, 'ramp'),
      onset('p99 latency', 0, -0.5, 1, 'step'),
      onset('504 rate', 3, 3, 3, 'step'),
    ]);
    expect(gc).toHaveAttribute('data-simultaneous-group', '0');
    expect(latency).toHaveAttribute('data-simultaneous-group', '0');
    expect(errors).not.toHaveAttribute('data-simultaneous-group');
    expect(gc).toHaveTextContent('≈ same time as p99 latency');
    expect(latency).toHaveTextContent('≈ same time as GC pause');
    expect(gc).toHaveTextContent('(ramp)');
    expect(gc).toHaveTextContent('−3 min … +1 min');
    expect(errors).toHaveTextContent('+3 min');
    expect(errors).not.toHaveTextContent('same time');
    expect(gc.getAttribute('title')).toContain('the data cannot tell which moved first');
  });

  it('gives each of two groups that follow each other a bracket of its own', () => {
    const steps = renderList([
      onset('request rate', -12, -13, -11, 'step'),
      onset('CPU', -12, -12.5, -11.5, 'step'),
      onset('GC pause', -2, -3, -1, 'ramp'),
      onset('p99 latency', -1, -1.5, 0, 'step'),
    ]);
    expect(steps.map((step) => step.getAttribute('data-simultaneous-group'))).toEqual(['0', '0', '1', '1']);
    expect(steps.map((step) => step.getAttribute('data-group-start'))).toEqual(['true', null, 'true', null]);
    expect(steps[0]).toHaveTextContent('≈ same time as CPU');
    expect(steps[0]).not.toHaveTextContent('GC pause');
  });

  it('shows two onsets of one lane as two steps', () => {
    const steps = renderList([onset('latency', -20, -24, -17, 'ramp'), onset('latency', 5, 5, 5, 'step')]);
    expect(steps.map((step) => step.getAttribute('data-shape'))).toEqual(['ramp', 'step']);
    expect(steps.map((step) => step.getAttribute('data-lane'))).toEqual(['latency', 'latency']);
  });
});
