import React, { lazy, Suspense, useCallback } from 'react';
import { Route, Routes, useSearchParams } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { LoadingPlaceholder } from '@grafana/ui';
import { ROUTES } from '../constants';
import { readPanelContext } from '../rca/panelContext';
import { PIN_PARAM } from '../sendToWorkbench/pins';
import { AppSettings } from '../types';

// Each page is loaded when it is first opened, as create-plugin's app template does.
const OverviewPage = lazy(() => import('../pages/OverviewPage').then((module) => ({ default: module.OverviewPage })));
const FmeaPage = lazy(() => import('../pages/fmea/FmeaPage').then((module) => ({ default: module.FmeaPage })));
const IncidentsPage = lazy(() =>
  import('../pages/incidents/IncidentsPage').then((module) => ({ default: module.IncidentsPage }))
);
const WorkbenchPage = lazy(() =>
  import('../pages/workbench/WorkbenchPage').then((module) => ({ default: module.WorkbenchPage }))
);
const AlertRulesPage = lazy(() =>
  import('../pages/alertRules/AlertRulesPage').then((module) => ({ default: module.AlertRulesPage }))
);

/** The incidents page, narrowed to a panel's dashboard and time range when "Investigate in Driftline" opened it. */
function IncidentsRoute({ settings }: { settings?: AppSettings }) {
  const [searchParams, setSearchParams] = useSearchParams();
  const panelContext = readPanelContext(searchParams);
  // Keyed by the context, so following another panel's link while on the page starts from that panel.
  const key = panelContext ? `${panelContext.dashboardUID}|${panelContext.from}|${panelContext.to}` : 'all';
  // Findings sent from a timeline panel ("Send to workbench") before there was an incident to pin them to.
  const pin = searchParams.get(PIN_PARAM) ?? undefined;
  const discardPins = useCallback(() => {
    const next = new URLSearchParams(searchParams);
    next.delete(PIN_PARAM);
    setSearchParams(next, { replace: true });
  }, [searchParams, setSearchParams]);
  return (
    <IncidentsPage key={key} settings={settings} panelContext={panelContext} pin={pin} onDiscardPins={discardPins} />
  );
}

export function App(props: AppRootProps<AppSettings>) {
  return (
    <Suspense fallback={<LoadingPlaceholder text="Loading…" />}>
      <Routes>
        <Route path={ROUTES.Incidents} element={<IncidentsRoute settings={props.meta.jsonData} />} />
        <Route path={`${ROUTES.Incidents}/:id`} element={<WorkbenchPage settings={props.meta.jsonData} />} />
        <Route path={ROUTES.Fmea} element={<FmeaPage meta={props.meta} />} />
        <Route path={ROUTES.AlertRules} element={<AlertRulesPage />} />
        <Route path="*" element={<OverviewPage />} />
      </Routes>
    </Suspense>
  );
}
