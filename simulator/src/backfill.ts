/**
 * History for Prometheus: the metrics the simulator would have exposed before it started, as an
 * OpenMetrics file with timestamps, for `promtool tsdb create-blocks-from openmetrics`. The values
 * come from the same functions as /metrics, so the history joins the live scrapes without a reset.
 */
import type { Player } from './metrics';
import type { MetricFamily, ScalarFamily, SummaryFamily } from './model';

function formatLabels(labels: Record<string, string>, extra: Record<string, string>): string {
  const parts = Object.entries({ ...labels, ...extra }).map(
    ([name, value]) => `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
  );
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(12).replace(/\.?0+$/, '');
}

/** Writes one counter or gauge family's lines for every wall time, series by series as OpenMetrics requires. */
function scalarLines(
  family: ScalarFamily,
  player: Player,
  walls: number[],
  targetLabels: Record<string, string>,
  out: string[]
): void {
  const positions = walls.map((wall) => player.clock.positionAt(wall));
  const stamps = walls.map((wall) => (wall / 1000).toFixed(3));
  for (const series of family.series) {
    const labels = formatLabels(series.labels, targetLabels);
    positions.forEach((position, i) => {
      const ts = stamps[i];
      if (family.type === 'counter') {
        out.push(`${family.name}_total${labels} ${formatValue(series.value.at(position))} ${ts}`);
      } else if (family.type === 'gauge') {
        out.push(`${family.name}${labels} ${formatValue(series.value.at(position))} ${ts}`);
      }
    });
  }
}

/** The wall times of a player's history: from its span's start, one per `stepMs`, before `toWall`. */
export function historyWalls(player: Player, toWall: number, stepMs: number): number[] {
  const walls: number[] = [];
  for (let wall = player.clock.wallAt(player.clock.span.from); wall < toWall; wall += stepMs) {
    walls.push(wall);
  }
  return walls;
}

/**
 * OpenMetrics text of every family over each player's history before `toWall`, at the step `stepFor`
 * gives that player. Families shared by several players are written together: a family may appear once.
 * `targetLabels` are the labels Prometheus adds to the live scrapes (job, instance and the static ones), so
 * the imported history and the scraped samples form the same series.
 */
export function openMetricsHistory<P extends Player>(
  players: P[],
  toWall: number,
  stepFor: (player: P) => number,
  targetLabels: Record<string, string> = {}
): string {
  const wallsOf = new Map(players.map((player) => [player, historyWalls(player, toWall, stepFor(player))]));
  const byName = new Map<string, Array<{ family: MetricFamily; player: P }>>();
  for (const player of players) {
    for (const family of player.model.families) {
      byName.set(family.name, [...(byName.get(family.name) ?? []), { family, player }]);
    }
  }
  const out: string[] = [];
  for (const [name, entries] of byName) {
    out.push(`# HELP ${name} ${entries[0].family.help}`);
    out.push(`# TYPE ${name} ${entries[0].family.type}`);
    for (const { family, player } of entries) {
      const playerWalls = wallsOf.get(player)!;
      if (family.type === 'counter' || family.type === 'gauge') {
        scalarLines(family, player, playerWalls, targetLabels, out);
        continue;
      }
      const positions = playerWalls.map((wall) => player.clock.positionAt(wall));
      const stamps = playerWalls.map((wall) => (wall / 1000).toFixed(3));
      if (family.type === 'histogram') {
        for (const series of family.series) {
          positions.forEach((position, i) => {
            const reading = series.at(position);
            [...series.bounds, Infinity].forEach((bound, b) => {
              const le = bound === Infinity ? '+Inf' : String(bound);
              out.push(
                `${name}_bucket${formatLabels({ ...series.labels, le }, targetLabels)} ${reading.buckets[b]} ${stamps[i]}`
              );
            });
            const labels = formatLabels(series.labels, targetLabels);
            out.push(`${name}_count${labels} ${reading.buckets[series.bounds.length]} ${stamps[i]}`);
            out.push(`${name}_sum${labels} ${formatValue(reading.sum)} ${stamps[i]}`);
          });
        }
      } else {
        for (const series of (family as SummaryFamily).series) {
          const labels = formatLabels(series.labels, targetLabels);
          positions.forEach((position, i) => {
            out.push(`${name}_count${labels} ${Math.floor(series.count.at(position))} ${stamps[i]}`);
            out.push(`${name}_sum${labels} ${formatValue(series.sum.at(position))} ${stamps[i]}`);
          });
        }
      }
    }
  }
  out.push('# EOF');
  return out.join('\n') + '\n';
}
