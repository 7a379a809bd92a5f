import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../constants';
import { OverviewPage } from '../pages/OverviewPage';
import { FmeaPage } from '../pages/fmea/FmeaPage';
import { IncidentsPage } from '../pages/incidents/IncidentsPage';
import { WorkbenchPage } from '../pages/workbench/WorkbenchPage';
import { AppSettings } from '../types';

export function App(props: AppRootProps<AppSettings>) {
  return (
    <Routes>
      <Route path={ROUTES.Incidents} element={<IncidentsPage settings={props.meta.jsonData} />} />
      <Route path={`${ROUTES.Incidents}/:id`} element={<WorkbenchPage settings={props.meta.jsonData} />} />
      <Route path={ROUTES.Fmea} element={<FmeaPage meta={props.meta} />} />
      <Route path="*" element={<OverviewPage />} />
    </Routes>
  );
}
