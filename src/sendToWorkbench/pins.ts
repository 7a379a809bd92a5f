import { formatDriftScore } from '../analysis';
import { EvidenceItem, panelLink } from '../rca/worksheet';
import { formatOffset, formatUtcMinute } from '../rca/timeline';

/**
 * "Send to workbench": the timeline panel's "what changed first" findings, carried to an incident's workbench
 * in the URL (`?pin=…`), so the link can be shared and survives a reload. The workbench adds them to the
 * worksheet's pinned evidence, each under a stable id, so sending the same findings twice adds nothing.
 *
 * On the wire: compact JSON with short keys, as base64url of its UTF-8 bytes.
 */
export const PIN_PARAM = 'pin';
/** The newest format: 2 adds the drift panel's features. Findings without them are still sent as format 1. */
export const PIN_FORMAT = 2;
const STEPS_ONLY_FORMAT = 1;
/**
 * The longest `pin` value sent or read. Links longer than about 8 KB are cut by proxies, chat tools and some
 * browsers; the rest of the URL (Grafana's path, the playground's or the dashboard's own params) needs room.
 */
export const MAX_PIN_LENGTH = 6000;
/** Steps beyond these are not sent: the first changes are what the workbench needs. */
export const MAX_PIN_STEPS = 40;
/** Features beyond these are not sent: the most drifted ones are what the workbench needs. */
export const MAX_PIN_FEATURES = 10;
/** Annotation texts and lane names are cut to this many characters. */
export const MAX_PIN_TEXT = 200;

export type PinWindowSource = 'incident' | 'brushed' | 'default';

export interface PinnedOnset {
  type: 'onset';
  laneId: string;
  /** The lane's display name. */
  lane: string;
  /** Epoch ms. */
  time: number;
  /** time − the analysis window's start (the incident start when the window is the incident's). */
  leadMs: number;
  direction?: 'up' | 'down';
  /** Strength of the departure, in baseline noise scales. */
  score?: number;
  /** A return to the pre-onset level after a rollback. */
  recovery?: boolean;
}

export interface PinnedChange {
  type: 'change';
  eventId: string;
  kind: string;
  text: string;
  time: number;
  leadMs: number;
  /** Nothing moved after it. */
  exonerated: boolean;
  /** Why it is exonerated or not judged yet. */
  reason?: string;
}

export type PinnedStep = PinnedOnset | PinnedChange;

/** A feature of the drift panel's ranking, as the panel scored it over its current period. */
export interface PinnedDrift {
  feature: string;
  /** The test or distance: wasserstein, psi, ks, chi2… */
  method: string;
  score: number;
  threshold: number;
  drifted: boolean;
  /** Epoch ms: when the latest run of drifted windows began ("drifting since"). */
  since?: number;
}

export interface PinnedFindings {
  dashboardUID: string;
  panelId: number;
  /** The panel's time range, epoch ms. */
  range: { from: number; to: number };
  /** The analysis window; lead times are measured from its start. */
  window: { from: number; to: number };
  windowSource: PinWindowSource;
  /** In the panel's order: time order, changes before onsets at the same time. */
  steps: PinnedStep[];
  /** The drift panel's features, drifted ones first (format 2). */
  drift?: PinnedDrift[];
  /** Steps (or features) of the panel's list left out to keep the link short. */
  omitted?: number;
}

/** What `decodePins` gives: the findings, or why they cannot be read. */
export type DecodedPins = { ok: true; findings: PinnedFindings } | { ok: false; problem: string };

// The wire format. Times are leads from `w[0]`, which keeps every step short.
interface WireOnset {
  o: string;
  i: string;
  l: number;
  d?: 'u' | 'd';
  s?: number;
  r?: 1;
}
interface WireDrift {
  f: string;
  m: string;
  s: number;
  t: number;
  x?: 1;
  /** Drift start, as a lead from `w[0]`. */
  b?: number;
}
interface WireChange {
  c: string;
  i: string;
  x: string;
  l: number;
  e?: 1;
  y?: string;
}
interface Wire {
  v: number;
  d: string;
  p: number;
  r: [number, number];
  w: [number, number];
  ws: 'i' | 'b' | 'd';
  s: Array<WireOnset | WireChange>;
  f?: WireDrift[];
  n?: number;
}

const SOURCE_TO_WIRE: Record<PinWindowSource, Wire['ws']> = { incident: 'i', brushed: 'b', default: 'd' };
const SOURCE_FROM_WIRE: Record<Wire['ws'], PinWindowSource> = { i: 'incident', b: 'brushed', d: 'default' };

function cut(text: string): string {
  return text.length > MAX_PIN_TEXT ? `${text.slice(0, MAX_PIN_TEXT - 1)}…` : text;
}

function toWireStep(step: PinnedStep): WireOnset | WireChange {
  const l = Math.round(step.leadMs);
  if (step.type === 'onset') {
    return {
      o: cut(step.lane),
      i: cut(step.laneId),
      l,
      ...(step.direction ? { d: step.direction === 'up' ? 'u' : 'd' } : {}),
      ...(step.score !== undefined && Number.isFinite(step.score) ? { s: Math.round(step.score * 10) / 10 } : {}),
      ...(step.recovery ? { r: 1 as const } : {}),
    };
  }
  return {
    c: cut(step.kind),
    i: cut(step.eventId),
    x: cut(step.text),
    l,
    ...(step.exonerated ? { e: 1 as const } : {}),
    ...(step.reason ? { y: cut(step.reason) } : {}),
  };
}

/** Three significant digits: a score, a p-value or a threshold as the panel shows it. */
const roundScore = (value: number) => Number(value.toPrecision(3));

function toWireDrift(drift: PinnedDrift, start: number): WireDrift {
  return {
    f: cut(drift.feature),
    m: cut(drift.method),
    s: roundScore(drift.score),
    t: roundScore(drift.threshold),
    ...(drift.drifted ? { x: 1 as const } : {}),
    ...(drift.since !== undefined && Number.isFinite(drift.since) ? { b: Math.round(drift.since - start) } : {}),
  };
}

/** UTF-8 bytes of the text, as a binary string, without TextEncoder (not in every test environment). */
function toBinary(text: string): string {
  return encodeURIComponent(text).replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16))
  );
}

function fromBinary(binary: string): string {
  let escaped = '';
  for (let i = 0; i < binary.length; i++) {
    escaped += `%${binary.charCodeAt(i).toString(16).padStart(2, '0')}`;
  }
  return decodeURIComponent(escaped);
}

function toBase64Url(text: string): string {
  return btoa(toBinary(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(value: string): string {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return fromBinary(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
}

/**
 * The `pin` value for the findings: at most MAX_PIN_STEPS steps and MAX_PIN_LENGTH characters, the latest
 * steps left out first (and counted in `omitted`). Undefined when not even one step fits.
 */
export function encodePins(findings: PinnedFindings): { value: string; sent: number; omitted: number } | undefined {
  const start = Math.round(findings.window.from);
  const steps = findings.steps.slice(0, MAX_PIN_STEPS).map(toWireStep);
  const drift = (findings.drift ?? []).slice(0, MAX_PIN_FEATURES).map((item) => toWireDrift(item, start));
  // Steps first, then features; the last of them are left out first.
  const all: Array<WireOnset | WireChange | WireDrift> = [...steps, ...drift];
  const total = findings.steps.length + (findings.drift?.length ?? 0);
  let count = all.length;
  const before = findings.omitted ?? 0;
  const encode = (n: number) => {
    const omitted = before + total - n;
    const kept = all.slice(0, n);
    const features = kept.filter((item): item is WireDrift => 'f' in item);
    const wire: Wire = {
      v: findings.drift ? PIN_FORMAT : STEPS_ONLY_FORMAT,
      d: findings.dashboardUID,
      p: findings.panelId,
      r: [Math.round(findings.range.from), Math.round(findings.range.to)],
      w: [Math.round(findings.window.from), Math.round(findings.window.to)],
      ws: SOURCE_TO_WIRE[findings.windowSource],
      s: kept.filter((item): item is WireOnset | WireChange => !('f' in item)),
      ...(findings.drift ? { f: features } : {}),
      ...(omitted > 0 ? { n: omitted } : {}),
    };
    return toBase64Url(JSON.stringify(wire));
  };
  let value = encode(count);
  while (value.length > MAX_PIN_LENGTH && count > 0) {
    // Shrink in proportion to the excess, then step by one: a few encodings, not one per step.
    const next = Math.min(count - 1, Math.floor((count * MAX_PIN_LENGTH) / value.length));
    count = Math.max(0, next);
    value = encode(count);
  }
  if (count === 0 || value.length > MAX_PIN_LENGTH) {
    return undefined;
  }
  return { value, sent: count, omitted: before + total - count };
}

class WireError extends Error {}

function need<T>(ok: boolean, value: T, what: string): T {
  if (!ok) {
    throw new WireError(what);
  }
  return value;
}

const isNum = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isStr = (value: unknown): value is string => typeof value === 'string';

function pair(value: unknown, what: string): { from: number; to: number } {
  const ok = Array.isArray(value) && value.length === 2 && isNum(value[0]) && isNum(value[1]) && value[0] <= value[1];
  const [from, to] = need(ok, value as [number, number], `${what} is not a time range`);
  return { from, to };
}

function record(raw: unknown, what: string): Record<string, unknown> {
  return need(
    Boolean(raw) && typeof raw === 'object' && !Array.isArray(raw),
    raw as Record<string, unknown>,
    `${what} is not an object`
  );
}

function fromWireStep(raw: unknown, index: number, start: number): PinnedStep {
  const step = record(raw, `step ${index + 1}`);
  const leadMs = need(isNum(step.l), step.l as number, `step ${index + 1} has no lead time`);
  const laneOrKind = step.o ?? step.c;
  need(
    isStr(laneOrKind) && laneOrKind !== '' && isStr(step.i),
    null,
    `step ${index + 1} is neither an onset nor a change`
  );
  if ('o' in step) {
    need(step.d === undefined || step.d === 'u' || step.d === 'd', null, `step ${index + 1} has an unknown direction`);
    need(step.s === undefined || isNum(step.s), null, `step ${index + 1} has a score that is not a number`);
    return {
      type: 'onset',
      laneId: step.i as string,
      lane: step.o as string,
      time: start + leadMs,
      leadMs,
      ...(step.d ? { direction: step.d === 'u' ? 'up' : 'down' } : {}),
      ...(step.s !== undefined ? { score: step.s as number } : {}),
      ...(step.r === 1 ? { recovery: true } : {}),
    };
  }
  need(isStr(step.x), null, `step ${index + 1} has no text`);
  need(step.y === undefined || isStr(step.y), null, `step ${index + 1} has a reason that is not text`);
  return {
    type: 'change',
    eventId: step.i as string,
    kind: step.c as string,
    text: step.x as string,
    time: start + leadMs,
    leadMs,
    exonerated: step.e === 1,
    ...(step.y !== undefined ? { reason: step.y as string } : {}),
  };
}

function fromWireDrift(raw: unknown, index: number, start: number): PinnedDrift {
  const item = record(raw, `feature ${index + 1}`);
  need(isStr(item.f) && item.f !== '' && isStr(item.m), null, `feature ${index + 1} has no name or method`);
  need(isNum(item.s) && isNum(item.t), null, `feature ${index + 1} has no score or threshold`);
  need(item.b === undefined || isNum(item.b), null, `feature ${index + 1} has a drift start that is not a time`);
  return {
    feature: item.f as string,
    method: item.m as string,
    score: item.s as number,
    threshold: item.t as number,
    drifted: item.x === 1,
    ...(item.b !== undefined ? { since: start + (item.b as number) } : {}),
  };
}

/** Reads a `pin` value; never throws. Anything too long, damaged or of another format is refused whole. */
export function decodePins(value: string): DecodedPins {
  if (value.length > MAX_PIN_LENGTH) {
    return {
      ok: false,
      problem: `The findings in this link are too big to read (${value.length} characters, at most ${MAX_PIN_LENGTH}). Nothing was added; send them from the panel again.`,
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(value.trim()));
  } catch {
    return {
      ok: false,
      problem:
        'The findings in this link could not be read: the link is damaged (cut short or edited). Nothing was added; send them from the panel again.',
    };
  }
  try {
    const wire = need(
      Boolean(raw) && typeof raw === 'object' && !Array.isArray(raw),
      raw as Partial<Wire>,
      'not an object'
    );
    if (wire.v !== PIN_FORMAT && wire.v !== STEPS_ONLY_FORMAT) {
      return {
        ok: false,
        problem: `The findings in this link were sent by another version of Driftline (format ${String(wire.v)}; this one reads formats ${STEPS_ONLY_FORMAT} to ${PIN_FORMAT}). Nothing was added.`,
      };
    }
    const window = pair(wire.w, 'the analysis window');
    const withDrift = wire.v === PIN_FORMAT;
    const features = withDrift
      ? need(Array.isArray(wire.f ?? []), (wire.f ?? []) as unknown[], 'the features are not a list')
      : [];
    need(features.length <= MAX_PIN_FEATURES, null, `there are more than ${MAX_PIN_FEATURES} features`);
    const steps = need(
      Array.isArray(wire.s ?? (withDrift ? [] : undefined)),
      (wire.s ?? []) as unknown[],
      'there are no steps'
    );
    need(steps.length + features.length > 0, null, withDrift ? 'there are no steps or features' : 'there are no steps');
    need(steps.length <= MAX_PIN_STEPS, null, `there are more than ${MAX_PIN_STEPS} steps`);
    const source = need(
      typeof wire.ws === 'string' && Object.prototype.hasOwnProperty.call(SOURCE_FROM_WIRE, wire.ws),
      wire.ws as Wire['ws'],
      'the window has no source'
    );
    return {
      ok: true,
      findings: {
        dashboardUID: need(isStr(wire.d), wire.d as string, 'the dashboard is missing'),
        panelId: need(isNum(wire.p), wire.p as number, 'the panel is missing'),
        range: pair(wire.r, 'the time range'),
        window,
        windowSource: SOURCE_FROM_WIRE[source],
        steps: steps.map((step, index) => fromWireStep(step, index, window.from)),
        ...(withDrift ? { drift: features.map((item, index) => fromWireDrift(item, index, window.from)) } : {}),
        ...(isNum(wire.n) && wire.n > 0 ? { omitted: wire.n } : {}),
      },
    };
  } catch (error) {
    const reason = error instanceof WireError ? error.message : String(error);
    return {
      ok: false,
      problem: `The findings in this link could not be read: ${reason}. Nothing was added; send them from the panel again.`,
    };
  }
}

/**
 * The id of a pinned step: one per lane (onset, recovery) and one per annotation of a panel, so sending again,
 * even over another window, updates what was pinned instead of adding it twice.
 */
export function pinnedStepId(findings: Pick<PinnedFindings, 'dashboardUID' | 'panelId'>, step: PinnedStep): string {
  const panel = `pin:${findings.dashboardUID}/${findings.panelId}`;
  return step.type === 'onset'
    ? `${panel}/${step.recovery ? 'recovery' : 'onset'}/${step.laneId}`
    : `${panel}/change/${step.eventId}`;
}

/** The id of a pinned feature: one per feature of a panel, so a second send updates it. */
export function pinnedDriftId(findings: Pick<PinnedFindings, 'dashboardUID' | 'panelId'>, drift: PinnedDrift): string {
  return `pin:${findings.dashboardUID}/${findings.panelId}/drift/${drift.feature}`;
}

/** The drift panel's features as evidence items, each at its drift start and linking back to the panel. */
export function pinnedDriftEvidence(findings: PinnedFindings): EvidenceItem[] {
  const link = panelLink(findings.dashboardUID, findings.panelId, findings.range.from, findings.range.to);
  return (findings.drift ?? []).map((drift): EvidenceItem => {
    const scored = `${drift.method} ${formatDriftScore(drift.score)}, threshold ${formatDriftScore(drift.threshold)}`;
    return {
      id: pinnedDriftId(findings, drift),
      type: 'drift',
      title: `${drift.feature} ${drift.drifted ? 'drifted' : 'within threshold'} (${scored})`,
      ...(drift.since !== undefined ? { time: drift.since } : {}),
      detail: [
        drift.since !== undefined ? `drifting since ${formatUtcMinute(drift.since)}` : undefined,
        `current period ${formatUtcMinute(findings.window.from)} → ${formatUtcMinute(findings.window.to)}`,
      ]
        .filter(Boolean)
        .join(' · '),
      link,
    };
  });
}

/** What a `pin` link carries, in words: "3 steps from the timeline panel", "2 features from the drift panel". */
export function pinnedSummaryTitle(findings: PinnedFindings): { count: number; what: string } {
  const steps = findings.steps.length;
  const features = findings.drift?.length ?? 0;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    steps > 0 ? `${plural(steps, 'step')} from the timeline panel` : '',
    features > 0 ? `${plural(features, 'feature')} from the drift panel` : '',
  ].filter(Boolean);
  return { count: steps + features, what: parts.join(' and ') };
}

/** One line per pinned finding, for a short list of what waits to be pinned: the evidence items' titles. */
export function pinnedLines(findings: PinnedFindings): string[] {
  return pinnedEvidence(findings).map((item) => item.title);
}

const FROM_SOURCE: Record<PinWindowSource, string> = {
  incident: "the start of the panel's incident annotation",
  brushed: 'the start of the window chosen on the panel',
  default: "the start of the panel's analysis window",
};

/** Within this of each other, the panel's incident and the worksheet's start together. */
const SAME_START_MS = 1000;

/**
 * The findings as evidence items, in the panel's order, each linking back to the panel over its range. Lead
 * times are the panel's; they are "from the incident start" only when the panel's window starts with the
 * worksheet's incident (`incidentStart`), and say where they are measured from otherwise.
 */
export function pinnedEvidence(findings: PinnedFindings, incidentStart?: number): EvidenceItem[] {
  const link = panelLink(findings.dashboardUID, findings.panelId, findings.range.from, findings.range.to);
  const sameStart =
    findings.windowSource === 'incident' &&
    incidentStart !== undefined &&
    Math.abs(findings.window.from - incidentStart) <= SAME_START_MS;
  const from = sameStart ? 'the incident start' : FROM_SOURCE[findings.windowSource];
  const lead = (leadMs: number) => `lead ${formatOffset(leadMs).replace(/^T/, '')} from ${from}`;
  const steps = findings.steps.map((step): EvidenceItem => {
    const id = pinnedStepId(findings, step);
    if (step.type === 'onset') {
      const moved = step.recovery
        ? 'recovered'
        : step.direction === 'up'
          ? 'rose'
          : step.direction === 'down'
            ? 'fell'
            : 'moved';
      const score =
        step.score === undefined
          ? undefined
          : step.score > 1000
            ? 'more than 1000× baseline noise'
            : `${step.score.toFixed(1)}× baseline noise`;
      return {
        id,
        type: 'onset',
        title: `${step.lane} ${moved}`,
        time: step.time,
        detail: [score, lead(step.leadMs)].filter(Boolean).join(' · '),
        link,
      };
    }
    const verdict = step.exonerated ? `Nothing moved after it${step.reason ? ` (${step.reason})` : ''}` : step.reason;
    return {
      id,
      type: 'change',
      kind: step.kind,
      title: step.text,
      time: step.time,
      detail: [verdict, lead(step.leadMs)].filter(Boolean).join(' · '),
      ...(step.exonerated ? { exonerated: true } : {}),
      link,
    };
  });
  return [...steps, ...pinnedDriftEvidence(findings)];
}

/**
 * The evidence with the pinned items in it: an item already there (same id) is replaced where it is, so its
 * citations still hold; new ones are added at the end in their order.
 */
export function mergePinnedEvidence(
  evidence: readonly EvidenceItem[],
  items: readonly EvidenceItem[]
): { evidence: EvidenceItem[]; added: number; updated: number } {
  // The last of two items with one id wins, as a second send would.
  const incoming = new Map(items.map((item) => [item.id, item]));
  let updated = 0;
  const merged = evidence.map((item) => {
    const replacement = incoming.get(item.id);
    if (!replacement) {
      return item;
    }
    incoming.delete(item.id);
    updated++;
    return replacement;
  });
  const added: EvidenceItem[] = [];
  for (const item of items) {
    if (incoming.get(item.id) === item) {
      incoming.delete(item.id);
      added.push(item);
    }
  }
  return { evidence: [...merged, ...added], added: added.length, updated };
}
