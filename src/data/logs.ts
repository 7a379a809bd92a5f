import { DataFrame, Field, FieldType } from '@grafana/data';
import { bucketTimes, TimeBuckets } from './buckets';
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

/**
 * Lines parsed per level to find the top patterns; beyond this they are sampled evenly. A thousand lines
 * tell the most frequent pattern apart as well as all of them would, and parsing JSON is most of the cost
 * of reading a large log result.
 */
const PATTERN_SAMPLE = 1000;

/** The top patterns of the lines whose level (by `levelOfRow`) is `level`, of which there are `total`. */
function topPatterns(levelOfRow: Uint8Array, level: number, total: number, lines: Field, count: number): LogPattern[] {
  const stride = Math.max(1, Math.ceil(total / PATTERN_SAMPLE));
  const patterns = new Map<string, LogPattern>();
  // Lines differ by ids and numbers far more often than their messages do: a message seen before is not
  // run through the pattern expressions again.
  const patternOf = new Map<string, string>();
  for (let row = 0, seen = 0; row < levelOfRow.length; row++) {
    if (levelOfRow[row] !== level || seen++ % stride !== 0) {
      continue;
    }
    const message = logMessage(String(lines.values[row] ?? ''));
    let pattern = patternOf.get(message);
    if (pattern === undefined) {
      pattern = logPattern(message);
      patternOf.set(message, pattern);
    }
    const found = patterns.get(pattern);
    if (found) {
      found.count += stride;
    } else {
      patterns.set(pattern, { pattern, count: stride, example: message });
    }
  }
  return [...patterns.values()]
    .sort((a, b) => b.count - a.count || (a.pattern < b.pattern ? -1 : 1))
    .slice(0, count)
    .map((p) => ({ ...p, count: Math.min(p.count, total) }));
}

const UNKNOWN_LEVEL = LEVEL_ORDER.indexOf('unknown');
/** Levels whose lines are read for their top patterns. */
const PATTERN_LEVELS = Uint8Array.from(LEVEL_ORDER, (level) =>
  level === 'critical' || level === 'error' || level === 'warn' ? 1 : 0
);

function levelIndex(raw: unknown): number {
  return LEVEL_ORDER.indexOf(normaliseLevel(raw));
}

function levelOfLabels(labels: unknown): number {
  if (!labels || typeof labels !== 'object') {
    return UNKNOWN_LEVEL;
  }
  const row = labels as Record<string, unknown>;
  return levelIndex(row.level ?? row.detected_level ?? row.severity ?? row.lvl);
}

/**
 * Log volume per level in time buckets, with the top patterns of the error and warning lines. Rows
 * outside the buckets or without a time are left out.
 *
 * One pass over the frame that allocates nothing per row: the level of a row is looked up by its labels
 * object (Loki hands every row of a stream the same one) or by its level string, and counted into a typed
 * array per level. The level of each row is kept in a byte per row, for the pattern pass over the error and
 * warning lines.
 */
export function readLogVolume(frame: DataFrame, buckets: TimeBuckets): LogVolume[] {
  const timeField = findTimeField(frame);
  if (!timeField) {
    return [];
  }
  const times = timeField.values;
  const labels = frame.fields.find((field) => field.name === 'labels');
  const levels = frame.fields.find((field) => /^(level|detected_level|severity)$/i.test(field.name));
  const lines = lineField(frame);
  const counts: Array<Float64Array | undefined> = LEVEL_ORDER.map(() => undefined);
  const totals = new Array<number>(LEVEL_ORDER.length).fill(0);
  // Level of each row counted, plus one (0: not counted), for the pattern pass over error and warn lines.
  const levelOfRow = new Uint8Array(times.length);
  let patternLines = 0;
  const byLabels = new Map<unknown, number>();
  const byText = new Map<unknown, number>();
  const levelValues = levels?.values;
  const labelValues = labels?.values;
  const { from, intervalMs, count } = buckets;
  // Times are epoch ms numbers as Loki sends them; only a frame with other times is converted, once.
  let converted: Float64Array | undefined;
  for (let row = 0; row < times.length; row++) {
    const raw: unknown = times[row];
    const time = typeof raw === 'number' ? raw : (converted ??= readTimes(timeField))[row];
    const bucket = Math.floor((time - from) / intervalMs);
    if (!(bucket >= 0 && bucket < count)) {
      continue;
    }
    let level: number | undefined;
    if (levelValues) {
      const text: unknown = levelValues[row];
      level = byText.get(text);
      if (level === undefined) {
        level = levelIndex(text);
        byText.set(text, level);
      }
    } else if (labelValues) {
      const rowLabels: unknown = labelValues[row];
      level = byLabels.get(rowLabels);
      if (level === undefined) {
        level = levelOfLabels(rowLabels);
        byLabels.set(rowLabels, level);
      }
    } else {
      level = UNKNOWN_LEVEL;
    }
    let perBucket = counts[level];
    if (!perBucket) {
      perBucket = counts[level] = new Float64Array(count);
    }
    perBucket[bucket]++;
    totals[level]++;
    levelOfRow[row] = level + 1;
    patternLines += PATTERN_LEVELS[level];
  }
  const centres = bucketTimes(buckets);
  const volumes: LogVolume[] = [];
  LEVEL_ORDER.forEach((level, index) => {
    const perBucket = counts[index];
    if (!perBucket) {
      return;
    }
    volumes.push({
      level,
      times: centres,
      counts: perBucket,
      total: totals[index],
      topPatterns:
        lines && patternLines > 0 && PATTERN_LEVELS[index]
          ? topPatterns(levelOfRow, index + 1, totals[index], lines, 3)
          : [],
    });
  });
  return volumes;
}
