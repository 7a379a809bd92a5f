// RCA logic of the incident pages: plain data in, plain data out; no React, no HTTP.
export * from './blameLint';
export * from './citations';
export * from './fmea';
export * from './incidentContext';
export * from './incidents';
export * from './markdown';
export * from './panelContext';
export * from './postmortemDashboard';
export * from './timeline';
export * from './worksheet';
