"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useOptimistic } from "react";
import { parseDashboardFilters, toDashboardQuery, type DashboardFilters } from "@/lib/analytics/filters";
import { useDashboardTransition } from "./dashboard-transition";

/**
 * The filters of the current URL (parsed with the same schema as the server) and a way to change
 * them: each change pushes a new history entry, so the back button restores the previous view.
 * While a change loads, `filters` already holds it (React's useOptimistic).
 */
export function useDashboardFilters(): {
  filters: DashboardFilters;
  update: (patch: Partial<DashboardFilters>) => void;
  reset: () => void;
  isPending: boolean;
} {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const { isPending, startTransition } = useDashboardTransition();
  const query = searchParams.toString();
  const fromUrl = useMemo(() => parseDashboardFilters(new URLSearchParams(query)), [query]);
  // The controls show the new choice at once, while the new aggregates load.
  const [filters, setOptimisticFilters] = useOptimistic(fromUrl);
  const navigate = (next: DashboardFilters) => {
    startTransition(() => {
      setOptimisticFilters(next);
      router.push(`${pathname}${toDashboardQuery(next)}`, { scroll: false });
    });
  };
  return {
    filters,
    isPending,
    update: (patch) => navigate({ ...filters, ...patch }),
    reset: () =>
      navigate({
        ...parseDashboardFilters({}),
        // The outcome options are analysis choices, not filters: a reset keeps them.
        regimen: filters.regimen,
        line: filters.line,
        endpoint: filters.endpoint,
        reference: filters.reference,
        bands: filters.bands,
        measure: filters.measure,
        cut: filters.cut,
        view: filters.view,
        comparison: filters.comparison,
        cohortForest: filters.cohortForest,
        landmarkMonths: filters.landmarkMonths,
        tauMonths: filters.tauMonths,
      }),
  };
}
