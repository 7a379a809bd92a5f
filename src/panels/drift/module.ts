import { FieldType, PanelPlugin } from '@grafana/data';
import { BIN_RULE_OPTIONS } from '../binOptions';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions, DriftOptions } from './types';

export const plugin = new PanelPlugin<DriftOptions>(DriftPanel).setPanelOptions((builder) =>
  builder
    .addFieldNamePicker({
      path: 'feature',
      name: 'Feature',
      description: 'The numeric feature to compare. Empty picks the first feature.',
      category: ['Fields'],
      defaultValue: defaultDriftOptions.feature,
      settings: { filter: (field) => field.type === FieldType.number },
    })
    .addFieldNamePicker({
      path: 'predictionField',
      name: 'Prediction field',
      description: 'The model output column, kept out of the features. Empty detects score/prediction/probability.',
      category: ['Fields'],
      defaultValue: defaultDriftOptions.predictionField,
      settings: { filter: (field) => field.type === FieldType.number },
    })
    .addSliderInput({
      path: 'baselinePercent',
      name: 'Baseline: first % of the range',
      description:
        'The baseline window is the start of the dashboard range. The current window is the incident region, or the same share at the end.',
      category: ['Baseline'],
      defaultValue: defaultDriftOptions.baselinePercent,
      settings: { min: 5, max: 50, step: 5 },
    })
    .addSelect({
      path: 'bins',
      name: 'Bins',
      category: ['Histogram'],
      defaultValue: defaultDriftOptions.bins,
      settings: { options: BIN_RULE_OPTIONS },
    })
);
