import { SelectableValue } from '@grafana/data';
import { BinRule } from '../data/distribution';

export const BIN_RULE_OPTIONS: Array<SelectableValue<BinRule>> = [
  { value: 'auto', label: 'Auto', description: 'numpy "auto": the finer of Freedman–Diaconis and Sturges' },
  { value: 'fd', label: 'Freedman–Diaconis', description: 'Robust to outliers; good for large samples' },
  { value: 'sturges', label: 'Sturges', description: 'log2(n)+1 bins; good for small samples' },
  { value: 10, label: '10 bins' },
  { value: 20, label: '20 bins' },
  { value: 50, label: '50 bins' },
];
