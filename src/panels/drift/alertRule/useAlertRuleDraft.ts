import { useCallback, useEffect, useMemo, useState } from 'react';
import { DataFrame } from '@grafana/data';
import { config } from '@grafana/runtime';
import { BaselineMode, BucketDriftMethod, BucketFeatureSeries, TimeRange } from '../../../analysis';
import { AlertingApi, alertingApi, AlertingError, GrafanaFolder, SavedAlertRule } from '../../../api/alerting';
import {
  Backtest,
  backtestRulesSteps,
  histogramSelectorOf,
  ruleBaselineOf,
  ruleSpecsOf,
} from '../../../data/alertRuleDraft';
import {
  DEFAULT_FOR_MS,
  DEFAULT_SEVERITY,
  DriftRuleSpec,
  DriftRuleSpecError,
  driftRuleGroups,
  formatPrometheusDuration,
  GrafanaAlertRule,
  grafanaAlertRules,
  parsePrometheusDuration,
  renderGrafanaAlertRuleFile,
  renderPrometheusRuleFile,
} from '../../../rules';
import { runInSlices } from '../../../findings/slices';

/** What the dialog knows about the panel it was opened from. */
export interface AlertRulePanel {
  series: DataFrame[];
  /** The panel's query texts with the dashboard's variables replaced. */
  queries: string[];
  /** The panel's data source, when its query names one. */
  datasource?: { uid?: string; type?: string };
  features: readonly BucketFeatureSeries[];
  featuresChosen: boolean;
  featureLabel: string;
  method: BucketDriftMethod;
  threshold: number;
  baseline: BaselineMode;
  range: TimeRange;
  windowMs: number;
  dashboard: { uid?: string; panelId: number; url?: string };
}

export interface PrometheusDataSource {
  uid: string;
  name: string;
}

type Loaded<T> = { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; message: string };

export type CreateState =
  | { status: 'idle' }
  | { status: 'saving'; done: number; total: number }
  | { status: 'done'; saved: SavedAlertRule[]; folder: string }
  | { status: 'error'; message: string; kind: AlertingError['kind'] | 'spec'; saved: SavedAlertRule[] };

/** The Prometheus data sources this Grafana has, from its boot data (what the user may query). */
export function prometheusDataSources(): PrometheusDataSource[] {
  return Object.values(config.datasources ?? {})
    .filter((settings) => settings?.type === 'prometheus' && typeof settings.uid === 'string')
    .map((settings) => ({ uid: settings.uid, name: settings.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The dialog's state and I/O: the rule settings (`for`, severity, metric), the specs and the two rule files
 * they give, the backtest (computed in slices after the dialog shows), the folders, and creating the rules.
 */
export function useAlertRuleDraft(panel: AlertRulePanel, api: AlertingApi = alertingApi()) {
  const selector = useMemo(
    () => histogramSelectorOf(panel.series, { featureLabel: panel.featureLabel, queries: panel.queries }),
    [panel.series, panel.featureLabel, panel.queries]
  );
  const [metric, setMetric] = useState(selector?.metric ?? '');
  const [forText, setForText] = useState(formatPrometheusDuration(DEFAULT_FOR_MS));
  const [severity, setSeverity] = useState(DEFAULT_SEVERITY);
  const panelDataSource = panel.datasource?.type === 'prometheus' ? panel.datasource.uid : undefined;
  const dataSources = useMemo(() => prometheusDataSources(), []);
  const [datasourceUid, setDatasourceUid] = useState<string | undefined>(panelDataSource ?? dataSources[0]?.uid);
  const [folderUid, setFolderUid] = useState<string | undefined>();
  const [folders, setFolders] = useState<Loaded<GrafanaFolder[]>>({ status: 'loading' });
  const [foldersGeneration, setFoldersGeneration] = useState(0);
  const [create, setCreate] = useState<CreateState>({ status: 'idle' });

  const forMs = useMemo(() => {
    try {
      return { value: forText.trim() === '0' || forText.trim() === '0s' ? 0 : parsePrometheusDuration(forText) };
    } catch (error) {
      return { error: messageOf(error) };
    }
  }, [forText]);
  const baseline = useMemo(() => ruleBaselineOf(panel.baseline, panel.range), [panel.baseline, panel.range]);

  const specs = useMemo((): { specs: DriftRuleSpec[]; error?: undefined } | { error: string } => {
    if (!metric.trim()) {
      return { error: 'Name the histogram: the panel’s query does not say which metric it reads.' };
    }
    if (forMs.error !== undefined) {
      return { error: `"for": ${forMs.error}` };
    }
    try {
      return {
        specs: ruleSpecsOf({
          selector: { metric: metric.trim(), matchers: selector?.matchers ?? [], source: selector?.source ?? 'labels' },
          featureLabel: panel.featureLabel,
          features: panel.features,
          featuresChosen: panel.featuresChosen,
          method: panel.method,
          threshold: panel.threshold,
          baseline,
          windowMs: panel.windowMs,
          forMs: forMs.value,
          severity: severity.trim(),
          dashboard: panel.dashboard,
        }),
      };
    } catch (error) {
      if (error instanceof DriftRuleSpecError) {
        return { error: error.message };
      }
      throw error;
    }
  }, [metric, forMs, selector, panel, baseline, severity]);

  const prometheusFile = useMemo((): { text: string } | { error: string } => {
    if (specs.error !== undefined) {
      return { error: specs.error };
    }
    try {
      return {
        text: renderPrometheusRuleFile(driftRuleGroups(specs.specs), {
          comment: ['Drift rules written by Driftline. Check them with: promtool check rules <this file>'],
        }),
      };
    } catch (error) {
      if (error instanceof DriftRuleSpecError) {
        return { error: error.message };
      }
      throw error;
    }
  }, [specs]);

  const folderTitle = folders.status === 'ready' ? folders.value.find((f) => f.uid === folderUid)?.title : undefined;
  const grafana = useMemo((): { rules: GrafanaAlertRule[]; text: string } | { error: string } => {
    if (specs.error !== undefined) {
      return { error: specs.error };
    }
    if (!datasourceUid) {
      return { error: 'Choose the Prometheus data source the rules query.' };
    }
    if (!folderUid || !folderTitle) {
      return { error: 'Choose the folder the rules go into.' };
    }
    try {
      const rules = grafanaAlertRules(specs.specs, { datasourceUid, folderUid });
      return { rules, text: renderGrafanaAlertRuleFile(rules, { folder: folderTitle }) };
    } catch (error) {
      if (error instanceof DriftRuleSpecError) {
        return { error: error.message };
      }
      throw error;
    }
  }, [specs, datasourceUid, folderUid, folderTitle]);

  // The backtest: computed feature by feature in slices, after the dialog has painted.
  const [backtest, setBacktest] = useState<Loaded<Backtest> & { key?: string }>({ status: 'loading' });
  const backtestKey = forMs.value === undefined ? undefined : `${forMs.value}`;
  useEffect(() => {
    if (forMs.value === undefined) {
      return;
    }
    const key = `${forMs.value}`;
    return runInSlices(
      backtestRulesSteps({
        features: panel.features,
        range: panel.range,
        method: panel.method,
        threshold: panel.threshold,
        baseline,
        windowMs: panel.windowMs,
        forMs: forMs.value,
      }),
      {
        budgetMs: 25,
        startAfterPaint: true,
        onDone: (value) => setBacktest({ status: 'ready', value, key }),
        onError: (error) => setBacktest({ status: 'error', message: messageOf(error), key }),
      }
    );
  }, [panel.features, panel.range, panel.method, panel.threshold, panel.windowMs, baseline, forMs.value]);
  const currentBacktest: Loaded<Backtest> =
    backtest.key === backtestKey
      ? backtest
      : forMs.error
        ? { status: 'error', message: forMs.error }
        : { status: 'loading' };

  useEffect(() => {
    let live = true;
    api.listFolders().then(
      (value) => live && setFolders({ status: 'ready', value }),
      (error: unknown) => live && setFolders({ status: 'error', message: messageOf(error) })
    );
    return () => {
      live = false;
    };
  }, [api, foldersGeneration]);
  const reloadFolders = useCallback(() => {
    setFolders({ status: 'loading' });
    setFoldersGeneration((value) => value + 1);
  }, []);

  const createInGrafana = useCallback(async () => {
    if ('error' in grafana) {
      setCreate({ status: 'error', message: grafana.error, kind: 'spec', saved: [] });
      return;
    }
    const saved: SavedAlertRule[] = [];
    setCreate({ status: 'saving', done: 0, total: grafana.rules.length });
    for (const rule of grafana.rules) {
      try {
        saved.push(await api.saveAlertRule(rule));
        setCreate({ status: 'saving', done: saved.length, total: grafana.rules.length });
      } catch (error) {
        setCreate({
          status: 'error',
          message: messageOf(error),
          kind: error instanceof AlertingError ? error.kind : 'server',
          saved: [...saved],
        });
        return;
      }
    }
    setCreate({ status: 'done', saved, folder: folderTitle ?? '' });
  }, [api, grafana, folderTitle]);

  return {
    selector,
    metric,
    setMetric,
    forText,
    setForText,
    forError: forMs.error,
    severity,
    setSeverity,
    baseline,
    specs,
    prometheusFile,
    grafana,
    backtest: currentBacktest,
    dataSources,
    panelDataSource,
    datasourceUid,
    setDatasourceUid,
    folders,
    reloadFolders,
    folderUid,
    setFolderUid,
    create,
    createInGrafana,
  };
}
