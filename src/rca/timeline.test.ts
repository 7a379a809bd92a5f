import { ChangeStep } from '../analysis';
import { AnnotationEvent } from '../data/annotations';
import { buildPostmortemTimeline, formatDuration, formatOffset } from './timeline';

const T = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;

const annotation = (
  id: string,
  minutes: number,
  kind: AnnotationEvent['kind'],
  text: string,
  region = false
): AnnotationEvent => ({
  id,
  time: T + minutes * MIN,
  timeEnd: region ? T + (minutes + 50) * MIN : T + minutes * MIN,
  isRegion: region,
  text,
  tags: [kind],
  kind,
});

describe('post-mortem timeline', () => {
  it('merges annotations and onsets in time order, relative to the incident start', () => {
    const steps: ChangeStep[] = [
      {
        type: 'event',
        eventId: 'deploy',
        kind: 'deploy',
        label: 'nlp-serving v2.8.1',
        time: T - 40 * MIN,
        offsetMs: -40 * MIN,
        exonerated: true,
        followedBy: [],
      },
      {
        type: 'event',
        eventId: 'campaign',
        kind: 'business',
        label: 'Black Friday',
        time: T - 12 * MIN,
        offsetMs: -12 * MIN,
        exonerated: false,
        followedBy: ['gc'],
      },
      {
        type: 'onset',
        laneId: 'gc',
        label: 'gc pause',
        time: T - 2 * MIN,
        offsetMs: -2 * MIN,
        direction: 'up',
        score: 6.2,
        precededBy: ['campaign'],
      },
      {
        type: 'event',
        eventId: 'only-in-sequence',
        kind: 'config',
        label: 'flag flip',
        time: T + MIN,
        offsetMs: MIN,
        exonerated: false,
        followedBy: [],
      },
    ];
    const entries = buildPostmortemTimeline({
      incidentStart: T,
      incidentEnd: T + 50 * MIN,
      annotations: [
        annotation('deploy', -40, 'deploy', 'nlp-serving v2.8.1'),
        annotation('campaign', -12, 'business', 'Black Friday'),
        annotation('region', 0, 'incident', 'latency', true),
        annotation('mitigate', 20, 'mitigation', 'scaled heap'),
      ],
      steps,
    });
    expect(entries.map((e) => [formatOffset(e.offsetMs), e.source, e.text])).toEqual([
      ['T−40 min', 'annotation', 'nlp-serving v2.8.1'],
      ['T−12 min', 'annotation', 'Black Friday'],
      ['T−2 min', 'onset', 'gc pause moved up (6.2× baseline noise)'],
      ['T+0', 'incident', 'Incident starts'],
      ['T+1 min', 'annotation', 'flag flip'],
      ['T+20 min', 'annotation', 'scaled heap'],
      ['T+50 min', 'incident', 'Incident ends'],
    ]);
    expect(entries[0].exonerated).toBe(true);
    expect(entries[1].exonerated).toBe(false);
  });

  it("names an onset by the panel's display name, says when a lane recovered, and caps huge scores", () => {
    const onset = (displayLabel: string, score: number, recovery?: boolean) => ({
      type: 'onset' as const,
      laneId: `A/4/${displayLabel}`,
      label: `A/4/${displayLabel}`,
      displayLabel,
      time: T,
      offsetMs: 0,
      direction: 'up' as const,
      score,
      precededBy: [],
      ...(recovery ? { recovery } : {}),
    });
    const entries = buildPostmortemTimeline({
      incidentStart: T,
      steps: [onset('p99 latency', 256.3), onset('HTTP 504 rate', 8.8e9), onset('error rate', 12, true)],
    });
    expect(entries.filter((e) => e.source === 'onset').map((e) => e.text)).toEqual([
      'p99 latency moved up (256.3× baseline noise)',
      'HTTP 504 rate moved up (more than 1000× baseline noise)',
      'error rate recovered (12.0× baseline noise)',
    ]);
  });

  it('adds the onsets and changes pinned from a panel, once, and leaves notes and drift out', () => {
    const timeline = buildPostmortemTimeline({
      incidentStart: T,
      annotations: [annotation('7', -12, 'business', 'Black Friday campaign')],
      evidence: [
        { id: 'pin:onset:gc', type: 'onset', title: 'GC pause rose', time: T - 2 * MIN },
        { id: 'pin:change:7', type: 'change', kind: 'business', title: 'Black Friday campaign', time: T - 12 * MIN },
        {
          id: 'pin:change:deploy',
          type: 'change',
          kind: 'deploy',
          title: 'v2.8.1',
          time: T - 40 * MIN,
          exonerated: true,
        },
        { id: 'note:1', type: 'note', title: 'on-call paged', time: T + MIN },
        { id: 'drift:input', type: 'drift', title: 'input_tokens drifted', time: T - 10 * MIN },
        { id: 'pin:undated', type: 'onset', title: 'no time' },
      ],
    });
    expect(timeline.map((entry) => [formatOffset(entry.offsetMs), entry.source, entry.text, entry.exonerated])).toEqual(
      [
        ['T−40 min', 'annotation', 'v2.8.1', true],
        ['T−12 min', 'annotation', 'Black Friday campaign', undefined],
        ['T−2 min', 'onset', 'GC pause rose', undefined],
        ['T+0', 'incident', 'Incident starts', undefined],
      ]
    );
  });

  it('keeps only the window when asked', () => {
    const entries = buildPostmortemTimeline({
      incidentStart: T,
      annotations: [annotation('old', -600, 'deploy', 'old')],
      window: { from: T - 60 * MIN, to: T + 60 * MIN },
    });
    expect(entries.map((e) => e.text)).toEqual(['Incident starts']);
  });

  it('formats offsets and durations', () => {
    expect(formatOffset(-12 * MIN)).toBe('T−12 min');
    expect(formatOffset(65 * MIN)).toBe('T+1 h 05 min');
    expect(formatOffset(3 * 1440 * MIN + 4 * 60 * MIN)).toBe('T+3 d 4 h');
    expect(formatOffset(30_000)).toBe('T+30 s');
    expect(formatDuration(45 * MIN)).toBe('45 min');
  });
});
