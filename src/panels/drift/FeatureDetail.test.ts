import { detailLayout } from './FeatureDetail';

describe('detailLayout', () => {
  it('puts the distribution beside the score over time in a wide detail', () => {
    expect(detailLayout(1000, 300, true)).toEqual({ twoColumns: true, chartWidth: 496, chartHeight: 300 });
  });

  it('stacks them in a narrow detail that is tall enough for both', () => {
    expect(detailLayout(600, 300, true)).toEqual({ twoColumns: false, chartWidth: 600, chartHeight: 150 });
  });

  it('keeps them side by side in a narrow detail too low to stack them, never squeezing a chart to a strip', () => {
    // A 360 px dashboard panel half a screen wide: the open row leaves its detail about 116 px for charts.
    const layout = detailLayout(600, 116, true);
    expect(layout).toEqual({ twoColumns: true, chartWidth: 296, chartHeight: 116 });
  });

  it('gives recorded scores, which have no distribution, the whole detail', () => {
    expect(detailLayout(600, 116, false)).toEqual({ twoColumns: true, chartWidth: 600, chartHeight: 116 });
  });
});
