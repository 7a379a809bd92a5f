import { PanelOptionsEditorBuilder, SelectableValue } from '@grafana/data';
import { BaselineModeOption, BaselineOptions } from '../data/driftInput';
import { BinRule } from '../data/distribution';

export const BIN_RULE_OPTIONS: Array<SelectableValue<BinRule>> = [
  { value: 'auto', label: 'Auto', description: 'numpy "auto": the finer of Freedman–Diaconis and Sturges' },
  { value: 'fd', label: 'Freedman–Diaconis', description: 'Robust to outliers; good for large samples' },
  { value: 'sturges', label: 'Sturges', description: 'log2(n)+1 bins; good for small samples' },
  { value: 10, label: '10 bins' },
  { value: 20, label: '20 bins' },
  { value: 50, label: '50 bins' },
];

export const BASELINE_MODE_OPTIONS: Array<SelectableValue<BaselineModeOption>> = [
  {
    value: 'firstPercent',
    label: 'First % of range',
    description: 'The start of the dashboard range; the rest is compared with it',
  },
  {
    value: 'previousPeriod',
    label: 'Previous period',
    description: 'The period of equal length before the range (needs a query that returns it)',
  },
  {
    value: 'timeShift',
    label: 'Time shift',
    description: 'The range shifted back, e.g. 7d (needs a query that returns it)',
  },
  {
    value: 'fixed',
    label: 'Fixed range',
    description: 'A fixed reference period, such as the week the model was trained on',
  },
];

/** The baseline options shared by the drift and predictions panels, under the "Baseline" category. */
export function addBaselineOptions<T extends BaselineOptions>(
  builder: PanelOptionsEditorBuilder<T>,
  defaults: BaselineOptions
): PanelOptionsEditorBuilder<T> {
  const category = ['Baseline'];
  return builder
    .addRadio({
      path: 'baselineMode',
      name: 'Baseline',
      category,
      defaultValue: defaults.baselineMode,
      settings: { options: BASELINE_MODE_OPTIONS },
    })
    .addSliderInput({
      path: 'baselinePercent',
      name: 'First % of the range',
      category,
      defaultValue: defaults.baselinePercent,
      settings: { min: 5, max: 50, step: 5 },
      showIf: (options) => options.baselineMode === 'firstPercent',
    })
    .addTextInput({
      path: 'baselineShift',
      name: 'Time shift',
      description: 'How far back the baseline lies, e.g. 7d, 24h.',
      category,
      defaultValue: defaults.baselineShift,
      showIf: (options) => options.baselineMode === 'timeShift',
    })
    .addTextInput({
      path: 'baselineFrom',
      name: 'Baseline from',
      description: 'A date such as 2026-01-01T00:00Z, or epoch ms.',
      category,
      defaultValue: defaults.baselineFrom,
      showIf: (options) => options.baselineMode === 'fixed',
    })
    .addTextInput({
      path: 'baselineTo',
      name: 'Baseline to',
      category,
      defaultValue: defaults.baselineTo,
      showIf: (options) => options.baselineMode === 'fixed',
    });
}
