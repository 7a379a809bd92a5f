import type { Onset } from './rankOnsets';
import {
  buildChangeSequence,
  ChangeEvent,
  DEFAULT_HORIZON_MS,
  EXONERATED_REASON,
  relateAnnotationsToOnsets,
  UNJUDGED_REASON,
} from './relate';

const MINUTE = 60_000;
const START = Date.UTC(2024, 4, 1, 12);
const at = (minutes: number) => START + minutes * MINUTE;

const onset = (laneId: string, minutes: number, direction: Onset['direction'] = 'up'): Onset => ({
  laneId,
  time: at(minutes),
  score: 5,
  direction,
});
const event = (id: string, minutes: number, kind: string, text = id): ChangeEvent => ({
  id,
  time: at(minutes),
  kind,
  text,
});

// The incident: a campaign drives input tokens up, GC pauses follow, then latency and 504s.
const onsets = [onset('input_tokens', -10), onset('gc_pause', -2), onset('p99_latency', 0), onset('http_504', 3)];
const events = [event('deploy-1', -40, 'deploy', 'deploy v1.4'), event('campaign', -12, 'data', 'spring campaign')];

describe('relateAnnotationsToOnsets', () => {
  const relations = relateAnnotationsToOnsets(events, onsets, { horizonMs: 20 * MINUTE });

  it('lists the onsets that followed each event within the horizon, with lead times', () => {
    const campaign = relations.events.find((e) => e.eventId === 'campaign')!;
    expect(campaign.exonerated).toBe(false);
    expect(campaign.reason).toBeUndefined();
    expect(campaign.followedBy).toEqual([
      { laneId: 'input_tokens', onsetTime: at(-10), leadTimeMs: 2 * MINUTE },
      { laneId: 'gc_pause', onsetTime: at(-2), leadTimeMs: 10 * MINUTE },
      { laneId: 'p99_latency', onsetTime: at(0), leadTimeMs: 12 * MINUTE },
      { laneId: 'http_504', onsetTime: at(3), leadTimeMs: 15 * MINUTE },
    ]);
  });

  it('exonerates an event that no onset followed within the horizon', () => {
    const deploy = relations.events.find((e) => e.eventId === 'deploy-1')!;
    expect(deploy).toMatchObject({ exonerated: true, reason: EXONERATED_REASON, followedBy: [] });
  });

  it('lists the events before each onset, closest first', () => {
    expect(relations.onsets.map((o) => [o.laneId, o.precededBy.map((p) => [p.eventId, p.leadTimeMs])])).toEqual([
      ['input_tokens', [['campaign', 2 * MINUTE]]],
      ['gc_pause', [['campaign', 10 * MINUTE]]],
      ['p99_latency', [['campaign', 12 * MINUTE]]],
      ['http_504', [['campaign', 15 * MINUTE]]],
    ]);
  });

  it('relates the deploy once the horizon reaches the onsets', () => {
    const wide = relateAnnotationsToOnsets(events, onsets, { horizonMs: 45 * MINUTE });
    const deploy = wide.events.find((e) => e.eventId === 'deploy-1')!;
    expect(deploy.exonerated).toBe(false);
    expect(deploy.followedBy[0]).toEqual({ laneId: 'input_tokens', onsetTime: at(-10), leadTimeMs: 30 * MINUTE });
  });

  it('relates an event and an onset at the same instant with a lead time of 0, and not one before', () => {
    const result = relateAnnotationsToOnsets([event('flag', 0, 'config')], onsets);
    expect(result.events[0].followedBy.map((f) => [f.laneId, f.leadTimeMs])).toEqual([
      ['p99_latency', 0],
      ['http_504', 3 * MINUTE],
    ]);
  });

  it('does not exonerate an event whose horizon has not been observed', () => {
    const late = event('late-deploy', 10, 'deploy');
    const result = relateAnnotationsToOnsets([late], onsets, { observedUntil: at(20) });
    expect(result.events[0]).toMatchObject({ exonerated: false, reason: UNJUDGED_REASON });
    const judged = relateAnnotationsToOnsets([late], onsets, { observedUntil: at(10) + DEFAULT_HORIZON_MS });
    expect(judged.events[0]).toMatchObject({ exonerated: true, reason: EXONERATED_REASON });
  });

  it('keeps only the requested kinds', () => {
    const result = relateAnnotationsToOnsets(events, onsets, { kinds: ['deploy'] });
    expect(result.events.map((e) => e.eventId)).toEqual(['deploy-1']);
    expect(result.onsets.every((o) => o.precededBy.every((p) => p.kind === 'deploy'))).toBe(true);
  });

  it('handles no events and no onsets', () => {
    expect(relateAnnotationsToOnsets([], [])).toEqual({ events: [], onsets: [] });
    expect(relateAnnotationsToOnsets(events, []).events.every((e) => e.exonerated)).toBe(true);
  });
});

describe('buildChangeSequence', () => {
  it('merges events and onsets in time order with offsets from the incident start', () => {
    const sequence = buildChangeSequence(onsets, events, at(0), { horizonMs: 20 * MINUTE });
    expect(sequence.map((s) => [s.label, s.offsetMs / MINUTE])).toEqual([
      ['deploy v1.4', -40],
      ['spring campaign', -12],
      ['input_tokens', -10],
      ['gc_pause', -2],
      ['p99_latency', 0],
      ['http_504', 3],
    ]);
    expect(sequence[0]).toMatchObject({ type: 'event', exonerated: true, reason: EXONERATED_REASON });
    expect(sequence[1]).toMatchObject({
      type: 'event',
      exonerated: false,
      followedBy: ['input_tokens', 'gc_pause', 'p99_latency', 'http_504'],
    });
    expect(sequence[2]).toMatchObject({ type: 'onset', direction: 'up', precededBy: ['campaign'] });
  });

  it('puts an event before an onset at the same instant', () => {
    const sequence = buildChangeSequence([onset('p99_latency', 0)], [event('flag', 0, 'config')], at(0));
    expect(sequence.map((s) => s.type)).toEqual(['event', 'onset']);
  });

  it('sorts unsorted inputs', () => {
    const sequence = buildChangeSequence([...onsets].reverse(), [...events].reverse(), at(0));
    const times = sequence.map((s) => s.time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});
