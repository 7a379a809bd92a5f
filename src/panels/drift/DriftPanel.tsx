import React, { useCallback } from 'react';
import { PanelProps } from '@grafana/data';
import { featureFieldNames, isEmptyData, pickPredictionField, requireNumericField } from '../../data/frames';
import { ComparisonPanelBody } from '../ComparisonPanelBody';
import { useBaselineComparison } from '../useBaselineComparison';
import { DriftOptions } from './types';

type Props = PanelProps<DriftOptions>;

export function DriftPanel({ data, width, height, options, timeRange, timeZone, id }: Props) {
  const resolveFeature = useCallback(() => {
    if (options.feature || isEmptyData(data.series)) {
      return options.feature;
    }
    const features = featureFieldNames(data.series, pickPredictionField(data.series, options.predictionField));
    requireNumericField(data.series, 'drift panel', features);
    return features[0];
  }, [data.series, options.feature, options.predictionField]);

  const state = useBaselineComparison(
    data,
    timeRange,
    resolveFeature,
    options.baselinePercent,
    options.bins,
    'drift panel'
  );

  return (
    <ComparisonPanelBody
      testId="driftline-panel-drift"
      state={state}
      panelId={id}
      data={data}
      width={width}
      height={height}
      timeZone={timeZone}
    />
  );
}
