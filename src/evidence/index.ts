// The evidence of an incident from its dashboard's Driftline panels: what the workbench shows.
export * from './cache';
export * from './collect';
export * from './dashboard';
export * from './dataSources';
export * from './queries';
export * from './range';
export * from './variables';
