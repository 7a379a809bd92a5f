/**
 * Change point evaluation metrics as defined by TCPDBench
 * (van den Burg & Williams, "An Evaluation of Change Point Detection Algorithms", 2020).
 *
 * Both metrics take the annotations of several annotators. Index 0 is added to every predicted and
 * every annotated set, as TCPDBench does, so a method that predicts nothing still scores above zero.
 */

import { DriftInputError } from '../drift/errors';

/** Checks that change points are positions in a series: whole numbers from 0. */
function assertPositions(points: Iterable<number>, role: string): void {
  for (const point of points) {
    if (!(Number.isInteger(point) && point >= 0)) {
      throw new DriftInputError(
        'INVALID_ARGUMENT',
        `the ${role} change point ${point} is not a position in the series: use whole indices from 0`
      );
    }
  }
}

/** Checks a series length: a whole number from 0. */
function assertLength(length: number): void {
  if (!(Number.isInteger(length) && length >= 0)) {
    throw new DriftInputError('INVALID_ARGUMENT', `the series length ${length} is not a whole number from 0`);
  }
}

/** Default matching margin of TCPDBench's F1: a prediction within 5 points of an annotation is a hit. */
export const TCPD_MARGIN = 5;

function withOrigin(points: Iterable<number>): number[] {
  const set = new Set<number>(points);
  set.add(0);
  return Array.from(set).sort((a, b) => a - b);
}

/**
 * The annotations in `truth` matched by some prediction within `margin`, each prediction used at most once;
 * every annotation takes its closest still unused prediction (ties: the smaller index).
 */
export function truePositives(
  truth: readonly number[],
  predictions: readonly number[],
  margin = TCPD_MARGIN
): number[] {
  assertPositions(truth, 'annotated');
  assertPositions(predictions, 'predicted');
  const unused = new Set(predictions);
  const matched: number[] = [];
  for (const tau of [...truth].sort((a, b) => a - b)) {
    let best: number | undefined;
    for (const x of unused) {
      const distance = Math.abs(tau - x);
      if (
        distance <= margin &&
        (best === undefined || distance < Math.abs(tau - best) || (distance === Math.abs(tau - best) && x < best))
      ) {
        best = x;
      }
    }
    if (best !== undefined) {
      matched.push(tau);
      unused.delete(best);
    }
  }
  return matched;
}

export interface F1Result {
  f1: number;
  precision: number;
  recall: number;
}

/**
 * F1 against several annotators: precision against the union of all annotations, recall averaged over
 * annotators, index 0 included everywhere.
 *
 * @param annotations one list of change point indices per annotator
 */
export function f1Score(
  annotations: ReadonlyArray<readonly number[]>,
  predictions: readonly number[],
  margin = TCPD_MARGIN
): F1Result {
  annotations.forEach((truth) => assertPositions(truth, 'annotated'));
  assertPositions(predictions, 'predicted');
  const perAnnotator = annotations.length > 0 ? annotations.map(withOrigin) : [withOrigin([])];
  const predicted = withOrigin(predictions);
  const union = withOrigin(perAnnotator.flat());
  const precision = truePositives(union, predicted, margin).length / predicted.length;
  const recall =
    perAnnotator.reduce((sum, truth) => sum + truePositives(truth, predicted, margin).length / truth.length, 0) /
    perAnnotator.length;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
}

/** Half-open segments [start, end) of 0..length-1 cut at the given change points (out-of-range points ignored). */
export function segmentsFromChangePoints(changePoints: readonly number[], length: number): Array<[number, number]> {
  assertPositions(changePoints, 'predicted');
  assertLength(length);
  const cuts = withOrigin(changePoints).filter((c) => c < length);
  return cuts.map((start, i) => [start, i + 1 < cuts.length ? cuts[i + 1] : length]);
}

function jaccard(a: [number, number], b: [number, number]): number {
  const intersection = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = a[1] - a[0] + (b[1] - b[0]) - intersection;
  return union > 0 ? intersection / union : 0;
}

/**
 * Segmentation covering (Arbelaez et al. 2010): for each annotator, every true segment weighted by its
 * length takes its best Jaccard overlap with a predicted segment; the result is averaged over annotators.
 */
export function coveringScore(
  annotations: ReadonlyArray<readonly number[]>,
  predictions: readonly number[],
  length: number
): number {
  assertLength(length);
  annotations.forEach((truth) => assertPositions(truth, 'annotated'));
  if (length <= 0) {
    return 1;
  }
  const predicted = segmentsFromChangePoints(predictions, length);
  const perAnnotator = annotations.length > 0 ? annotations : [[]];
  const covers = perAnnotator.map((truth) => {
    let cover = 0;
    for (const segment of segmentsFromChangePoints(truth, length)) {
      let best = 0;
      for (const candidate of predicted) {
        best = Math.max(best, jaccard(segment, candidate));
      }
      cover += (segment[1] - segment[0]) * best;
    }
    return cover / length;
  });
  return covers.reduce((a, b) => a + b, 0) / covers.length;
}
