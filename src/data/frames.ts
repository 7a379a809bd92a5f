import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';
import { runSteps, Steps } from './steps';

/** Rows a field is read per step: a few milliseconds, so 10 million rows never hold the thread for long. */
export const ROWS_PER_STEP = 1 << 17;

/**
 * Something about the panel's input that keeps it from rendering, phrased for the person looking at
 * the panel: what is wrong and what to change in the query or the options.
 */
export interface FrameProblem {
  code:
    'no-data' | 'empty-window' | 'no-time-field' | 'no-numeric-field' | 'wrong-type' | 'all-nan' | 'field-not-found';
  message: string;
}

export class FrameProblemError extends Error {
  constructor(readonly problem: FrameProblem) {
    super(problem.message);
    this.name = 'FrameProblemError';
  }
}

/**
 * Rows of a frame as its fields hold them: the longest field. A frame's `length` is what the data source
 * said, and a broken one can say 0 over full fields or 1e9 over three rows.
 */
export function frameRows(frame: DataFrame): number {
  let rows = 0;
  for (const field of frame.fields) {
    rows = Math.max(rows, field.values?.length ?? 0);
  }
  return rows;
}

export function isEmptyData(series: DataFrame[] | undefined): boolean {
  return !series || series.length === 0 || series.every((frame) => frameRows(frame) === 0);
}

export function findTimeField(frame: DataFrame): Field | undefined {
  return frame.fields.find((field) => field.type === FieldType.time);
}

export function fieldName(field: Field, frame?: DataFrame): string {
  return getFieldDisplayName(field, frame);
}

/** Numeric values of a field as a Float64Array; anything that is not a finite number becomes NaN. */
export function readNumbers(field: Field): { values: Float64Array; nonFinite: number; text: number } {
  return runSteps(readNumbersSteps(field));
}

/** {@link readNumbers} in steps of ROWS_PER_STEP rows. */
export function* readNumbersSteps(field: Field): Steps<{ values: Float64Array; nonFinite: number; text: number }> {
  const source = field.values;
  const values = new Float64Array(source.length);
  let nonFinite = 0;
  let text = 0;
  for (let i = 0; i < source.length; i++) {
    if (i > 0 && i % ROWS_PER_STEP === 0) {
      yield;
    }
    const raw: unknown = source[i];
    let value = NaN;
    if (typeof raw === 'number') {
      value = raw;
    } else if (typeof raw === 'string') {
      text++;
      value = raw.trim() === '' ? NaN : Number(raw);
    }
    if (!Number.isFinite(value)) {
      nonFinite++;
      value = NaN;
    }
    values[i] = value;
  }
  return { values, nonFinite, text };
}

/**
 * Time values in epoch ms; accepts numbers, ISO strings and Date objects as Grafana sometimes hands over.
 * A value that is no time (text, ±Infinity) is NaN.
 */
export function readTimes(field: Field): Float64Array {
  return runSteps(readTimesSteps(field));
}

/** {@link readTimes} in steps of ROWS_PER_STEP rows. */
export function* readTimesSteps(field: Field): Steps<Float64Array> {
  const source = field.values;
  const times = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) {
    if (i > 0 && i % ROWS_PER_STEP === 0) {
      yield;
    }
    const raw: unknown = source[i];
    const time =
      typeof raw === 'number'
        ? raw
        : raw instanceof Date
          ? raw.getTime()
          : typeof raw === 'string'
            ? Date.parse(raw)
            : NaN;
    times[i] = Number.isFinite(time) ? time : NaN;
  }
  return times;
}

function describeFields(series: DataFrame[]): string {
  const names = series.flatMap((frame) => frame.fields.map((field) => `${fieldName(field, frame)} (${field.type})`));
  return names.length ? names.join(', ') : 'none';
}

/** Fields that hold numbers, or strings that all parse as numbers (CSV and SQL sources often send those). */
export function numericFieldsOf(frame: DataFrame): Field[] {
  return frame.fields.filter((field) => field.type === FieldType.number);
}

export interface SampleColumn {
  name: string;
  times: Float64Array;
  values: Float64Array;
  /** Rows dropped because the value was missing, NaN or infinite. */
  dropped: number;
  unit?: string;
}

/**
 * Reads one numeric column and its row times from the raw sample frames. Throws FrameProblemError with a
 * message a person can act on when the frames cannot give that column.
 */
export function readSampleColumn(series: DataFrame[], wanted: string, panelName: string): SampleColumn {
  if (isEmptyData(series)) {
    throw new FrameProblemError({ code: 'no-data', message: 'No data' });
  }
  for (const frame of series) {
    const field = frame.fields.find((candidate) => fieldName(candidate, frame) === wanted || candidate.name === wanted);
    if (!field) {
      continue;
    }
    const timeField = findTimeField(frame);
    if (!timeField) {
      throw new FrameProblemError({
        code: 'no-time-field',
        message: `The ${panelName} compares time windows, but the frame holding "${wanted}" has no time field. Add a time column to the query (for SQL, select the event timestamp) or set its type to time with an Organize/Convert field type transformation.`,
      });
    }
    const { values, nonFinite, text } = readNumbers(field);
    if (text > 0 && nonFinite === values.length) {
      throw new FrameProblemError({
        code: 'wrong-type',
        message: `Field "${wanted}" holds text (${field.type}), not numbers, for example "${String(field.values[0]).slice(0, 40)}". Choose a numeric field, or convert it with a Convert field type transformation.`,
      });
    }
    if (nonFinite === values.length) {
      throw new FrameProblemError({
        code: 'all-nan',
        message: `Every value of "${wanted}" is missing or NaN (${values.length} rows). Check the query's aggregation, or pick another field.`,
      });
    }
    return {
      name: wanted,
      times: readTimes(timeField),
      values,
      dropped: nonFinite,
      unit: field.config?.unit,
    };
  }
  throw new FrameProblemError({
    code: 'field-not-found',
    message: `Field "${wanted}" is not in the query result. Fields found: ${describeFields(series)}.`,
  });
}

const PREDICTION_NAME = /^(score|prediction|predicted|probability|proba|confidence|y_pred|output)([_\s].*)?$/i;
const OUTCOME_NAME = /^(label|outcome|clicked|target|y_true|actual)$/i;

/** Sample frames may say which column is the model's output in meta.custom (the demo data source does). */
function declaredPredictionField(series: DataFrame[]): string | undefined {
  for (const frame of series) {
    const declared = (frame.meta?.custom as { predictionField?: unknown } | undefined)?.predictionField;
    if (typeof declared === 'string') {
      return declared;
    }
  }
  return undefined;
}

/** The score/prediction column: the option if set, else the one the frame declares, else one named like a score. */
export function pickPredictionField(series: DataFrame[], option?: string): string | undefined {
  if (option) {
    return option;
  }
  const declared = declaredPredictionField(series);
  if (declared) {
    return declared;
  }
  for (const frame of series) {
    const match = numericFieldsOf(frame).find((field) => PREDICTION_NAME.test(fieldName(field, frame)));
    if (match) {
      return fieldName(match, frame);
    }
  }
  return undefined;
}

/** Numeric columns that are model features: not the time, not the prediction, not the outcome. */
export function featureFieldNames(series: DataFrame[], predictionField?: string): string[] {
  const names: string[] = [];
  for (const frame of series) {
    for (const field of numericFieldsOf(frame)) {
      const name = fieldName(field, frame);
      if (name !== predictionField && !OUTCOME_NAME.test(name) && !names.includes(name)) {
        names.push(name);
      }
    }
  }
  return names;
}

/** Throws the "no numeric field" problem, naming what the query did return. */
export function requireNumericField(series: DataFrame[], panelName: string, candidates: string[]): void {
  if (candidates.length === 0) {
    throw new FrameProblemError({
      code: 'no-numeric-field',
      message: `The ${panelName} needs a numeric field, and the query returned none. Fields found: ${describeFields(series)}.`,
    });
  }
}
