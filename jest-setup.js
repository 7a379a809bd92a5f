// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import 'jest-canvas-mock';

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
