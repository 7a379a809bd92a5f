// The engine's public API. Names and semantics here are a contract with the panels and the tests.
export {};
export * from './changepoints';
export * from './drift';
export * from './onsets';
