import { DataFrame } from '@grafana/data';
import { DriftInputError } from '../analysis';
import { assertTime, isEpochMs } from './arguments';

export type AnnotationKind = 'deploy' | 'model' | 'data' | 'config' | 'incident' | 'mitigation' | 'business' | 'other';

export const ANNOTATION_KINDS: AnnotationKind[] = [
  'deploy',
  'model',
  'data',
  'config',
  'incident',
  'mitigation',
  'business',
  'other',
];

/** Tag-to-kind mapping; editable on the app's configuration page and stored in the app's jsonData. */
export type KindTags = Record<Exclude<AnnotationKind, 'other'>, string[]>;

export const DEFAULT_KIND_TAGS: KindTags = {
  deploy: ['deploy', 'deployment', 'release', 'rollback'],
  model: ['model', 'model-version', 'retrain'],
  data: ['data', 'data-change', 'schema-change', 'backfill', 'pipeline'],
  config: ['config', 'feature-flag', 'hyperparameter'],
  incident: ['incident', 'outage', 'sev1', 'sev2'],
  mitigation: ['mitigation', 'action'],
  business: ['business', 'campaign'],
};

export interface AnnotationEvent {
  id: string;
  time: number;
  /** Equal to `time` for a point; undefined for a region whose end is not known yet (ongoing). */
  timeEnd?: number;
  isRegion: boolean;
  text: string;
  tags: string[];
  login?: string;
  kind: AnnotationKind;
  /**
   * Where an annotation written from a panel is on its way to Grafana: undefined for annotations the
   * dashboard's query returned, else the outbox status (`sent` until the query returns it).
   */
  writeStatus?: 'pending' | 'sending' | 'failed' | 'sent';
  /** Why a write has not reached Grafana yet, for the tooltip. */
  writeProblem?: string;
  /**
   * Stored in Grafana's own annotation store (the dashboard's built-in query), so `PATCH /api/annotations/:id`
   * can change it; annotations from a data source (Prometheus, Loki, the demo source) cannot be edited here.
   */
  inGrafanaStore?: boolean;
}

/** Whether an annotation frame row came from Grafana's built-in annotation query, by its `source` field. */
function fromGrafanaStore(source: unknown): boolean {
  if (!source || typeof source !== 'object') {
    return false;
  }
  const query = source as { builtIn?: unknown; type?: unknown; datasource?: unknown };
  if (query.builtIn) {
    return true;
  }
  const datasource = query.datasource;
  if (typeof datasource === 'string') {
    return datasource === '-- Grafana --' || datasource === 'grafana';
  }
  const ref = datasource as { uid?: unknown; type?: unknown } | undefined;
  return ref?.uid === 'grafana' || ref?.uid === '-- Grafana --' || ref?.type === 'grafana';
}

/** Marks an incident region whose end is not known yet; "End incident" sets the end and drops it. */
export const ONGOING_TAG = 'ongoing';

/**
 * The first kind whose tags match wins, in taxonomy order, so an annotation tagged both `deploy` and
 * `model` counts as a deploy (the first suspect), and `incident` beats `mitigation`.
 */
export function classifyAnnotation(tags: string[], kindTags: KindTags = DEFAULT_KIND_TAGS): AnnotationKind {
  const lowered = tags.map((tag) => tag.toLowerCase().trim());
  const order: Array<keyof KindTags> = ['incident', 'deploy', 'model', 'data', 'config', 'mitigation', 'business'];
  for (const kind of order) {
    if (kindTags[kind]?.some((tag) => lowered.includes(tag.toLowerCase()))) {
      return kind;
    }
  }
  return 'other';
}

function toTags(raw: unknown): string[] {
  if (Array.isArray(raw)) {
    return raw.map(String);
  }
  if (typeof raw === 'string' && raw.length > 0) {
    return raw.split(',').map((tag) => tag.trim());
  }
  return [];
}

function toTime(raw: unknown): number | undefined {
  if (isEpochMs(raw)) {
    return raw;
  }
  if (typeof raw === 'string') {
    const parsed = Date.parse(raw);
    return isEpochMs(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** An annotation as a source stores it: Grafana's HTTP API, an annotation frame row, an outbox draft. */
export interface StoredAnnotation {
  id: string | number;
  time: number;
  /** The end as stored: a number, missing, or null (a region whose end is not set). */
  timeEnd?: number | null;
  /** The source itself marks the row as a region (an `isRegion` column). */
  isRegion?: boolean;
  text: string;
  tags: readonly string[];
  login?: string;
}

function isOngoing(tags: readonly string[]): boolean {
  return tags.some((tag) => tag.toLowerCase() === ONGOING_TAG);
}

/**
 * The one reading of a stored annotation as an event. A region is an annotation whose end differs from its
 * start, one its source marks as a region, or one tagged `ongoing` (an incident whose end is not known yet:
 * its `timeEnd` stays undefined, never the zero-length end it was written with).
 * @throws DriftInputError when its time is not epoch ms.
 */
export function annotationEvent(annotation: StoredAnnotation, kindTags: KindTags = DEFAULT_KIND_TAGS): AnnotationEvent {
  const { time, timeEnd } = annotation;
  if (!hasTime(annotation)) {
    throw new DriftInputError(
      'INVALID_ARGUMENT',
      `annotation ${String(annotation.id)} has time ${String(time)}: an annotation's time is epoch milliseconds of a date`
    );
  }
  const tags = [...annotation.tags];
  const ongoing = isOngoing(tags);
  const end = typeof timeEnd === 'number' && Number.isFinite(timeEnd) ? timeEnd : undefined;
  const isRegion = ongoing || Boolean(annotation.isRegion) || (end !== undefined && end !== time) || timeEnd === null;
  return {
    id: String(annotation.id),
    time,
    timeEnd: ongoing ? undefined : isRegion ? end : time,
    isRegion,
    text: annotation.text,
    tags,
    ...(annotation.login ? { login: annotation.login } : {}),
    kind: classifyAnnotation(tags, kindTags),
  };
}

/** Whether a stored annotation has a time to be placed at: epoch ms of a date JavaScript can hold. */
function hasTime(annotation: StoredAnnotation): boolean {
  return isEpochMs(annotation.time);
}

/** Stored annotations as events, in time order; those without a time are skipped, as in readAnnotations. */
export function annotationEvents(
  annotations: readonly StoredAnnotation[],
  kindTags: KindTags = DEFAULT_KIND_TAGS
): AnnotationEvent[] {
  return annotations
    .filter(hasTime)
    .map((annotation) => annotationEvent(annotation, kindTags))
    .sort((a, b) => a.time - b.time);
}

/** Reads Grafana's annotation frames (`PanelData.annotations`) into events; rows without a time are skipped. */
export function readAnnotations(
  frames: DataFrame[] | undefined,
  kindTags: KindTags = DEFAULT_KIND_TAGS
): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames ?? []) {
    const column = (name: string) => frame.fields.find((field) => field.name === name)?.values;
    const times = column('time');
    if (!times) {
      continue;
    }
    const timeEnds = column('timeEnd');
    const texts = column('text');
    const tags = column('tags');
    const logins = column('login');
    const ids = column('id');
    const isRegions = column('isRegion');
    const sources = column('source');
    // The time column's own length, not the frame's `length`, which a data source can get wrong.
    for (let row = 0; row < times.length; row++) {
      const time = toTime(times[row]);
      if (time === undefined) {
        continue;
      }
      const rawEnd = timeEnds?.[row];
      const event = annotationEvent(
        {
          id: String(ids?.[row] ?? `${frame.refId ?? 'annotation'}-${row}`),
          time,
          timeEnd: rawEnd === null ? null : toTime(rawEnd),
          isRegion: Boolean(isRegions?.[row]),
          text: String(texts?.[row] ?? ''),
          tags: toTags(tags?.[row]),
          login: logins?.[row] ? String(logins[row]) : undefined,
        },
        kindTags
      );
      events.push({ ...event, inGrafanaStore: fromGrafanaStore(sources?.[row]) });
    }
  }
  return events.sort((a, b) => a.time - b.time);
}

/** The newest incident region that overlaps the range: the annotation of the panels' default window. */
export function currentIncident(
  events: AnnotationEvent[],
  range: { from: number; to: number },
  now: number
): AnnotationEvent | undefined {
  const incidents = events.filter(
    (event) =>
      event.kind === 'incident' && event.isRegion && event.time < range.to && (event.timeEnd ?? now) > range.from
  );
  return incidents[incidents.length - 1];
}

/** The newest incident region that overlaps the range: the panels' default current window. */
export function incidentWindow(
  events: AnnotationEvent[],
  range: { from: number; to: number },
  now: number
): { from: number; to: number; ongoing: boolean } | undefined {
  // An ongoing incident ends now: a "now" that is no time would give a window without an end.
  assertTime(now, 'current time ("now")');
  const latest = currentIncident(events, range, now);
  if (!latest) {
    return undefined;
  }
  return { from: latest.time, to: latest.timeEnd ?? now, ongoing: latest.timeEnd === undefined };
}

/** The events of the kinds a panel shows; no list (an older saved panel) shows every kind. */
export function eventsOfKinds(
  events: AnnotationEvent[],
  kinds: readonly AnnotationKind[] | undefined
): AnnotationEvent[] {
  if (!kinds) {
    return events;
  }
  const shown = new Set(kinds);
  return events.filter((event) => shown.has(event.kind));
}

/** The mapping stored in the app's jsonData over the defaults; malformed entries fall back to the default. */
export function kindTagsFromJsonData(jsonData: unknown): KindTags {
  const stored = (jsonData as { kindTags?: unknown } | undefined)?.kindTags;
  const merged: KindTags = { ...DEFAULT_KIND_TAGS };
  if (stored && typeof stored === 'object') {
    for (const kind of Object.keys(DEFAULT_KIND_TAGS) as Array<keyof KindTags>) {
      const tags = (stored as Record<string, unknown>)[kind];
      if (Array.isArray(tags) && tags.every((tag) => typeof tag === 'string')) {
        merged[kind] = tags;
      }
    }
  }
  return merged;
}
