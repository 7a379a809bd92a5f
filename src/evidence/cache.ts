import { IncidentEvidence } from './collect';
import { QueryProgress } from './queries';

/** An ongoing incident's evidence is computed again after this long: its data keeps coming. */
export const LIVE_EVIDENCE_TTL_MS = 60_000;
/** Evidence kept for this many incidents and ranges; the oldest goes first. */
const MAX_ENTRIES = 20;

/** One computation of an incident's evidence, shared by everyone who asks while it runs and after. */
export interface EvidenceJob {
  readonly result: Promise<IncidentEvidence>;
  /** The queries as they stand. */
  progress(): QueryProgress[];
  /** Called on every change of the queries' progress; returns the unsubscribe function. */
  subscribe(listener: (queries: QueryProgress[]) => void): () => void;
}

interface Entry {
  job: EvidenceJob;
  startedAt: number;
  live: boolean;
}

const entries = new Map<string, Entry>();

/**
 * The evidence for `key` (an incident and the range it is looked at over): computed once and kept, so
 * switching tabs or coming back to the workbench does not query every data source again. An ongoing
 * incident's is kept a minute; a failed computation is not kept. `refresh` computes it again.
 */
export function evidenceJob(
  key: string,
  options: { live: boolean; now: number; refresh?: boolean },
  compute: (onProgress: (queries: QueryProgress[]) => void) => Promise<IncidentEvidence>
): EvidenceJob {
  const existing = entries.get(key);
  if (existing && !options.refresh && !(existing.live && options.now - existing.startedAt > LIVE_EVIDENCE_TTL_MS)) {
    // Most recently used last, so the oldest is dropped first.
    entries.delete(key);
    entries.set(key, existing);
    return existing.job;
  }
  let current: QueryProgress[] = [];
  const listeners = new Set<(queries: QueryProgress[]) => void>();
  const result = compute((queries) => {
    current = queries;
    listeners.forEach((listener) => listener(queries));
  });
  const job: EvidenceJob = {
    result,
    progress: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  entries.delete(key);
  entries.set(key, { job, startedAt: options.now, live: options.live });
  result.catch(() => {
    if (entries.get(key)?.job === job) {
      entries.delete(key);
    }
  });
  while (entries.size > MAX_ENTRIES) {
    entries.delete(entries.keys().next().value!);
  }
  return job;
}

/** Forgets every kept result (tests, and a reset of the page's Grafana). */
export function clearEvidenceCache(): void {
  entries.clear();
}
