import { FieldType, PanelPlugin, SelectableValue } from '@grafana/data';
import { DEFAULT_THRESHOLDS, DriftMethod } from '../../analysis';
import { addAnnotationKindsOption } from '../annotationOptions';
import { addBaselineOptions } from '../binOptions';
import { withPanelErrorBoundary } from '../../components/PanelFrame';
import { testIds } from '../../testIds';
import { DriftPanel } from './DriftPanel';
import { defaultDriftOptions, DriftOptions } from './types';

const METHOD_OPTIONS: Array<SelectableValue<DriftOptions['method']>> = [
  {
    value: 'auto',
    label: 'Auto',
    description:
      'By size and type: KS, chi-square or z-test on small samples, Wasserstein or Jensen–Shannon on large ones; Jensen–Shannon on histograms',
  },
  ...(Object.keys(DEFAULT_THRESHOLDS) as DriftMethod[]).map((method) => ({
    value: method,
    label: method,
    description: `default threshold ${DEFAULT_THRESHOLDS[method]}`,
  })),
];

// A failure while drawing stays inside the panel (see PanelErrorBoundary).
export const GuardedDriftPanel = withPanelErrorBoundary(DriftPanel, 'drift panel', testIds.panelDrift);

export const plugin = new PanelPlugin<DriftOptions>(GuardedDriftPanel).setPanelOptions((builder) => {
  builder
    .addRadio({
      path: 'view',
      name: 'View',
      category: ['View'],
      defaultValue: defaultDriftOptions.view,
      settings: {
        options: [
          { value: 'ranking', label: 'Feature ranking' },
          { value: 'heatmap', label: 'Drift heatmap' },
          { value: 'detail', label: 'Single feature' },
        ],
      },
    })
    .addTextInput({
      path: 'detailFeature',
      name: 'Feature shown',
      description: 'Empty shows the most drifted feature.',
      category: ['View'],
      defaultValue: defaultDriftOptions.detailFeature,
      showIf: (options) => options.view === 'detail',
    })
    .addNumberInput({
      path: 'maxFeatures',
      name: 'Max features shown',
      category: ['View'],
      defaultValue: defaultDriftOptions.maxFeatures,
      settings: { min: 1, integer: true },
    })
    .addRadio({
      path: 'sortBy',
      name: 'Sort by',
      category: ['View'],
      defaultValue: defaultDriftOptions.sortBy,
      settings: {
        options: [
          {
            value: 'severity',
            label: 'Drift score',
            description: 'Score relative to its threshold, most drifted first',
          },
          { value: 'driftStart', label: 'Drift start', description: 'Earliest drift first' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addRadio({
      path: 'inputKind',
      name: 'Input',
      category: ['Input'],
      defaultValue: defaultDriftOptions.inputKind,
      settings: {
        options: [
          {
            value: 'auto',
            label: 'Auto',
            description: 'Raw samples, histograms, or drift scores Prometheus recorded (driftline:feature_drift:*)',
          },
          { value: 'samples', label: 'Raw samples', description: 'A table: time, one column per feature' },
          {
            value: 'histograms',
            label: 'Prometheus histograms',
            description: '_bucket series with le, heatmap format or native histograms',
          },
        ],
      },
    })
    .addTextInput({
      path: 'features',
      name: 'Features',
      description: 'Comma-separated columns or histogram feature labels. Empty compares every numeric and text column.',
      category: ['Input'],
      defaultValue: defaultDriftOptions.features,
    })
    .addFieldNamePicker({
      path: 'predictionField',
      name: 'Prediction field',
      description: 'The model output column, kept out of the features. Empty detects score/prediction/probability.',
      category: ['Input'],
      defaultValue: defaultDriftOptions.predictionField,
      settings: { filter: (field) => field.type === FieldType.number },
    })
    .addTextInput({
      path: 'featureLabel',
      name: 'Feature label',
      description: 'The label that names the feature of a histogram series.',
      category: ['Input'],
      defaultValue: defaultDriftOptions.featureLabel,
      showIf: (options) => options.inputKind !== 'samples',
    })
    .addRadio({
      path: 'histogramValues',
      name: 'Histogram values',
      description:
        'increase() per interval, or raw cumulative counters. Auto reads the query, else the shape of the series.',
      category: ['Input'],
      defaultValue: defaultDriftOptions.histogramValues,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'increase', label: 'Increases' },
          { value: 'counter', label: 'Counters' },
        ],
      },
      showIf: (options) => options.inputKind !== 'samples',
    });
  addBaselineOptions(builder, defaultDriftOptions);
  builder
    .addRadio({
      path: 'windowMode',
      name: 'Window size',
      category: ['Windows and method'],
      defaultValue: defaultDriftOptions.windowMode,
      settings: {
        options: [
          { value: 'auto', label: 'Auto', description: 'About 48 windows over the compared period' },
          { value: 'fixed', label: 'Fixed' },
        ],
      },
    })
    .addTextInput({
      path: 'windowSize',
      name: 'Window',
      description: 'e.g. 5m, 1h, 1d',
      category: ['Windows and method'],
      defaultValue: defaultDriftOptions.windowSize,
      showIf: (options) => options.windowMode === 'fixed',
    })
    .addSelect({
      path: 'method',
      name: 'Method',
      category: ['Windows and method'],
      defaultValue: defaultDriftOptions.method,
      settings: { options: METHOD_OPTIONS },
    })
    .addNumberInput({
      path: 'threshold',
      name: 'Threshold',
      description: 'p-value (tests: drift when below) or distance (drift when above). 0 uses the method default.',
      category: ['Windows and method'],
      defaultValue: defaultDriftOptions.threshold,
      settings: { min: 0, step: 0.01 },
    });
  addAnnotationKindsOption(builder);
});
