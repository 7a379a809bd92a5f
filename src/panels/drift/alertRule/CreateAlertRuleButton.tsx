import React, { useMemo, useState } from 'react';
import { PanelData } from '@grafana/data';
import { config } from '@grafana/runtime';
import { TimeZone } from '@grafana/schema';
import { Button } from '@grafana/ui';
import { BaselineMode, BucketDriftMethod, BucketFeatureSeries, FeatureDrift } from '../../../analysis';
import { AlertingApi } from '../../../api/alerting';
import { canCreateAlertRules } from '../../../api/permissions';
import { testIds } from '../../../testIds';
import { AnnotationEvent } from '../../../data/annotations';
import { DriftInput } from '../../../data/driftInput';
import { AlertRuleDialog } from './AlertRuleDialog';
import { AlertRulePanel } from './useAlertRuleDraft';

interface Props {
  data: PanelData;
  input: DriftInput;
  /** The panel's ranked features: the method and threshold the rules use are theirs. */
  features: FeatureDrift[];
  featureLabel: string;
  /** The panel's Features option: non-empty when it picked some. */
  chosenFeatures: string;
  baseline: BaselineMode;
  range: { from: number; to: number };
  windowMs: number;
  dashboardUID: string;
  panelId: number;
  replaceVariables: (value: string) => string;
  events: AnnotationEvent[];
  incidentDeclared?: number;
  windows?: { baseline: { from: number; to: number }; current: { from: number; to: number } };
  now: number;
  timeZone: TimeZone;
  className?: string;
  api?: AlertingApi;
}

/** The dashboard panel's URL for the alert's annotations; only for a dashboard uid that is a plain identifier. */
export function panelUrl(dashboardUID: string, panelId: number): string | undefined {
  if (!/^[a-zA-Z0-9_-]{1,40}$/.test(dashboardUID)) {
    return undefined;
  }
  const base = config.appUrl || `${window.location.origin}/`;
  const url = new URL(`d/${dashboardUID}?viewPanel=panel-${panelId}`, base);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
}

/** "Create alert rule" on a drift panel over Prometheus histograms, and its dialog. */
export function CreateAlertRuleButton(props: Props) {
  const { data, input, features, featureLabel, chosenFeatures, windowMs } = props;
  const { dashboardUID, panelId, replaceVariables } = props;
  const [open, setOpen] = useState(false);
  // The panel hands over new objects on every render: keep them while their values stay, so the dialog's
  // backtest does not start again.
  const { from, to } = props.range;
  const range = useMemo(() => ({ from, to }), [from, to]);
  const baselineKey = JSON.stringify(props.baseline);
  const baseline = useMemo(() => JSON.parse(baselineKey) as BaselineMode, [baselineKey]);
  const scored = features.find((feature) => feature.source === 'buckets');
  const panel = useMemo((): AlertRulePanel | undefined => {
    if (!scored || input.kind !== 'histograms') {
      return undefined;
    }
    const targets = (data.request?.targets ?? []) as Array<{
      expr?: unknown;
      datasource?: { uid?: string; type?: string } | null;
    }>;
    const datasource = targets.find((target) => target.datasource?.type)?.datasource ?? undefined;
    return {
      series: data.series,
      queries: targets.flatMap((target) => (typeof target.expr === 'string' ? [replaceVariables(target.expr)] : [])),
      datasource: datasource
        ? { type: datasource.type, uid: datasource.uid && replaceVariables(datasource.uid) }
        : undefined,
      features: input.features as BucketFeatureSeries[],
      featuresChosen: chosenFeatures.trim() !== '',
      featureLabel,
      method: scored.method as BucketDriftMethod,
      threshold: scored.threshold,
      baseline,
      range,
      windowMs,
      dashboard: { uid: dashboardUID, panelId, url: panelUrl(dashboardUID, panelId) },
    };
  }, [
    scored,
    input,
    data,
    replaceVariables,
    chosenFeatures,
    featureLabel,
    baseline,
    range,
    windowMs,
    dashboardUID,
    panelId,
  ]);
  if (!panel) {
    return null;
  }
  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        icon="bell"
        onClick={() => setOpen(true)}
        className={props.className}
        tooltip="Prometheus or Grafana rules that compute this drift around the clock, with a backtest over this range"
        data-testid={testIds.alertRule.openDialog}
      >
        Create alert rule
      </Button>
      {open && (
        <AlertRuleDialog
          panel={panel}
          events={props.events}
          incidentDeclared={props.incidentDeclared}
          windows={props.windows}
          now={props.now}
          timeZone={props.timeZone}
          canCreate={canCreateAlertRules()}
          onDismiss={() => setOpen(false)}
          api={props.api}
        />
      )}
    </>
  );
}
