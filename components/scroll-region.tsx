import type { ReactNode } from "react";

/**
 * A box that scrolls (a wide or long table): a named region that takes keyboard focus, so a
 * keyboard user can scroll it with the arrow keys (axe `scrollable-region-focusable`, WCAG 2.1.1).
 */
export function ScrollRegion({ label, className = "", testId, children }: { label: string; className?: string; testId?: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} data-testid={testId} className={`overflow-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 ${className}`}>
      {children}
    </div>
  );
}
