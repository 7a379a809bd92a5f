import React from 'react';
import { Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { OverviewPage } from '../pages/OverviewPage';

export function App(_props: AppRootProps) {
  return (
    <Routes>
      <Route path="*" element={<OverviewPage />} />
    </Routes>
  );
}
