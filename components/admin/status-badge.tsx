export function StatusBadge({ active, activeLabel = "Active", inactiveLabel = "Deactivated" }: { active: boolean; activeLabel?: string; inactiveLabel?: string }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${active ? "bg-emerald-50 text-emerald-800 ring-1 ring-emerald-200" : "bg-slate-100 text-slate-700 ring-1 ring-slate-300"}`}
    >
      {active ? activeLabel : inactiveLabel}
    </span>
  );
}
