import { createMemoryStorage, OutboxStorage } from '../outbox';

/**
 * One browser's localStorage as its tabs see it: each tab gets a view that announces its writes to the other
 * tabs (never to itself), as the `storage` event does.
 */
export function createSharedStorage() {
  const storage = createMemoryStorage();
  const tabs = new Map<number, (key: string) => void>();
  let nextTab = 1;
  return {
    storage,
    forTab(): { storage: OutboxStorage; onExternalChange: (listener: (key: string) => void) => () => void } {
      const tab = nextTab++;
      const announce = (key: string) => tabs.forEach((listener, other) => other !== tab && listener(key));
      return {
        storage: {
          getItem: (key) => storage.getItem(key),
          setItem: (key, value) => {
            storage.setItem(key, value);
            announce(key);
          },
          removeItem: (key) => {
            storage.removeItem(key);
            announce(key);
          },
          key: (index) => storage.key(index),
          get length() {
            return storage.length;
          },
        },
        onExternalChange: (listener) => {
          tabs.set(tab, listener);
          return () => tabs.delete(tab);
        },
      };
    },
  };
}
