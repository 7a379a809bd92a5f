import { DriftRuleSpecError } from './errors';

const UNIT_MS = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** Prometheus' duration syntax (`model.ParseDuration`): units in this order, each at most once. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/**
 * Milliseconds of a Prometheus duration such as `6h`, `1h30m` or `28d`.
 * @throws DriftRuleSpecError (INVALID_DURATION) for anything else, including `0s`.
 */
export function parsePrometheusDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') {
    throw new DriftRuleSpecError(
      'INVALID_DURATION',
      `"${text}" is not a duration: use a number and a unit such as 30s, 15m, 6h, 7d or 1h30m`
    );
  }
  const units = [UNIT_MS.y, UNIT_MS.w, UNIT_MS.d, UNIT_MS.h, UNIT_MS.m, UNIT_MS.s, UNIT_MS.ms];
  let ms = 0;
  units.forEach((unit, i) => {
    ms += Number(match[i + 1] ?? 0) * unit;
  });
  if (!(ms > 0) || !Number.isSafeInteger(ms)) {
    throw new DriftRuleSpecError('INVALID_DURATION', `"${text}" is not a positive duration: use e.g. 15m or 6h`);
  }
  return ms;
}

/** A whole number of milliseconds as a Prometheus duration, largest units first: 5400000 -> `1h30m`. */
export function formatPrometheusDuration(ms: number): string {
  if (!(ms > 0) || !Number.isSafeInteger(ms)) {
    throw new DriftRuleSpecError(
      'INVALID_DURATION',
      `${ms} ms is not a duration Prometheus can express: use a positive whole number of milliseconds`
    );
  }
  let rest = ms;
  let text = '';
  for (const [unit, size] of [
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
    ['ms', UNIT_MS.ms],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return text;
}
