import React, { useCallback } from 'react';
import { PanelProps } from '@grafana/data';
import { FrameProblemError, isEmptyData, pickPredictionField } from '../../data/frames';
import { ComparisonPanelBody } from '../ComparisonPanelBody';
import { useBaselineComparison } from '../useBaselineComparison';
import { PredictionsOptions } from './types';

type Props = PanelProps<PredictionsOptions>;

export function PredictionsPanel({ data, width, height, options, timeRange, timeZone, id }: Props) {
  const resolveScore = useCallback(() => {
    const score = pickPredictionField(data.series, options.scoreField);
    if (!score && !isEmptyData(data.series)) {
      throw new FrameProblemError({
        code: 'field-not-found',
        message:
          'No score field found: name a column score, prediction, probability or confidence, or choose it in the panel options under "Score field".',
      });
    }
    return score ?? '';
  }, [data.series, options.scoreField]);

  const state = useBaselineComparison(
    data,
    timeRange,
    resolveScore,
    options.baselinePercent,
    options.bins,
    'predictions panel'
  );

  return (
    <ComparisonPanelBody
      testId="driftline-panel-predictions"
      state={state}
      panelId={id}
      data={data}
      width={width}
      height={height}
      timeZone={timeZone}
    />
  );
}
