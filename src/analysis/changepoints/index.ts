export { detectChangePoints } from './detect';
export type { ChangePointOptions } from './detect';
export { coveringScore, f1Score, segmentsFromChangePoints, truePositives, TCPD_MARGIN } from './metrics';
export type { F1Result } from './metrics';
