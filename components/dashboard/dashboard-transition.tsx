"use client";

import { createContext, useContext, useTransition, type ReactNode, type TransitionStartFunction } from "react";

type DashboardTransition = { isPending: boolean; startTransition: TransitionStartFunction };

const DashboardTransitionContext = createContext<DashboardTransition | null>(null);

/**
 * Filter changes navigate inside a transition, so the current charts stay on screen (dimmed,
 * aria-busy) until the new aggregates arrive, instead of the page going blank.
 */
export function DashboardTransitionProvider({ children }: { children: ReactNode }) {
  const [isPending, startTransition] = useTransition();
  return <DashboardTransitionContext.Provider value={{ isPending, startTransition }}>{children}</DashboardTransitionContext.Provider>;
}

export function useDashboardTransition(): DashboardTransition {
  const context = useContext(DashboardTransitionContext);
  if (!context) throw new Error("useDashboardTransition needs a DashboardTransitionProvider above it.");
  return context;
}

export function DashboardContent({ children }: { children: ReactNode }) {
  const { isPending } = useDashboardTransition();
  return (
    <div aria-busy={isPending} data-testid="dashboard-content" className={isPending ? "opacity-60 transition-opacity" : "transition-opacity"}>
      <p role="status" className="sr-only">
        {isPending ? "Updating the dashboard…" : ""}
      </p>
      {children}
    </div>
  );
}
