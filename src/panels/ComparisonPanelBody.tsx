import React from 'react';
import { PanelData } from '@grafana/data';
import { TimeZone } from '@grafana/schema';
import { BaselineComparisonView } from '../components/BaselineComparisonView';
import { PanelProblem } from '../components/PanelProblem';
import { ComparisonState } from './useBaselineComparison';

interface Props {
  testId: string;
  state: ComparisonState;
  panelId: number;
  data: PanelData;
  width: number;
  height: number;
  timeZone: TimeZone;
}

/** The root of a baseline-vs-current panel: the comparison, or what keeps it from being drawn. */
export function ComparisonPanelBody({ testId, state, panelId, data, width, height, timeZone }: Props) {
  return (
    <div data-testid={testId} style={{ width, height }}>
      {'problem' in state ? (
        <PanelProblem problem={state.problem} panelId={panelId} data={data} />
      ) : (
        <BaselineComparisonView comparison={state.comparison} width={width} height={height} timeZone={timeZone} />
      )}
    </div>
  );
}
