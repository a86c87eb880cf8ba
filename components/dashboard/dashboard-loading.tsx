/** A tab's loading state: placeholders where the charts will be, announced to screen readers. */
export function DashboardLoading({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="dashboard-loading">
      <span className="sr-only">{label}</span>
      <div className="grid grid-cols-1 gap-6 xl:grid-cols-2" aria-hidden="true">
        {[0, 1, 2, 3].map((index) => (
          <div key={index} className="h-80 animate-pulse rounded-lg border border-slate-200 bg-white p-5">
            <div className="h-4 w-1/3 rounded bg-slate-200" />
            <div className="mt-2 h-3 w-2/3 rounded bg-slate-100" />
            <div className="mt-6 h-52 rounded bg-slate-100" />
          </div>
        ))}
      </div>
    </div>
  );
}
