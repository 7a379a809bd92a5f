import { FieldType, PanelPlugin } from '@grafana/data';
import { BIN_RULE_OPTIONS } from '../binOptions';
import { PredictionsPanel } from './PredictionsPanel';
import { defaultPredictionsOptions, PredictionsOptions } from './types';

export const plugin = new PanelPlugin<PredictionsOptions>(PredictionsPanel).setPanelOptions((builder) =>
  builder
    .addFieldNamePicker({
      path: 'scoreField',
      name: 'Score field',
      description: 'The score or probability column. Empty detects score/prediction/probability/confidence.',
      category: ['Fields'],
      defaultValue: defaultPredictionsOptions.scoreField,
      settings: { filter: (field) => field.type === FieldType.number },
    })
    .addSliderInput({
      path: 'baselinePercent',
      name: 'Baseline: first % of the range',
      category: ['Baseline'],
      defaultValue: defaultPredictionsOptions.baselinePercent,
      settings: { min: 5, max: 50, step: 5 },
    })
    .addSelect({
      path: 'bins',
      name: 'Bins',
      category: ['Histogram'],
      defaultValue: defaultPredictionsOptions.bins,
      settings: { options: BIN_RULE_OPTIONS },
    })
);
