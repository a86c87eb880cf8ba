import { formatTableCell, type TableData } from "./table-data";
import { ScrollRegion } from "@/components/scroll-region";

/** The accessible table alternative of a chart: the same rows as its CSV export. */
export function DataTable({ caption, table }: { caption: string; table: TableData }) {
  return (
    <ScrollRegion label={caption} className="max-h-96 rounded-md border border-slate-200">
      <table className="min-w-full text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-100 text-slate-700">
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="px-2 py-1.5 font-semibold">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className={`px-2 py-1 ${typeof cell === "number" ? "text-right tabular-nums" : ""}`}>
                  {formatTableCell(cell, table.columns[column] ?? "")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
