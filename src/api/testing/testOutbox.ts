import { AnnotationOutbox, createMemoryStorage, OutboxOptions } from '../outbox';
import { FakeClock } from './fakeClock';
import { FakeGrafanaHttp } from './fakeGrafanaTransport';

/**
 * An outbox on memory storage, sending to the in-memory fake Grafana, with its timers on the fake clock:
 * a test moves time with `clock.advance` and sees exactly the requests the fake received. `options` replace
 * any of these (another storage, to stand for a second tab).
 */
export function createTestOutbox(
  http: FakeGrafanaHttp,
  clock: FakeClock,
  options: Partial<OutboxOptions> = {}
): AnnotationOutbox {
  return new AnnotationOutbox({
    storage: createMemoryStorage(),
    transport: http.transport,
    requestTimeoutMs: 15_000,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random: () => 0,
    onOnline: () => () => {},
    onExternalChange: () => () => {},
    ...options,
  });
}
