import { axisNumber, axisPercent } from './axisNumber';

describe('axisNumber', () => {
  it('gives every label the decimals of the tick step', () => {
    expect([0, 0.25, 0.5, 0.75, 1].map((value) => axisNumber(value, 2))).toEqual([
      '0.00',
      '0.25',
      '0.50',
      '0.75',
      '1.00',
    ]);
    expect([0, 2, 4].map((value) => axisNumber(value, 0))).toEqual(['0', '2', '4']);
  });

  it('falls back to three significant digits without usable decimals', () => {
    expect(axisNumber(0.123456)).toBe('0.123');
    expect(axisNumber(1234.5, null)).toBe('1230');
    expect(axisNumber(0.5, -1)).toBe('0.5');
  });
});

describe('axisPercent', () => {
  it('gives every percentage the decimals of the tick step', () => {
    // Ticks 0.025 apart have 3 decimals as shares, 1 as percentages.
    expect([0, 0.025, 0.05, 0.15, 0.175].map((share) => axisPercent(share, 3))).toEqual([
      '0.0%',
      '2.5%',
      '5.0%',
      '15.0%',
      '17.5%',
    ]);
    expect([0, 0.1, 0.2].map((share) => axisPercent(share, 1))).toEqual(['0%', '10%', '20%']);
  });

  it('rounds to a tenth of a percent without usable decimals', () => {
    expect(axisPercent(0.12345)).toBe('12.3%');
  });
});
