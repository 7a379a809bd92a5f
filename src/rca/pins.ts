import { EvidenceItem, panelLink } from './worksheet';
import { formatOffset } from './timeline';

/**
 * "Send to workbench": the timeline panel's "what changed first" findings, carried to an incident's workbench
 * in the URL (`?pin=…`), so the link can be shared and survives a reload. The workbench adds them to the
 * worksheet's pinned evidence, each under a stable id, so sending the same findings twice adds nothing.
 *
 * On the wire: compact JSON with short keys, as base64url of its UTF-8 bytes.
 */
export const PIN_PARAM = 'pin';
export const PIN_FORMAT = 1;
/**
 * The longest `pin` value sent or read. Links longer than about 8 KB are cut by proxies, chat tools and some
 * browsers; the rest of the URL (Grafana's path, the playground's or the dashboard's own params) needs room.
 */
export const MAX_PIN_LENGTH = 6000;
/** Steps beyond these are not sent: the first changes are what the workbench needs. */
export const MAX_PIN_STEPS = 40;
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
  /** Steps of the panel's list left out to keep the link short. */
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
  const all = findings.steps.map(toWireStep);
  let count = Math.min(all.length, MAX_PIN_STEPS);
  const before = findings.omitted ?? 0;
  const encode = (n: number) => {
    const omitted = before + all.length - n;
    const wire: Wire = {
      v: PIN_FORMAT,
      d: findings.dashboardUID,
      p: findings.panelId,
      r: [Math.round(findings.range.from), Math.round(findings.range.to)],
      w: [Math.round(findings.window.from), Math.round(findings.window.to)],
      ws: SOURCE_TO_WIRE[findings.windowSource],
      s: all.slice(0, n),
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
  return { value, sent: count, omitted: before + all.length - count };
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

function fromWireStep(raw: unknown, index: number, start: number): PinnedStep {
  const step = need(
    Boolean(raw) && typeof raw === 'object' && !Array.isArray(raw),
    raw as Record<string, unknown>,
    `step ${index + 1} is not an object`
  );
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
    if (wire.v !== PIN_FORMAT) {
      return {
        ok: false,
        problem: `The findings in this link were sent by another version of Driftline (format ${String(wire.v)}; this one reads format ${PIN_FORMAT}). Nothing was added.`,
      };
    }
    const window = pair(wire.w, 'the analysis window');
    const steps = need(Array.isArray(wire.s) && wire.s.length > 0, wire.s as unknown[], 'there are no steps');
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
  return findings.steps.map((step): EvidenceItem => {
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
