import { axisNumber } from './axisNumber';

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
