import { FieldType, PanelPlugin } from '@grafana/data';
import { addAnnotationKindsOption } from '../annotationOptions';
import { addBaselineOptions, BIN_RULE_OPTIONS } from '../binOptions';
import { withPanelErrorBoundary } from '../../components/PanelFrame';
import { testIds } from '../../testIds';
import { PredictionsPanel } from './PredictionsPanel';
import { defaultPredictionsOptions, PredictionsOptions } from './types';

// A failure while drawing stays inside the panel (see PanelErrorBoundary).
export const GuardedPredictionsPanel = withPanelErrorBoundary(
  PredictionsPanel,
  'predictions panel',
  testIds.panelPredictions
);

export const plugin = new PanelPlugin<PredictionsOptions>(GuardedPredictionsPanel).setPanelOptions((builder) => {
  builder.addRadio({
    path: 'view',
    name: 'View',
    category: ['View'],
    defaultValue: defaultPredictionsOptions.view,
    settings: {
      options: [
        { value: 'overlay', label: 'Overlay', description: 'Baseline vs current histogram, drift score and quantiles' },
        { value: 'fan', label: 'Quantile fan', description: 'p5–p95 and p25–p75 bands with the median over time' },
        { value: 'classes', label: 'Class balance', description: 'Share of each predicted class over time' },
        {
          value: 'calibration',
          label: 'Calibration',
          description: 'Mean score vs observed outcome rate per score bin',
        },
      ],
    },
  });
  builder
    .addFieldNamePicker({
      path: 'scoreField',
      name: 'Score field',
      description: 'The score or probability column. Empty detects score/prediction/probability/confidence.',
      category: ['Input'],
      defaultValue: defaultPredictionsOptions.scoreField,
      settings: { filter: (field) => field.type === FieldType.number },
    })
    .addRadio({
      path: 'inputKind',
      name: 'Input',
      category: ['Input'],
      defaultValue: defaultPredictionsOptions.inputKind,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'samples', label: 'Raw samples', description: 'One row per prediction: time, score, …' },
          { value: 'histograms', label: 'Prometheus histograms', description: '_bucket series of the score with le' },
        ],
      },
    })
    .addFieldNamePicker({
      path: 'classField',
      name: 'Class field',
      description: 'The predicted class (text or 0/1). Empty detects class/predicted_class/y_pred, or a 0/1 score.',
      category: ['Input'],
      defaultValue: defaultPredictionsOptions.classField,
      showIf: (options) => options.view === 'classes',
    })
    .addTextInput({
      path: 'classes',
      name: 'Classes',
      description: 'Comma-separated classes to show, the first one positive. Empty shows every class found.',
      category: ['Input'],
      defaultValue: defaultPredictionsOptions.classes,
      showIf: (options) => options.view === 'classes',
    })
    .addFieldNamePicker({
      path: 'outcomeField',
      name: 'Outcome field',
      description: 'What happened, 0/1 or true/false. Empty detects clicked/label/outcome/target/y_true/actual.',
      category: ['Input'],
      defaultValue: defaultPredictionsOptions.outcomeField,
      showIf: (options) => options.view === 'calibration',
    });
  addBaselineOptions(builder, defaultPredictionsOptions);
  builder
    .addSelect({
      path: 'bins',
      name: 'Bins',
      description: 'Histogram bins of raw scores; calibration uses the fixed count, or 10.',
      category: ['Histogram'],
      defaultValue: defaultPredictionsOptions.bins,
      settings: { options: BIN_RULE_OPTIONS },
    })
    .addNumberInput({
      path: 'scoreMin',
      name: 'Score min',
      description: 'Lower end of the score range; empty takes it from the data.',
      category: ['Histogram'],
      defaultValue: defaultPredictionsOptions.scoreMin,
    })
    .addNumberInput({
      path: 'scoreMax',
      name: 'Score max',
      description: 'Upper end of the score range; empty takes it from the data.',
      category: ['Histogram'],
      defaultValue: defaultPredictionsOptions.scoreMax,
    });
  addAnnotationKindsOption(builder);
});
