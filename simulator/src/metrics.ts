/**
 * The /metrics exposition: prom-client registries whose metrics read the scenario models at scrape
 * time. Counters and gauges are prom-client's own classes filled in `collect()`. Histograms whose
 * series have different buckets (one per feature) and bucket-less summaries are not something
 * prom-client's Histogram can record, so those families are read by a Histogram subclass whose
 * `get()` returns the computed bucket lines.
 */
import { Counter, Gauge, Histogram, MetricType, Registry, RegistryContentType } from 'prom-client';

import type { PlayPosition, ScenarioClock } from './clock';
import type { HistogramFamily, MetricFamily, RootSpan, ScalarFamily, ServiceModel, SummaryFamily } from './model';
import { traceIdForLoop } from './traceIds';

export interface Player {
  model: ServiceModel;
  clock: ScenarioClock;
}

export type ExpositionFormat = 'prometheus' | 'openmetrics';

interface Sample {
  metricName?: string;
  labels: Record<string, string>;
  value: number;
  exemplar?: { labelSet: Record<string, string>; value: number; timestamp: number };
}

/** Families of every player, merged by name (several scenarios share e.g. `http_requests`). */
function familiesByName(players: Player[]): Map<string, Array<{ family: MetricFamily; player: Player }>> {
  const byName = new Map<string, Array<{ family: MetricFamily; player: Player }>>();
  for (const player of players) {
    for (const family of player.model.families) {
      const list = byName.get(family.name) ?? [];
      list.push({ family, player });
      byName.set(family.name, list);
    }
  }
  return byName;
}

function labelNamesOf(families: MetricFamily[]): string[] {
  const names = new Set<string>();
  for (const family of families) {
    for (const series of family.series) {
      Object.keys(series.labels).forEach((name) => names.add(name));
    }
  }
  return [...names].sort();
}

function formatBound(bound: number): string {
  return bound === Infinity ? '+Inf' : String(bound);
}

/** The most recent root span of `service` at or before `pos` per latency bucket: exemplars linking to Tempo. */
function exemplarSpans(spans: RootSpan[], service: string, pos: number, bounds: number[]): Array<RootSpan | undefined> {
  const found: Array<RootSpan | undefined> = new Array(bounds.length + 1).fill(undefined);
  let index = upperBoundByStart(spans, pos) - 1;
  for (let scanned = 0; index >= 0 && scanned < 400; index--, scanned++) {
    const span = spans[index];
    if (span.service !== service) {
      continue;
    }
    let b = 0;
    while (b < bounds.length && span.durationSeconds > bounds[b]) {
      b++;
    }
    found[b] ??= span;
  }
  return found;
}

function upperBoundByStart(spans: RootSpan[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function histogramSamples(
  name: string,
  family: HistogramFamily,
  player: Player,
  wall: number,
  withExemplars: boolean
): Sample[] {
  const position = player.clock.positionAt(wall);
  const samples: Sample[] = [];
  for (const series of family.series) {
    const reading = series.at(position);
    const bounds = [...series.bounds, Infinity];
    const exemplars =
      withExemplars && series.labels.service
        ? exemplarSpans(player.model.rootSpans, series.labels.service, position.pos, series.bounds)
        : [];
    bounds.forEach((bound, b) => {
      const sample: Sample = {
        metricName: `${name}_bucket`,
        labels: { ...series.labels, le: formatBound(bound) },
        value: reading.buckets[b],
      };
      const span = exemplars[b];
      if (span) {
        sample.exemplar = exemplarOf(span, position, player.clock);
      }
      samples.push(sample);
    });
    samples.push({ metricName: `${name}_sum`, labels: series.labels, value: reading.sum });
    samples.push({ metricName: `${name}_count`, labels: series.labels, value: reading.buckets[bounds.length - 1] });
  }
  return samples;
}

function exemplarOf(span: RootSpan, position: PlayPosition, clock: ScenarioClock): Sample['exemplar'] {
  const wall = clock.wallAt(clock.absoluteOf({ loop: position.loop, pos: span.start }));
  return {
    labelSet: { trace_id: traceIdForLoop(span.traceId, position.loop) },
    value: span.durationSeconds,
    timestamp: Math.round(wall) / 1000,
  };
}

function summarySamples(name: string, family: SummaryFamily, player: Player, wall: number): Sample[] {
  const position = player.clock.positionAt(wall);
  return family.series.flatMap((series) => [
    { metricName: `${name}_sum`, labels: series.labels, value: series.sum.at(position) },
    { metricName: `${name}_count`, labels: series.labels, value: Math.floor(series.count.at(position)) },
  ]);
}

/** A Histogram whose exposition is computed: prom-client prints whatever `get()` returns. */
class ComputedHistogram extends Histogram<string> {
  constructor(
    private readonly familyName: string,
    private readonly familyHelp: string,
    private readonly familyType: 'histogram' | 'summary',
    registry: Registry<RegistryContentType>,
    private readonly read: () => Sample[]
  ) {
    super({ name: familyName, help: familyHelp, buckets: [1], registers: [registry] });
  }

  async get() {
    return {
      name: this.familyName,
      help: this.familyHelp,
      // prom-client's own metrics return the type name here, which is what the exposition prints.
      type: this.familyType as unknown as MetricType,
      values: this.read(),
      aggregator: 'sum' as const,
      collect: () => undefined,
    };
  }

  async getForPromString() {
    return this.get();
  }
}

/** A registry whose metrics read the players' models at the wall time `now()` gives at scrape time. */
export function createRegistry(
  players: Player[],
  format: ExpositionFormat,
  now: () => number = Date.now
): Registry<RegistryContentType> {
  const registry = new Registry<RegistryContentType>();
  registry.setContentType(
    format === 'openmetrics' ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE
  );
  for (const [name, entries] of familiesByName(players)) {
    const { family } = entries[0];
    if (family.type === 'counter' || family.type === 'gauge') {
      const scalars = entries as Array<{ family: ScalarFamily; player: Player }>;
      const labelNames = labelNamesOf(scalars.map((entry) => entry.family));
      const fill = (set: (labels: Record<string, string>, value: number) => void) => {
        const wall = now();
        for (const entry of scalars) {
          const position = entry.player.clock.positionAt(wall);
          for (const series of entry.family.series) {
            set(series.labels, series.value.at(position));
          }
        }
      };
      if (family.type === 'counter') {
        new Counter({
          name: `${name}_total`,
          help: family.help,
          labelNames,
          registers: [registry],
          collect() {
            this.reset();
            fill((labels, value) => this.inc(labels, value));
          },
        });
      } else {
        new Gauge({
          name,
          help: family.help,
          labelNames,
          registers: [registry],
          collect() {
            this.reset();
            fill((labels, value) => this.set(labels, value));
          },
        });
      }
      continue;
    }
    const withExemplars = format === 'openmetrics';
    new ComputedHistogram(name, family.help, family.type, registry, () => {
      const wall = now();
      return entries.flatMap(({ family: f, player }) =>
        f.type === 'histogram'
          ? histogramSamples(name, f, player, wall, withExemplars)
          : summarySamples(name, f as SummaryFamily, player, wall)
      );
    });
  }
  return registry;
}
