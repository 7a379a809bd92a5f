/**
 * The demo stories' onset orders, whatever the time of day the demo is generated at. A scenario is anchored
 * to "now": its daily cycles, its Poisson draws (and so its noise) and the buckets its logs and spans are
 * counted in all follow the anchor, so an order that holds at one anchor and not at another is an order the
 * data does not carry. Each claim that the end-to-end tests and the scenario descriptions make about the
 * timeline's "what changed first" list is checked at anchors spread over a day and on a few other dates,
 * through the steps the timeline panel runs: the lanes read from the scenario's frames over its default
 * range, the incident annotation as the analysis window, the sequence of onsets and changes.
 *
 * DEMO_ANCHORS_PER_DAY (default 48) sets how many anchors are spread over the day; 2880 tries every 30 s
 * step of chatbot-outage (about half an hour on one core, `-t chatbot` for that scenario alone).
 */
import { readAnnotations, incidentWindow } from '../data/annotations';
import { framesForRange, getScenario, SCENARIO_IDS, ScenarioId } from '../demo';
import { TimelineStep } from './changeSequence';
import { analysedLanes, timelineLanes, timelineSteps } from './timeline';

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const ANCHORS_PER_DAY = Number(process.env.DEMO_ANCHORS_PER_DAY ?? 48);
/** Generous time per anchor for a busy machine: generating a 28-day scenario takes about a second. */
const ANCHOR_TIMEOUT_MS = 10 * SECOND;
/** The playground's timeline shows up to 20 lanes (every lane of each demo scenario). */
const MAX_LANES = 20;

/**
 * Anchors spread over one day; the quarter-minute offsets move them across the scenarios' 15 s and 30 s
 * steps and the 30 s and 1 min buckets of the log and span lanes. Then a few dates far from it, and times
 * of day at which chatbot-outage's length finish reasons (about 1 request in 40 before the load shedding)
 * turn up two or three times, a few minutes apart, before the GPUs saturate, after a baseline that saw one
 * or none. (The demo repeats each day: only the time of day changes its draws.)
 */
function anchors(): number[] {
  const from = Date.UTC(2026, 2, 10);
  const spread = Array.from(
    { length: ANCHORS_PER_DAY },
    (_, k) => from + Math.floor((k * DAY) / ANCHORS_PER_DAY) + (k % 4) * 15 * SECOND + 500
  );
  const otherDates = [
    Date.UTC(2024, 1, 29, 13, 47, 21),
    Date.UTC(2025, 9, 26, 1, 2, 3),
    Date.UTC(2025, 11, 31, 23, 59, 59),
    Date.UTC(2027, 6, 4, 16, 5, 45),
  ];
  const loneLengthFinishes = [
    Date.UTC(2026, 2, 10, 16, 45, 30),
    Date.UTC(2026, 2, 10, 18, 54, 30),
    Date.UTC(2026, 2, 10, 21, 34, 30),
  ];
  return [...spread, ...otherDates, ...loneLengthFinishes];
}

const ANCHORS = anchors();

/** The timeline's steps for the scenario generated at `now`, as the playground's timeline panel finds them. */
function timelineAt(id: ScenarioId, now: number): TimelineStep[] {
  const scenario = getScenario(id, { now });
  const range = scenario.defaultRange;
  const frames = framesForRange([...scenario.metrics, scenario.logs, scenario.traces], range);
  const lanes = analysedLanes(timelineLanes(frames, range, { metricStyle: 'line' }).analysed, MAX_LANES);
  const events = readAnnotations([scenario.annotations]);
  // Without a request, the panel's "now" is the range's end; with no incident it looks at the last quarter.
  const incident = incidentWindow(events, range, range.to);
  const window = incident ?? { from: range.to - 0.25 * (range.to - range.from), to: range.to };
  const steps = timelineSteps(lanes, events, range, window, window.from);
  let next = steps.next();
  while (!next.done) {
    next = steps.next();
  }
  return next.value.steps;
}

type Match = (step: TimelineStep) => boolean;
const event =
  (kind: string): Match =>
  (step) =>
    step.type === 'event' && step.kind === kind;
const onset =
  (lane: string, direction: 'up' | 'down'): Match =>
  (step) =>
    step.type === 'onset' && !('recovery' in step) && step.displayLabel === lane && step.direction === direction;
const recovery =
  (lane: string, direction: 'up' | 'down'): Match =>
  (step) =>
    step.type === 'onset' && 'recovery' in step && step.displayLabel === lane && step.direction === direction;

/** A claim on the list: undefined when it holds, else what is wrong. */
type Claim = { name: string; check: (steps: TimelineStep[]) => string | undefined };

/** The first step of each name comes after the previous one's in the list. */
function inOrder(name: string, order: Array<[string, Match]>): Claim {
  return {
    name,
    check: (steps) => {
      const found = order.map(([label, match]) => ({ label, index: steps.findIndex(match) }));
      const missing = found.filter(({ index }) => index < 0).map(({ label }) => label);
      if (missing.length > 0) {
        return `no ${missing.join(', ')}`;
      }
      const wrong = found.findIndex((step, i) => i > 0 && step.index <= found[i - 1].index);
      return wrong > 0 ? `${found[wrong].label} before ${found[wrong - 1].label}` : undefined;
    },
  };
}

/** Every lane that `isErrorLane` picks and that rises does so after the first step `after` matches. */
function errorsAfter(name: string, [label, after]: [string, Match], isErrorLane: (lane: string) => boolean): Claim {
  return {
    name,
    check: (steps) => {
      const anchor = steps.findIndex(after);
      const early = steps
        .slice(0, Math.max(0, anchor))
        .filter((step) => step.type === 'onset' && !('recovery' in step) && step.direction === 'up')
        .map((step) => step.displayLabel)
        .filter(isErrorLane);
      return anchor < 0 ? `no ${label}` : early.length > 0 ? `${early.join(', ')} before ${label}` : undefined;
    },
  };
}

function exonerated(name: string, kind: string): Claim {
  return {
    name,
    check: (steps) => {
      const step = steps.find(event(kind));
      return step?.type === 'event' && step.exonerated ? undefined : `${kind} ${step ? 'not exonerated' : 'missing'}`;
    },
  };
}

function sameTime(name: string, first: Match, second: Match): Claim {
  return {
    name,
    check: (steps) => {
      const [a, b] = [steps.find(first), steps.find(second)];
      const group = (step?: TimelineStep) => (step?.type === 'onset' ? step.simultaneousGroup : undefined);
      return group(a) !== undefined && group(a) === group(b) ? undefined : 'not marked as the same time';
    },
  };
}

/** The lanes of errors: error logs, error spans, GenAI errors by type, 5xx and 504 rates. */
const isError = (lane: string) => /error|5xx|504/.test(lane);

const TRAFFIC_THEN_SATURATION: Array<[string, Match]> = [
  ['traffic', onset('request rate', 'up')],
  ['saturation', onset('GPU utilisation', 'up')],
];

/** Every order claim about the timeline, from tests/e2e/timeline.spec.ts and the scenario descriptions. */
const CLAIMS: Record<ScenarioId, Claim[]> = {
  'latency-gc': [
    inOrder('campaign → input-length drift → GC pauses → p99 latency → 504s', [
      ['campaign', event('business')],
      ['input tokens', onset('input tokens (mean)', 'up')],
      ['GC pause', onset('GC pause (s/s)', 'up')],
      ['p99 latency', onset('p99 latency', 'up')],
      ['504s', onset('HTTP 504 rate', 'up')],
    ]),
    inOrder('the deploy comes before the campaign', [
      ['deploy', event('deploy')],
      ['campaign', event('business')],
    ]),
    exonerated('nothing moves at the deploy', 'deploy'),
    errorsAfter(
      'the errors (504s, error logs, error spans) come after the latency',
      ['p99 latency', onset('p99 latency', 'up')],
      isError
    ),
  ],
  'ctr-decline': [
    inOrder('data change → null rate → prediction mean → CTR, then the deploy', [
      ['data change', event('data')],
      ['null rate', onset('null rate user_recent_categories_count', 'up')],
      ['prediction mean', onset('prediction mean', 'down')],
      ['CTR', onset('CTR', 'down')],
      ['deploy', event('deploy')],
    ]),
  ],
  'chatbot-outage': [
    inOrder('traffic → saturation → config change → errors → rollback → recovery', [
      ...TRAFFIC_THEN_SATURATION,
      ['config change', event('config')],
      ['errors', onset('5xx rate', 'up')],
      ['rollback', event('deploy')],
      ['recovery', recovery('5xx rate', 'down')],
    ]),
    inOrder('traffic → saturation → length finish reasons → config change → errors', [
      ...TRAFFIC_THEN_SATURATION,
      ['length finish reasons', onset('finish reason: length', 'up')],
      ['config change', event('config')],
      ['errors', onset('5xx rate', 'up')],
    ]),
    inOrder('the output length shifts short during saturation', [
      ['saturation', onset('GPU utilisation', 'up')],
      ['output length', onset('output tokens (mean)', 'down')],
      ['rollback', event('deploy')],
    ]),
    errorsAfter(
      'every error signal (5xx, error logs, error spans, GenAI errors) comes after the config change',
      ['config change', event('config')],
      isError
    ),
    sameTime(
      'the 5xx rate and the error logs jump in the same sample',
      onset('5xx rate', 'up'),
      onset('logs: error', 'up')
    ),
  ],
};

const summary = (steps: TimelineStep[]) =>
  steps.map((step) => (step.type === 'event' ? step.kind : `${step.displayLabel} ${step.direction}`)).join(' | ');

describe.each(SCENARIO_IDS)('%s at any time of day', (id) => {
  it(
    `keeps every claimed order at ${ANCHORS_PER_DAY} anchors over a day and ${ANCHORS.length - ANCHORS_PER_DAY} other times`,
    () => {
      const failures: string[] = [];
      for (const now of ANCHORS) {
        const steps = timelineAt(id, now);
        const failed = CLAIMS[id].flatMap(({ name, check }) => {
          const why = check(steps);
          return why ? [`${name}: ${why}`] : [];
        });
        if (failed.length > 0) {
          failures.push(`${new Date(now).toISOString()} ${failed.join('; ')} [${summary(steps)}]`);
        }
      }
      expect(failures).toEqual([]);
    },
    ANCHOR_TIMEOUT_MS * ANCHORS.length
  );
});
