// Types for outboxChaos.mjs, so TypeScript tests (jest and Playwright) can import it.
import type { FakeAnnotation, FakeChaos, FakeMode } from './fakeGrafanaStore.mjs';

export function chaosMix(seed: number): FakeChaos;
export function silence(seed: number): FakeChaos;
export function countCopies(
  annotations: readonly Pick<FakeAnnotation, 'tags'>[],
  writtenClientIds: ReadonlySet<string>
): { written: number; onServer: number; lost: number; duplicated: number };
export function tallyModes(chaosLog: ReadonlyArray<{ method: string; mode: FakeMode }>): Record<string, number>;
