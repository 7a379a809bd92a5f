import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { createDataFrame, FieldType } from '@grafana/data';
import { FeatureDrift } from '../../analysis';
import { RANGE } from '../../testing/frames';
import { panelProps } from '../../testing/panelProps';
import { MiniDistribution, pixelColumns } from './DriftGlyphs';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions } from './types';

// Past about 120,000 arguments a spread into a call overflows V8's stack: 200,000 categories did.
const CATEGORIES = 200_000;

describe('a feature with 200,000 categories', () => {
  it('draws its mini distribution in pixel columns, not one bar per category', () => {
    const reference = Array.from({ length: CATEGORIES }, (_, i) => (i % 1000 === 0 ? 50 : 1));
    const current = Array.from({ length: CATEGORIES }, (_, i) => (i % 500 === 0 ? 40 : 1));
    const feature = {
      histogram: { type: 'categories', categories: [], reference, current },
    } as unknown as FeatureDrift;
    render(<MiniDistribution feature={feature} width={120} height={20} />);
    const path = screen.getByTestId('driftline-mini-distribution').querySelector('path')!.getAttribute('d')!;
    // One bar (an M…Z subpath) per pixel column.
    expect(path.match(/M/g)).toHaveLength(120);
    expect(path).not.toContain('NaN');
  });

  it('merges bars into columns by their largest count', () => {
    expect(pixelColumns([1, 5, 2, 8], [0, 1, 2, 3], 2)).toEqual({ reference: [5, 8], current: [1, 3] });
    expect(pixelColumns([1, 2], [3, 4], 5)).toEqual({ reference: [1, 2], current: [3, 4] });
  });

  it('renders its ranking row in the drift panel', async () => {
    const span = RANGE.to - RANGE.from;
    const frame = createDataFrame({
      fields: [
        {
          name: 'time',
          type: FieldType.time,
          values: Array.from({ length: CATEGORIES }, (_, i) => RANGE.from + (i * span) / CATEGORIES),
        },
        {
          name: 'user_id_hash',
          type: FieldType.string,
          values: Array.from({ length: CATEGORIES }, (_, i) => `user-${i}`),
        },
      ],
    });
    render(<DriftPanel {...panelProps({ ...defaultDriftOptions }, [frame], RANGE)} />);
    await waitFor(() => expect(screen.queryByTestId('driftline-computing')).not.toBeInTheDocument(), {
      timeout: 60_000,
    });
    const row = screen.getByTestId('driftline-feature-row');
    expect(row).toHaveAttribute('data-feature', 'user_id_hash');
    expect(Number(row.getAttribute('data-score'))).toBeGreaterThan(0);
    expect(row.querySelector('[data-testid="driftline-mini-distribution"]')).toBeInTheDocument();
    expect(screen.queryByTestId('driftline-problem')).not.toBeInTheDocument();
  }, 120_000);
});
