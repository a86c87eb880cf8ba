// Client-side chart export: the chart's own SVG, with its title and legend drawn in, saved as
// SVG or rasterised to PNG on a canvas; CSV from the chart's data. Nothing goes to the network.
import type { MarkerShape } from "@/lib/analytics/chart-palette";

/** One legend key: a line (when `dash` or `marker` is set; `dash` "" is solid) or a filled block. */
export type LegendEntry = { label: string; colour: string; dash?: string; marker?: MarkerShape };

const FONT = "Inter, 'Helvetica Neue', Arial, sans-serif";
const TITLE_HEIGHT = 32;
const LEGEND_ROW_HEIGHT = 20;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * A standalone SVG document: a white page with the title, the chart, its legend and a caption
 * line (the filters, cohort rule and export date, issue 16 §19), wrapped to the page width.
 */
export function buildExportSvg(chart: SVGSVGElement, title: string, legend: LegendEntry[], caption = ""): { svg: string; width: number; height: number } {
  const box = chart.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width || Number(chart.getAttribute("width")) || 640));
  const chartHeight = Math.max(1, Math.round(box.height || Number(chart.getAttribute("height")) || 320));
  const clone = chart.cloneNode(true) as SVGSVGElement;
  clone.setAttribute("x", "0");
  clone.setAttribute("y", String(TITLE_HEIGHT));
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(chartHeight));
  clone.removeAttribute("style");
  clone.removeAttribute("class");

  // Legend entries flow left to right, wrapping at the page width.
  const items: string[] = [];
  let x = 16;
  let row = 0;
  for (const entry of legend) {
    const itemWidth = 28 + entry.label.length * 7;
    if (x + itemWidth > width - 8 && x > 16) {
      x = 16;
      row++;
    }
    const y = TITLE_HEIGHT + chartHeight + 14 + row * LEGEND_ROW_HEIGHT;
    items.push(
      (entry.dash !== undefined || entry.marker !== undefined
        ? `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${escapeXml(entry.colour)}" stroke-width="2.5"${entry.dash ? ` stroke-dasharray="${escapeXml(entry.dash)}"` : ""}/>`
        : `<rect x="${x + 2}" y="${y - 5}" width="14" height="10" fill="${escapeXml(entry.colour)}"/>`) +
        `<text x="${x + 24}" y="${y + 4}" font-size="12" fill="#1e293b">${escapeXml(entry.label)}</text>`,
    );
    x += itemWidth;
  }
  const legendHeight = legend.length === 0 ? 0 : (row + 1) * LEGEND_ROW_HEIGHT + 12;
  const captionLines = wrapText(caption, Math.max(20, Math.floor((width - 32) / 6)));
  const captionTop = TITLE_HEIGHT + chartHeight + legendHeight;
  const captionText = captionLines.map((line, index) => `<text x="16" y="${captionTop + 14 + index * 14}" font-size="10" fill="#334155">${escapeXml(line)}</text>`);
  const height = captionTop + (captionLines.length === 0 ? 0 : captionLines.length * 14 + 8);
  const body = new XMLSerializer().serializeToString(clone);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escapeXml(FONT)}">` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="16" y="22" font-size="15" font-weight="600" fill="#0f172a">${escapeXml(title)}</text>` +
    body +
    items.join("") +
    captionText.join("") +
    `</svg>`;
  return { svg, width, height };
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the download a moment to start before the URL is revoked.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

export function downloadSvg(chart: SVGSVGElement, title: string, legend: LegendEntry[], fileName: string, caption = ""): void {
  const { svg } = buildExportSvg(chart, title, legend, caption);
  downloadBlob(new Blob([svg], { type: "image/svg+xml;charset=utf-8" }), `${fileName}.svg`);
}

/** Rasterises the export SVG at twice the screen size for a sharp PNG. */
export async function downloadPng(chart: SVGSVGElement, title: string, legend: LegendEntry[], fileName: string, caption = ""): Promise<void> {
  const { svg, width, height } = buildExportSvg(chart, title, legend, caption);
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("The chart could not be drawn as an image."));
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await loaded;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("This browser cannot draw the chart as an image.");
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width, height);
  context.drawImage(image, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The chart could not be saved as PNG.");
  downloadBlob(blob, `${fileName}.png`);
}
