import { act, fireEvent, screen, waitFor } from '@testing-library/react';

// jsdom has no IntersectionObserver; the Combobox menu's scroll indicators observe their edges.
class IntersectionObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

/**
 * Gives jsdom what Grafana's Combobox menu needs to list its options, for the tests of a describe block: an
 * IntersectionObserver, and element sizes (the menu is a virtual list sized from its scroll container's
 * clientWidth/clientHeight, which jsdom reports as 0, rendering no options at all).
 */
export function provideComboboxLayout(): void {
  const sizeProperties = ['clientWidth', 'clientHeight'] as const;
  const realSizes = sizeProperties.map((property) => Object.getOwnPropertyDescriptor(Element.prototype, property));
  beforeAll(() => {
    Object.assign(window, { IntersectionObserver: window.IntersectionObserver ?? IntersectionObserverStub });
    for (const property of sizeProperties) {
      Object.defineProperty(Element.prototype, property, { configurable: true, get: () => 300 });
    }
  });
  afterAll(() => {
    sizeProperties.forEach((property, index) => Object.defineProperty(Element.prototype, property, realSizes[index]!));
  });
}

/**
 * Opens a Combobox and clicks one of its options, the way a person would. Options are found by their text
 * inside the menu the input controls: role queries over Grafana's styled tree take seconds each.
 */
export async function chooseComboboxOption(testId: string, option: RegExp) {
  const input = await screen.findByTestId(testId);
  await act(async () => {
    fireEvent.click(input);
  });
  const item = await waitFor(() => {
    const menu = document.getElementById(input.getAttribute('aria-controls') ?? '');
    const match = Array.from(menu?.querySelectorAll('[role="option"]') ?? []).find((element) =>
      option.test(element.textContent ?? '')
    );
    expect(match).toBeDefined();
    return match!;
  });
  await act(async () => {
    fireEvent.click(item);
  });
}
