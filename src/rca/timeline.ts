import type { ChangeStep } from '../analysis';
import type { AnnotationEvent } from '../data/annotations';
import type { EvidenceItem } from './worksheet';

/** One row of the post-mortem timeline. */
export interface TimelineEntry {
  /** Epoch ms. */
  time: number;
  /** time − incident start: negative before the incident. */
  offsetMs: number;
  /** 'annotation' rows come from people and tools; 'onset' rows from the signals. */
  source: 'annotation' | 'onset' | 'incident';
  /** Annotation kind (deploy, data…) or 'onset'. */
  kind: string;
  text: string;
  /** Set for a change nothing moved after. */
  exonerated?: boolean;
}

/**
 * A step of the "what changed first" sequence: the analysis' own, or the timeline panel's, which adds the
 * lane's display name and marks recoveries.
 */
export type TimelineInputStep = ChangeStep & { displayLabel?: string; recovery?: boolean };

export interface TimelineInput {
  incidentStart: number;
  incidentEnd?: number;
  annotations?: readonly AnnotationEvent[];
  /** The "what changed first" sequence; its events duplicate annotations and are merged with them. */
  steps?: readonly TimelineInputStep[];
  /**
   * The worksheet's evidence: onsets and changes pinned from a panel ("Send to workbench") join the timeline,
   * unless the sequence or the annotations already have them at that time. Notes and drift are left out.
   */
  evidence?: readonly EvidenceItem[];
  /** Only rows inside [from, to] are kept; default: everything. */
  window?: { from: number; to: number };
}

const KIND_ORDER: Record<TimelineEntry['source'], number> = { incident: 0, annotation: 1, onset: 2 };

/**
 * The post-mortem timeline: annotations (changes, mitigations, notes), signal onsets and the incident's
 * start and end, ordered by time with offsets from the incident start. A change event of the sequence that
 * is also an annotation appears once, with the sequence's verdict (exonerated or not).
 */
export function buildPostmortemTimeline(input: TimelineInput): TimelineEntry[] {
  const { incidentStart } = input;
  const entries: TimelineEntry[] = [];
  const exoneratedIds = new Map<string, boolean>();
  for (const step of input.steps ?? []) {
    if (step.type === 'event') {
      exoneratedIds.set(step.eventId, step.exonerated);
    }
  }
  const annotationIds = new Set<string>();
  for (const event of input.annotations ?? []) {
    annotationIds.add(event.id);
    // The incident region itself is the frame of the timeline, given by its start and end rows.
    if (event.kind === 'incident' && event.isRegion) {
      continue;
    }
    entries.push({
      time: event.time,
      offsetMs: event.time - incidentStart,
      source: 'annotation',
      kind: event.kind,
      text: event.text,
      ...(exoneratedIds.has(event.id) ? { exonerated: exoneratedIds.get(event.id) } : {}),
    });
  }
  for (const step of input.steps ?? []) {
    if (step.type === 'event') {
      if (!annotationIds.has(step.eventId)) {
        entries.push({
          time: step.time,
          offsetMs: step.time - incidentStart,
          source: 'annotation',
          kind: step.kind,
          text: step.label,
          exonerated: step.exonerated,
        });
      }
      continue;
    }
    // The lane's display name when the panel gave one ("p99 latency", not the lane id "A/4/p99 latency").
    const name = step.displayLabel || step.label;
    const moved = step.recovery ? 'recovered' : `moved ${step.direction === 'up' ? 'up' : 'down'}`;
    const score = step.score > 1000 ? 'more than 1000×' : `${step.score.toFixed(1)}×`;
    entries.push({
      time: step.time,
      offsetMs: step.time - incidentStart,
      source: 'onset',
      kind: 'onset',
      text: `${name} ${moved} (${score} baseline noise)`,
    });
  }
  const seen = new Set(entries.map((entry) => `${entry.source}@${entry.time}`));
  for (const item of input.evidence ?? []) {
    if (item.time === undefined || (item.type !== 'onset' && item.type !== 'change')) {
      continue;
    }
    const source = item.type === 'onset' ? 'onset' : 'annotation';
    if (seen.has(`${source}@${item.time}`)) {
      continue;
    }
    seen.add(`${source}@${item.time}`);
    entries.push({
      time: item.time,
      offsetMs: item.time - incidentStart,
      source,
      kind: item.type === 'onset' ? 'onset' : (item.kind ?? 'other'),
      text: item.title,
      ...(item.exonerated ? { exonerated: true } : {}),
    });
  }
  entries.push({ time: incidentStart, offsetMs: 0, source: 'incident', kind: 'incident', text: 'Incident starts' });
  if (input.incidentEnd !== undefined) {
    entries.push({
      time: input.incidentEnd,
      offsetMs: input.incidentEnd - incidentStart,
      source: 'incident',
      kind: 'incident',
      text: 'Incident ends',
    });
  }
  const window = input.window;
  return entries
    .filter((entry) => !window || (entry.time >= window.from && entry.time <= window.to))
    .sort((a, b) => a.time - b.time || KIND_ORDER[a.source] - KIND_ORDER[b.source]);
}

/** "2026-03-01 12:05 UTC": a time in an incident review, read in more than one time zone. */
export function formatUtcMinute(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "T−12 min", "T+0", "T+1 h 05 min", "T+3 d 4 h": offsets as an incident review reads them. */
export function formatOffset(offsetMs: number): string {
  if (offsetMs === 0) {
    return 'T+0';
  }
  const sign = offsetMs < 0 ? '−' : '+';
  if (Math.abs(offsetMs) < 60_000) {
    return `T${sign}${Math.round(Math.abs(offsetMs) / 1000)} s`;
  }
  const totalMinutes = Math.round(Math.abs(offsetMs) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) {
    return `T${sign}${days} d${hours > 0 ? ` ${hours} h` : ''}`;
  }
  if (hours > 0) {
    return `T${sign}${hours} h${minutes > 0 ? ` ${String(minutes).padStart(2, '0')} min` : ''}`;
  }
  return `T${sign}${minutes} min`;
}

/** "45 min", "2 h 10 min", "3 d 2 h" for a duration. */
export function formatDuration(ms: number): string {
  if (Math.abs(ms) < 60_000) {
    return `${Math.round(Math.abs(ms) / 1000)} s`;
  }
  return formatOffset(ms).replace(/^T[+−]/, '');
}
