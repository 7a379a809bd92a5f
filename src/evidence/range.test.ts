import { analysisRange, incidentWindow, rangeWithData, spanOf } from './range';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 2, 14, 12);

describe('the analysis range of an incident', () => {
  it('is the dashboard’s span with the incident three quarters in, asked on a quarter span past its start', () => {
    expect(analysisRange({ start: NOW, end: undefined }, 2 * HOUR, NOW)).toEqual({
      from: NOW - 2 * HOUR,
      to: NOW + 0.5 * HOUR,
    });
    const ended = { start: NOW - 48 * HOUR, end: NOW - 47 * HOUR };
    expect(analysisRange(ended, 6 * HOUR, NOW)).toEqual({ from: ended.start - 5 * HOUR, to: ended.start + 1.5 * HOUR });
  });

  it('covers a long incident whole', () => {
    const long = { start: NOW - 30 * HOUR, end: NOW - 2 * HOUR };
    expect(analysisRange(long, 6 * HOUR, NOW)).toEqual({ from: long.start - 4.5 * HOUR, to: long.end });
  });

  it('ends where the data does, when the data ends before the range but not before now', () => {
    const range = { from: NOW - 2 * HOUR, to: NOW + HOUR };
    expect(rangeWithData(range, NOW - 60_000, NOW)).toEqual({ from: range.from, to: NOW });
    expect(rangeWithData(range, NOW + 0.5 * HOUR, NOW)).toEqual({ from: range.from, to: NOW + 0.5 * HOUR });
    expect(rangeWithData(range, NOW + 2 * HOUR, NOW)).toBe(range);
  });

  it('reads a dashboard’s saved range as a span', () => {
    expect(spanOf({ from: 'now-6h', to: 'now' }, NOW)).toBe(6 * HOUR);
    expect(spanOf({ from: String(NOW - HOUR), to: String(NOW) }, NOW)).toBe(HOUR);
    expect(spanOf({ from: 'yesterday-ish', to: 'now' }, NOW)).toBeUndefined();
    expect(spanOf(undefined, NOW)).toBeUndefined();
  });

  it('gives the incident window inside the range, up to the range’s end while ongoing', () => {
    expect(incidentWindow({ start: NOW - HOUR }, { from: NOW - 6 * HOUR, to: NOW })).toEqual({
      from: NOW - HOUR,
      to: NOW,
    });
  });
});
