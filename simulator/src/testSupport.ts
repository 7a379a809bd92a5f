/** Shared by the simulator's tests and the integration test: players over a fixed anchor. */
import { spawnSync } from 'node:child_process';

import { DemoScenario, getScenario, ScenarioId } from '../../src/demo';
import { ScenarioClock } from './clock';
import { Player } from './metrics';
import { buildServiceModel } from './model';
import { TelemetryPlayer } from './telemetry';

export const ANCHOR = Date.UTC(2025, 10, 28, 15, 0, 0);

const scenarios = new Map<string, DemoScenario>();

export function playerFor(
  id: ScenarioId,
  options: { startPos?: 'span' | 'end'; speed?: number; anchorWall?: number } = {}
): Player & { telemetry: TelemetryPlayer } {
  const anchorWall = options.anchorWall ?? ANCHOR;
  const key = `${id}@${anchorWall}`;
  const scenario = scenarios.get(key) ?? getScenario(id, { now: anchorWall });
  scenarios.set(key, scenario);
  const startPos = options.startPos === 'span' ? scenario.span.from : scenario.span.to;
  const clock = new ScenarioClock({ span: scenario.span, anchorWall, startPos, speed: options.speed ?? 1 });
  return { model: buildServiceModel(scenario), clock, telemetry: new TelemetryPlayer(scenario, clock, `${id}-live`) };
}

/** Whether a command runs here (`promtool --version`). */
export function hasCommand(command: string): boolean {
  const result = spawnSync(command, ['--version'], { encoding: 'utf8' });
  return !result.error && result.status === 0;
}
