import {
  decodePins,
  encodePins,
  MAX_PIN_LENGTH,
  MAX_PIN_STEPS,
  MAX_PIN_TEXT,
  mergePinnedEvidence,
  pinnedEvidence,
  PinnedFindings,
  PinnedStep,
} from './pins';

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
    expect(decodePins(base64url(JSON.stringify({ v: 2, s: [] })))).toEqual({
      ok: false,
      problem: expect.stringContaining('another version of Driftline (format 2'),
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
