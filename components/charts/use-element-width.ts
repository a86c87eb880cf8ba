"use client";

import { useCallback, useState } from "react";

/**
 * The width of an element's content box in CSS pixels, followed as the page resizes (null until
 * first measured, as on the server): for charts drawn in SVG whose layout, not only their scale,
 * must change on a narrow screen. A callback ref, so that an element mounted later (a chart
 * shown again after an empty state) is measured too.
 */
export function useElementWidth<T extends HTMLElement>(): [(element: T | null) => () => void, number | null] {
  const [width, setWidth] = useState<number | null>(null);
  const ref = useCallback((element: T | null) => {
    if (!element) return () => undefined;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
