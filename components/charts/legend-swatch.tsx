import { Symbols } from "recharts";
import type { LegendEntry } from "./export-chart";

/** A legend key: the series' line (with its dash pattern and marker) or a filled block for bars. */
export function LegendSwatch({ entry }: { entry: LegendEntry }) {
  const isLine = entry.dash !== undefined || entry.marker !== undefined;
  return (
    <svg aria-hidden="true" width={24} height={12} viewBox="0 0 24 12" className="shrink-0">
      {isLine ? (
        <>
          <line x1={0} x2={24} y1={6} y2={6} stroke={entry.colour} strokeWidth={2.5} strokeDasharray={entry.dash || undefined} />
          {entry.marker ? <Symbols type={entry.marker} size={36} cx={12} cy={6} fill={entry.colour} stroke="#ffffff" strokeWidth={0.5} /> : null}
        </>
      ) : (
        <rect x={4} y={1} width={16} height={10} rx={1.5} fill={entry.colour} />
      )}
    </svg>
  );
}
