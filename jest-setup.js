// Jest setup provided by Grafana scaffolding, for the jsdom tests. Tests that declare
// `@jest-environment node` (pure engine and provisioning checks) have no DOM to patch.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
  require('jest-canvas-mock');

  // @grafana/ui's PanelChrome and uPlot sizing observe their containers; jsdom has no ResizeObserver.
  class ResizeObserverStub {
    constructor(callback) {
      this.callback = callback;
    }
    observe(target) {
      this.callback([{ target, contentRect: { width: 800, height: 400 } }], this);
    }
    unobserve() {}
    disconnect() {}
  }
  global.ResizeObserver = global.ResizeObserver || ResizeObserverStub;

  // The panels compute in slices after their first paint, so their tests wait for the result. Two cores under a
  // full test run can take seconds over a step that takes milliseconds alone: the waits are generous, while what
  // the tests wait for is unchanged.
  require('@testing-library/react').configure({ asyncUtilTimeout: 10_000 });
} else {
  require('@testing-library/jest-dom');
}
