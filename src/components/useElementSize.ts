import { useCallback, useEffect, useMemo, useState } from 'react';

/** Tracks an element's size (CSS px, floored): a ref callback to put on the element, and its size. */
export function useElementSize(): [(element: HTMLElement | null) => void, { width: number; height: number }] {
  const [size, setSize] = useState({ width: 0, height: 0 });
  const observer = useMemo(
    () =>
      new ResizeObserver((entries) => {
        const box = entries[0]?.contentRect;
        if (box) {
          setSize({ width: Math.floor(box.width), height: Math.floor(box.height) });
        }
      }),
    []
  );
  useEffect(() => () => observer.disconnect(), [observer]);
  const ref = useCallback(
    (element: HTMLElement | null) => {
      observer.disconnect();
      if (element) {
        observer.observe(element);
      }
    },
    [observer]
  );
  return [ref, size];
}
