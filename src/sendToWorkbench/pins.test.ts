import {
  decodePins,
  encodePins,
  MAX_PIN_FEATURES,
  MAX_PIN_LENGTH,
  MAX_PIN_STEPS,
  MAX_PIN_TEXT,
  mergePinnedEvidence,
  pinnedEvidence,
  pinnedLines,
  pinnedSummaryTitle,
  PinnedDrift,
  PinnedFindings,
  PinnedStep,
} from './pins';
import { checkLink } from '../data/links';

const MIN = 60_000;
const START = Date.UTC(2026, 2, 14, 11);

const FINDINGS: PinnedFindings = {
  dashboardUID: 'nlp-serving',
  panelId: 4,
  range: { from: START - 70 * MIN, to: START + 50 * MIN },
  window: { from: START, to: START + 50 * MIN },
  windowSource: 'incident',
  steps: [
    {
      type: 'change',
      eventId: '101',
      kind: 'deploy',
      text: 'nlp-serving v2.8.1, tokenizer config',
      time: START - 40 * MIN,
      leadMs: -40 * MIN,
      exonerated: true,
      reason: 'no signal moved after it',
    },
    {
      type: 'change',
      eventId: '102',
      kind: 'business',
      text: 'Black Friday email campaign — “Cyber” 🛒',
      time: START - 12 * MIN,
      leadMs: -12 * MIN,
      exonerated: false,
    },
    {
      type: 'onset',
      laneId: 'A-input_tokens',
      lane: 'input tokens (mean)',
      time: START - 10 * MIN,
      leadMs: -10 * MIN,
      direction: 'up',
      score: 14.2,
    },
    { type: 'onset', laneId: 'B-p99', lane: 'p99 latency', time: START, leadMs: 0, direction: 'up', score: 2400 },
    {
      type: 'onset',
      laneId: 'B-p99',
      lane: 'p99 latency',
      time: START + 30 * MIN,
      leadMs: 30 * MIN,
      direction: 'down',
      score: 3.1,
      recovery: true,
    },
  ],
};

function decoded(value: string): PinnedFindings {
  const result = decodePins(value);
  if (!result.ok) {
    throw new Error(result.problem);
  }
  return result.findings;
}

/** base64url of a text, as a hand-made link would carry it. */
const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('pin encoding', () => {
  it('round-trips the steps, the window, the range and the panel, in order', () => {
    const encoded = encodePins(FINDINGS)!;
    expect(encoded).toMatchObject({ sent: 5, omitted: 0 });
    expect(encoded.value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decoded(encoded.value)).toEqual(FINDINGS);
  });

  it('survives URLSearchParams, so it can travel as ?pin=', () => {
    const { value } = encodePins(FINDINGS)!;
    const params = new URLSearchParams(`tab=evidence&pin=${value}`);
    expect(decoded(params.get('pin')!)).toEqual(FINDINGS);
  });

  it('rounds scores to a tenth and lead times to a millisecond, and keeps what has no direction or score', () => {
    const step: PinnedStep = { type: 'onset', laneId: 'x', lane: 'x', time: START + 1.4, leadMs: 1.4, score: 3.14159 };
    const back = decoded(encodePins({ ...FINDINGS, steps: [step] })!.value).steps[0];
    expect(back).toEqual({ type: 'onset', laneId: 'x', lane: 'x', time: START + 1, leadMs: 1, score: 3.1 });
  });

  it('cuts long texts and sends at most MAX_PIN_STEPS steps, the first ones', () => {
    const steps: PinnedStep[] = Array.from({ length: MAX_PIN_STEPS + 5 }, (_, i) => ({
      type: 'change',
      eventId: String(i),
      kind: 'config',
      text: `change ${i} ${'x'.repeat(30)}`,
      time: START + i * MIN,
      leadMs: i * MIN,
      exonerated: false,
    }));
    steps[0] = { ...steps[0], text: 'y'.repeat(5000) } as PinnedStep;
    const encoded = encodePins({ ...FINDINGS, steps })!;
    expect(encoded.value.length).toBeLessThanOrEqual(MAX_PIN_LENGTH);
    const back = decoded(encoded.value);
    expect(back.steps.length).toBe(encoded.sent);
    expect(encoded.sent).toBeLessThanOrEqual(MAX_PIN_STEPS);
    expect(back.omitted).toBe(steps.length - encoded.sent);
    expect((back.steps[0] as { text: string }).text).toHaveLength(MAX_PIN_TEXT);
    expect(back.steps.map((step) => (step as { eventId: string }).eventId)).toEqual(
      steps.slice(0, encoded.sent).map((step) => (step as { eventId: string }).eventId)
    );
  });

  it('leaves out the latest steps until the link is short enough', () => {
    const steps: PinnedStep[] = Array.from({ length: MAX_PIN_STEPS }, (_, i) => ({
      type: 'change',
      eventId: `event-${i}-${'i'.repeat(150)}`,
      kind: 'data',
      text: `${i} ${'t'.repeat(190)}`,
      time: START + i * MIN,
      leadMs: i * MIN,
      exonerated: true,
      reason: 'r'.repeat(150),
    }));
    const encoded = encodePins({ ...FINDINGS, steps })!;
    expect(encoded.value.length).toBeLessThanOrEqual(MAX_PIN_LENGTH);
    expect(encoded.sent).toBeGreaterThan(0);
    expect(encoded.sent).toBeLessThan(MAX_PIN_STEPS);
    expect(encoded.omitted).toBe(MAX_PIN_STEPS - encoded.sent);
    expect(decoded(encoded.value).steps.map((step) => step.time)).toEqual(
      steps.slice(0, encoded.sent).map((step) => step.time)
    );
  });
});

describe('pin decoding refuses what it cannot read, whole', () => {
  it('refuses a value longer than MAX_PIN_LENGTH before reading it', () => {
    const result = decodePins('A'.repeat(MAX_PIN_LENGTH + 1));
    expect(result).toEqual({ ok: false, problem: expect.stringContaining('too big') });
  });

  it.each([
    ['not base64', '%%%not-base64%%%'],
    ['cut short', encodePins(FINDINGS)!.value.slice(0, 40)],
    ['not JSON', base64url('{"v":1,')],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url')],
    ['empty', ''],
  ])('a damaged link (%s)', (_, value) => {
    expect(decodePins(value)).toEqual({ ok: false, problem: expect.stringMatching(/could not be read.*damaged/) });
  });

  it('another format version', () => {
    expect(decodePins(base64url(JSON.stringify({ v: 3, s: [] })))).toEqual({
      ok: false,
      problem: expect.stringContaining('another version of Driftline (format 3'),
    });
  });

  const wire = {
    v: 1,
    d: 'nlp-serving',
    p: 4,
    r: [0, 1000],
    w: [500, 1000],
    ws: 'i',
    s: [{ o: 'p99 latency', i: 'p99', l: 0, d: 'u', s: 2 }],
  };
  it('reads a well-formed hand-made value', () => {
    expect(decodePins(base64url(JSON.stringify(wire)))).toEqual({
      ok: true,
      findings: expect.objectContaining({ steps: [expect.objectContaining({ lane: 'p99 latency', time: 500 })] }),
    });
  });

  it.each([
    ['a list', []],
    ['no dashboard', { ...wire, d: 3 }],
    ['a window backwards', { ...wire, w: [1000, 500] }],
    ['a range of text', { ...wire, r: ['a', 'b'] }],
    ['no steps', { ...wire, s: [] }],
    ['too many steps', { ...wire, s: Array.from({ length: MAX_PIN_STEPS + 1 }, () => wire.s[0]) }],
    ['an unknown window source', { ...wire, ws: 'x' }],
    ['a window source from the prototype', { ...wire, ws: 'constructor' }],
    ['a step without a lead time', { ...wire, s: [{ o: 'lane', i: 'lane' }] }],
    ['a step of neither kind', { ...wire, s: [{ q: 'lane', i: 'lane', l: 0 }] }],
    ['an unknown direction', { ...wire, s: [{ o: 'lane', i: 'lane', l: 0, d: 'sideways' }] }],
    ['a change without text', { ...wire, s: [{ c: 'deploy', i: '1', l: 0 }] }],
    ['a lead time of Infinity', { ...wire, s: [{ o: 'lane', i: 'lane', l: '1e999' }] }],
  ])('a value with %s', (_, value) => {
    expect(decodePins(base64url(JSON.stringify(value)))).toEqual({
      ok: false,
      problem: expect.stringMatching(/^The findings in this link could not be read: .+\. Nothing was added/),
    });
  });
});

describe('pinned evidence', () => {
  const items = pinnedEvidence(FINDINGS, START);

  it('is one item per step, in order, each linking back to the panel over its range', () => {
    expect(items.map((item) => [item.type, item.title])).toEqual([
      ['change', 'nlp-serving v2.8.1, tokenizer config'],
      ['change', 'Black Friday email campaign — “Cyber” 🛒'],
      ['onset', 'input tokens (mean) rose'],
      ['onset', 'p99 latency rose'],
      ['onset', 'p99 latency recovered'],
    ]);
    expect(new Set(items.map((item) => item.link))).toEqual(
      new Set([`/d/nlp-serving?viewPanel=4&from=${START - 70 * MIN}&to=${START + 50 * MIN}`])
    );
    expect(items.map((item) => item.time)).toEqual(FINDINGS.steps.map((step) => step.time));
  });

  it('says what the timeline found: verdicts, strength and lead times', () => {
    expect(items[0]).toMatchObject({
      kind: 'deploy',
      exonerated: true,
      detail: 'Nothing moved after it (no signal moved after it) · lead −40 min from the incident start',
    });
    expect(items[1].exonerated).toBeUndefined();
    expect(items[2].detail).toBe('14.2× baseline noise · lead −10 min from the incident start');
    expect(items[3].detail).toBe('more than 1000× baseline noise · lead +0 from the incident start');
  });

  it("says where lead times are measured from when it is not the worksheet's incident start", () => {
    expect(pinnedEvidence(FINDINGS, START + 50 * MIN)[2].detail).toBe(
      "14.2× baseline noise · lead −10 min from the start of the panel's incident annotation"
    );
    expect(pinnedEvidence({ ...FINDINGS, windowSource: 'default' }, START)[2].detail).toContain(
      "from the start of the panel's analysis window"
    );
  });

  it('has ids that are stable per lane and per change, so a second send updates instead of adding', () => {
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(items.every((item) => item.id.startsWith('pin:nlp-serving/4/'))).toBe(true);
    const later = pinnedEvidence(
      {
        ...FINDINGS,
        window: { from: START + 5 * MIN, to: START + 50 * MIN },
        windowSource: 'brushed',
        steps: FINDINGS.steps.map((step) => ({ ...step, leadMs: step.leadMs - 5 * MIN })),
      },
      START
    );
    expect(later.map((item) => item.id)).toEqual(items.map((item) => item.id));
    expect(later[2].detail).toContain('lead −15 min from the start of the window chosen on the panel');
  });

  it('merges into the evidence once: existing items are updated in place, new ones appended in order', () => {
    const note = { id: 'note-1', type: 'note' as const, title: 'Users report slow answers' };
    const first = mergePinnedEvidence([note], items);
    expect(first).toMatchObject({ added: 5, updated: 0 });
    expect(first.evidence.map((item) => item.id)).toEqual(['note-1', ...items.map((item) => item.id)]);
    const again = mergePinnedEvidence(first.evidence, items);
    expect(again).toMatchObject({ added: 0, updated: 5 });
    expect(again.evidence).toEqual(first.evidence);
    const extra = { ...items[2], id: 'pin:nlp-serving/4/onset/C-gc', title: 'GC pause rose' };
    const third = mergePinnedEvidence(again.evidence, [{ ...items[0], detail: 'changed' }, extra, extra]);
    expect(third).toMatchObject({ added: 1, updated: 1 });
    expect(third.evidence.map((item) => item.id)).toEqual([...first.evidence.map((item) => item.id), extra.id]);
    expect(third.evidence[1].detail).toBe('changed');
  });
});

const DRIFT: PinnedFindings = {
  dashboardUID: 'recsys',
  panelId: 9,
  range: { from: START - 4 * 60 * MIN, to: START + 60 * MIN },
  window: { from: START - 60 * MIN, to: START + 60 * MIN },
  windowSource: 'default',
  steps: [],
  drift: [
    {
      feature: 'user_recent_categories_count',
      method: 'wasserstein',
      score: 0.68,
      threshold: 0.1,
      drifted: true,
      since: START - 20 * MIN,
    },
    { feature: 'country', method: 'chi2', score: 0.0000123, threshold: 0.05, drifted: true },
    { feature: 'session_length', method: 'psi', score: 0.04, threshold: 0.2, drifted: false },
  ],
};

describe('drift pins', () => {
  it('round-trip the features, in order, as format 2', () => {
    const encoded = encodePins(DRIFT)!;
    expect(encoded).toMatchObject({ sent: 3, omitted: 0 });
    const wire = JSON.parse(Buffer.from(encoded.value, 'base64url').toString('utf8'));
    expect(wire.v).toBe(2);
    expect(decoded(encoded.value)).toEqual(DRIFT);
  });

  it('keep step-only findings in format 1, so older readers still read the timeline', () => {
    const steps: PinnedFindings = {
      ...DRIFT,
      drift: undefined,
      steps: [{ type: 'onset', laneId: 'a', lane: 'a', time: START, leadMs: 60 * MIN }],
    };
    const { value } = encodePins(steps)!;
    expect(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')).v).toBe(1);
    expect(decoded(value)).not.toHaveProperty('drift');
  });

  it('round scores and thresholds to three significant digits', () => {
    const drift: PinnedDrift = { feature: 'x', method: 'ks', score: 0.123456, threshold: 0.0499999, drifted: false };
    expect(decoded(encodePins({ ...DRIFT, drift: [drift] })!.value).drift).toEqual([
      { ...drift, score: 0.123, threshold: 0.05 },
    ]);
  });

  it(`send at most ${MAX_PIN_FEATURES} features, counting the rest as left out`, () => {
    const drift = Array.from({ length: MAX_PIN_FEATURES + 4 }, (_, i) => ({
      feature: `f${i}`,
      method: 'psi',
      score: 1 - i / 100,
      threshold: 0.2,
      drifted: true,
    }));
    const encoded = encodePins({ ...DRIFT, drift })!;
    expect(encoded).toMatchObject({ sent: MAX_PIN_FEATURES, omitted: 4 });
    const back = decoded(encoded.value);
    expect(back.drift!.map((item) => item.feature)).toEqual(drift.slice(0, MAX_PIN_FEATURES).map((d) => d.feature));
    expect(back.omitted).toBe(4);
  });

  it.each([
    [
      'more than the limit',
      { f: Array.from({ length: MAX_PIN_FEATURES + 1 }, () => ({ f: 'a', m: 'ks', s: 1, t: 1 })) },
    ],
    ['no steps and no features', { f: [] }],
    ['a feature without a score', { f: [{ f: 'a', m: 'ks', t: 1 }] }],
    ['a drift start that is not a time', { f: [{ f: 'a', m: 'ks', s: 1, t: 1, b: 'soon' }] }],
  ])('are refused whole with %s', (_, extra) => {
    const wire = { v: 2, d: 'recsys', p: 9, r: [0, 1000], w: [500, 1000], ws: 'd', s: [], ...extra };
    expect(decodePins(base64url(JSON.stringify(wire)))).toEqual({
      ok: false,
      problem: expect.stringContaining('could not be read'),
    });
  });

  it('become drift evidence: title, drift start, detail and a link back to the panel', () => {
    const items = pinnedEvidence(decoded(encodePins(DRIFT)!.value));
    expect(items).toHaveLength(3);
    expect(items[0]).toEqual({
      id: 'pin:recsys/9/drift/user_recent_categories_count',
      type: 'drift',
      title: 'user_recent_categories_count drifted (wasserstein 0.68, threshold 0.1)',
      time: START - 20 * MIN,
      detail: expect.stringContaining('drifting since 2026-03-14 10:40 UTC'),
      link: `/d/recsys?viewPanel=9&from=${DRIFT.range.from}&to=${DRIFT.range.to}`,
    });
    expect(items[1]).toMatchObject({ title: 'country drifted (chi2 1.2e-5, threshold 0.05)' });
    expect(items[1]).not.toHaveProperty('time');
    expect(items[2]).toMatchObject({ title: 'session_length within threshold (psi 0.04, threshold 0.2)' });
    expect(pinnedSummaryTitle(DRIFT)).toEqual({ count: 3, what: '3 features from the drift panel' });
    expect(pinnedLines(DRIFT)[0]).toBe(items[0].title);
  });

  it('keep their ids over another window and score, so a second send updates them in place', () => {
    const first = pinnedEvidence(DRIFT);
    const again = pinnedEvidence({
      ...DRIFT,
      range: { from: DRIFT.range.from + 30 * MIN, to: DRIFT.range.to + 30 * MIN },
      window: { from: DRIFT.window.from + 30 * MIN, to: DRIFT.window.to + 30 * MIN },
      drift: DRIFT.drift!.map((item) => ({ ...item, score: item.score * 2 })),
    });
    expect(again.map((item) => item.id)).toEqual(first.map((item) => item.id));
    const otherPanel = pinnedEvidence({ ...DRIFT, panelId: 10 });
    expect(otherPanel[0].id).not.toBe(first[0].id);
    const merged = mergePinnedEvidence(first, again);
    expect(merged).toMatchObject({ added: 0, updated: 3 });
    expect(merged.evidence).toEqual(again);
  });
});

describe('links built from a pin link (anyone can send one)', () => {
  it.each(['javascript:alert(1)', '//evil.example', '/\\evil.example', 'https://evil.example/d/x'])(
    'stay paths on this Grafana when the dashboard in it is %j',
    (dashboardUID) => {
      const encoded = encodePins({ ...FINDINGS, dashboardUID, drift: [] });
      const decoded = decodePins(encoded!.value);
      expect(decoded.ok).toBe(true);
      const findings = (decoded as { ok: true; findings: PinnedFindings }).findings;
      for (const item of pinnedEvidence(findings)) {
        expect(item.link).toMatch(/^\/d\/[^/]/);
        expect(checkLink(item.link, {})).toEqual({ ok: true, href: item.link });
      }
    }
  );
});
