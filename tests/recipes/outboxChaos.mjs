// The chaos the outbox is tested against, shared by its in-memory test (src/api/outboxChaos.test.ts) and its
// Chromium e2e (tests/e2e/outboxChaos.spec.ts): the mix of failures the fake Grafana draws from, and the counts
// that say whether every annotation written is on the server exactly once.

const CLIENT_TAG_PREFIX = 'driftline-client:';

/**
 * Writes fail as a slow, half-broken Grafana does: 500, 503, a hang, stored then hung, stored late (the fake's
 * `lateAcceptMs`, set to twice the client timeout by the tests), stored then the connection dropped; about 60 %
 * of writes fail. Lookups fail too.
 */
export function chaosMix(seed) {
  return {
    seed,
    writes: {
      ok: 40,
      error500: 8,
      unavailable: 8,
      hang: 10,
      'accept-then-hang': 10,
      'late-accept': 12,
      'reset-after-accept': 12,
    },
    reads: { ok: 80, error500: 8, unavailable: 6, hang: 6 },
  };
}

/** A Grafana that answers nothing at all. */
export function silence(seed) {
  return { seed, writes: { hang: 1 }, reads: { hang: 1 } };
}

/** Per client id written: lost (no copy on the server) and duplicated (copies beyond the first). */
export function countCopies(annotations, writtenClientIds) {
  const copies = new Map();
  for (const annotation of annotations) {
    const tag = annotation.tags.find((candidate) => candidate.startsWith(CLIENT_TAG_PREFIX));
    if (tag) {
      const clientId = tag.slice(CLIENT_TAG_PREFIX.length);
      copies.set(clientId, (copies.get(clientId) ?? 0) + 1);
    }
  }
  let lost = 0;
  let duplicated = 0;
  for (const clientId of writtenClientIds) {
    const n = copies.get(clientId) ?? 0;
    lost += n === 0 ? 1 : 0;
    duplicated += Math.max(0, n - 1);
  }
  return { written: writtenClientIds.size, onServer: annotations.length, lost, duplicated };
}

/** How many requests drew each mode: `{ "POST hang": 12, … }`. */
export function tallyModes(chaosLog) {
  const tally = {};
  for (const { method, mode } of chaosLog) {
    tally[`${method} ${mode}`] = (tally[`${method} ${mode}`] ?? 0) + 1;
  }
  return tally;
}
