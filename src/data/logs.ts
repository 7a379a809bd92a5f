import { DataFrame, Field, FieldType } from '@grafana/data';
import { bucketOf, bucketTimes, TimeBuckets } from './buckets';
import { findTimeField, readTimes } from './frames';

/** Log levels in the order their lanes are drawn: the most severe first. */
const LEVEL_ORDER = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'unknown'];

const LEVEL_ALIASES: Record<string, string> = {
  crit: 'critical',
  fatal: 'critical',
  panic: 'critical',
  emerg: 'critical',
  alert: 'critical',
  err: 'error',
  eror: 'error',
  warning: 'warn',
  wrn: 'warn',
  information: 'info',
  notice: 'info',
  dbug: 'debug',
};

export function normaliseLevel(raw: unknown): string {
  const level = typeof raw === 'string' ? raw.toLowerCase().trim() : '';
  if (!level) {
    return 'unknown';
  }
  const known = LEVEL_ALIASES[level] ?? level;
  return LEVEL_ORDER.includes(known) ? known : 'unknown';
}

/** A Loki-shaped logs frame: `meta.type` log-lines, or a time field with a `Line` / `body` text field. */
export function isLogsFrame(frame: DataFrame): boolean {
  if (frame.meta?.type === 'log-lines') {
    return true;
  }
  return (
    Boolean(findTimeField(frame)) && Boolean(lineField(frame)) && !frame.fields.some((f) => /^spanid$/i.test(f.name))
  );
}

function lineField(frame: DataFrame): Field | undefined {
  return frame.fields.find((field) => field.type === FieldType.string && /^(line|body|message|msg)$/i.test(field.name));
}

function levelOfRow(labels: Field | undefined, levels: Field | undefined, row: number): string {
  if (levels) {
    return normaliseLevel(levels.values[row]);
  }
  const rowLabels = labels?.values[row] as Record<string, unknown> | undefined;
  if (rowLabels && typeof rowLabels === 'object') {
    return normaliseLevel(rowLabels.level ?? rowLabels.detected_level ?? rowLabels.severity ?? rowLabels.lvl);
  }
  return 'unknown';
}

/** The message of a log line: the `msg`/`message` of a JSON line, else the line itself. */
export function logMessage(line: string): string {
  const text = line.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const message = parsed.msg ?? parsed.message ?? parsed.error ?? parsed.err;
      if (typeof message === 'string') {
        return message;
      }
    } catch {
      // Not JSON after all: the line is the message.
    }
  }
  return text;
}

/**
 * A message with its variable parts replaced, so lines that differ only by ids and numbers count as one
 * pattern: UUIDs and long hex ids become `<id>`, IP addresses `<ip>`, numbers (with units) `<n>`.
 */
export function logPattern(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<ip>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\b/gi, '<id>')
    .replace(/\b[\w-]*?-[0-9a-z]{4,}(?:-[0-9a-z]{4,})+\b/gi, (token) => (/\d/.test(token) ? '<id>' : token))
    .replace(/[-+]?\d+(\.\d+)?(e[-+]?\d+)?/gi, '<n>')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

export interface LogPattern {
  pattern: string;
  count: number;
  /** One line with this pattern as logged, for the tooltip. Text: never render it as HTML. */
  example: string;
}

export interface LogVolume {
  level: string;
  /** Bucket centre times. */
  times: Float64Array;
  /** Lines per bucket. */
  counts: Float64Array;
  total: number;
  /** The most frequent patterns among this level's lines, most frequent first (error and warn levels only). */
  topPatterns: LogPattern[];
}

/** Lines parsed per level to find the top patterns; beyond this they are sampled evenly. */
const PATTERN_SAMPLE = 4000;

function topPatterns(rows: number[], lines: Field, count: number): LogPattern[] {
  const stride = Math.max(1, Math.ceil(rows.length / PATTERN_SAMPLE));
  const patterns = new Map<string, LogPattern>();
  for (let k = 0; k < rows.length; k += stride) {
    const line = String(lines.values[rows[k]] ?? '');
    const pattern = logPattern(logMessage(line));
    const found = patterns.get(pattern);
    if (found) {
      found.count += stride;
    } else {
      patterns.set(pattern, { pattern, count: stride, example: logMessage(line) });
    }
  }
  return [...patterns.values()]
    .sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1))
    .slice(0, count)
    .map((p) => ({ ...p, count: Math.min(p.count, rows.length) }));
}

/**
 * Log volume per level in time buckets, with the top patterns of the error and warning lines. Rows
 * outside the buckets or without a time are left out.
 */
export function readLogVolume(frame: DataFrame, buckets: TimeBuckets): LogVolume[] {
  const timeField = findTimeField(frame);
  if (!timeField) {
    return [];
  }
  const times = readTimes(timeField);
  const labels = frame.fields.find((field) => field.name === 'labels');
  const levels = frame.fields.find((field) => /^(level|detected_level|severity)$/i.test(field.name));
  const lines = lineField(frame);
  const byLevel = new Map<string, { counts: Float64Array; total: number; rows: number[] }>();
  for (let row = 0; row < times.length; row++) {
    const bucket = bucketOf(buckets, times[row]);
    if (bucket < 0) {
      continue;
    }
    const level = levelOfRow(labels, levels, row);
    let entry = byLevel.get(level);
    if (!entry) {
      entry = { counts: new Float64Array(buckets.count), total: 0, rows: [] };
      byLevel.set(level, entry);
    }
    entry.counts[bucket]++;
    entry.total++;
    if (level === 'critical' || level === 'error' || level === 'warn') {
      entry.rows.push(row);
    }
  }
  const centres = bucketTimes(buckets);
  return [...byLevel.entries()]
    .sort(([a], [b]) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))
    .map(([level, entry]) => ({
      level,
      times: centres,
      counts: entry.counts,
      total: entry.total,
      topPatterns: lines && entry.rows.length > 0 ? topPatterns(entry.rows, lines, 3) : [],
    }));
}
