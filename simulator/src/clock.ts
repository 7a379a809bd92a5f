/**
 * The simulator's clock: maps wall time to a position in the scenario and back.
 *
 * The scenario is generated once, anchored at `anchorWall`, and played at `speed` scenario
 * milliseconds per wall millisecond. At `anchorWall` the play head stands at `startPos` (a time in
 * the scenario's span). When it passes the end of the span it starts over from the beginning, so the
 * incident repeats once per span; `loop` counts the passes, and counters keep growing across them.
 */
import type { TimeWindow } from '../../src/demo';

export interface ClockOptions {
  span: TimeWindow;
  /** Wall time (epoch ms) at which the play head stands at `startPos`. */
  anchorWall: number;
  /** Scenario time (epoch ms, within the span) played at `anchorWall`. */
  startPos: number;
  /** Scenario ms per wall ms: 1 is real time. */
  speed: number;
}

/** A point of the played scenario: which pass over the span, and where in the span. */
export interface PlayPosition {
  loop: number;
  /** Scenario time, span.from <= pos < span.to. */
  pos: number;
}

/** A stretch of one pass: scenario times in (from, to]. */
export interface PlaySegment {
  loop: number;
  from: number;
  to: number;
}

export class ScenarioClock {
  readonly span: TimeWindow;
  readonly anchorWall: number;
  readonly startPos: number;
  readonly speed: number;
  readonly spanMs: number;

  constructor(options: ClockOptions) {
    if (!(options.speed > 0) || !Number.isFinite(options.speed)) {
      throw new Error(`speed must be a positive number, got ${options.speed}`);
    }
    this.span = options.span;
    this.anchorWall = options.anchorWall;
    this.startPos = options.startPos;
    this.speed = options.speed;
    this.spanMs = options.span.to - options.span.from;
  }

  /** Scenario time counted without wrapping: span.from + loop * spanMs + offset. */
  absoluteAt(wall: number): number {
    return this.startPos + (wall - this.anchorWall) * this.speed;
  }

  wallAt(absolute: number): number {
    return this.anchorWall + (absolute - this.startPos) / this.speed;
  }

  positionOf(absolute: number): PlayPosition {
    const offset = absolute - this.span.from;
    const loop = Math.floor(offset / this.spanMs);
    return { loop, pos: this.span.from + (offset - loop * this.spanMs) };
  }

  positionAt(wall: number): PlayPosition {
    return this.positionOf(this.absoluteAt(wall));
  }

  absoluteOf(position: PlayPosition): number {
    return position.pos + position.loop * this.spanMs;
  }

  /** The stretches of the scenario played between two absolute times, split at the loop seams. */
  segments(fromAbsolute: number, toAbsolute: number): PlaySegment[] {
    const segments: PlaySegment[] = [];
    let start = fromAbsolute;
    while (start < toAbsolute) {
      const { loop, pos } = this.positionOf(start);
      const loopEnd = start + (this.span.to - pos);
      const end = Math.min(toAbsolute, loopEnd);
      segments.push({ loop, from: pos, to: pos + (end - start) });
      start = end;
    }
    return segments;
  }
}
