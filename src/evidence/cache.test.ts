import { evidenceJob, clearEvidenceCache, LIVE_EVIDENCE_TTL_MS } from './cache';
import { IncidentEvidence } from './collect';

const NOW = Date.UTC(2026, 2, 14, 12);
const evidence = { queries: [] } as unknown as IncidentEvidence;

beforeEach(() => clearEvidenceCache());

describe('the evidence cache', () => {
  it('computes once per incident and range, and again for another range', async () => {
    const compute = jest.fn(async () => evidence);
    const first = evidenceJob('7|a', { live: false, now: NOW }, compute);
    expect(evidenceJob('7|a', { live: false, now: NOW + 3_600_000 }, compute)).toBe(first);
    evidenceJob('7|b', { live: false, now: NOW }, compute);
    expect(compute).toHaveBeenCalledTimes(2);
    await first.result;
  });

  it('computes an ongoing incident again after a minute, and any on refresh', () => {
    const compute = jest.fn(async () => evidence);
    evidenceJob('7|a', { live: true, now: NOW }, compute);
    evidenceJob('7|a', { live: true, now: NOW + LIVE_EVIDENCE_TTL_MS - 1 }, compute);
    expect(compute).toHaveBeenCalledTimes(1);
    evidenceJob('7|a', { live: true, now: NOW + LIVE_EVIDENCE_TTL_MS + 1 }, compute);
    expect(compute).toHaveBeenCalledTimes(2);
    evidenceJob('7|a', { live: true, now: NOW + LIVE_EVIDENCE_TTL_MS + 2, refresh: true }, compute);
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('does not keep a failed computation, and shares progress with late subscribers', async () => {
    const failing = evidenceJob('7|a', { live: false, now: NOW }, async () => {
      throw new Error('boom');
    });
    await expect(failing.result).rejects.toThrow('boom');
    let report: (queries: never[]) => void = () => {};
    const job = evidenceJob('7|a', { live: false, now: NOW }, (onProgress) => {
      report = onProgress as typeof report;
      return new Promise(() => {});
    });
    expect(job).not.toBe(failing);
    const seen: unknown[] = [];
    job.subscribe((queries) => seen.push(queries));
    report([]);
    expect(seen).toHaveLength(1);
  });
});
