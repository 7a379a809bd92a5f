import { pinnedStepId } from './pins';
import { TimelineStep } from '../findings/changeSequence';
import { pinnedSteps } from './fromTimeline';

const onset = (laneId: string, time: number): TimelineStep => ({
  type: 'onset',
  laneId,
  label: laneId,
  displayLabel: laneId,
  time,
  offsetMs: time,
  direction: 'up',
  score: 4,
  precededBy: [],
  interval: { from: time, to: time },
});

describe('pinnedSteps', () => {
  it('pins both onsets of a lane that moved twice, the first under the lane id', () => {
    const pinned = pinnedSteps([onset('latency', 1000), onset('errors', 1500), onset('latency', 2000)]);
    expect(pinned.map((step) => (step.type === 'onset' ? step.laneId : ''))).toEqual([
      'latency',
      'errors',
      'latency@2',
    ]);
    const ids = pinned.map((step) => pinnedStepId({ dashboardUID: 'd', panelId: 1 }, step));
    expect(new Set(ids).size).toBe(3);
  });
});
