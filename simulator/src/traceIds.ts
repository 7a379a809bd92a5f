/**
 * Trace ids of a replayed scenario. Each pass over the scenario replays the same traces, so the pass
 * number is written into the first hex digits to keep ids unique in Tempo; pass 0 keeps the original.
 */
export function traceIdForLoop(traceId: string, loop: number): string {
  if (loop === 0) {
    return traceId;
  }
  const prefix = (loop & 0xffff).toString(16).padStart(4, '0');
  return prefix + traceId.slice(4);
}
