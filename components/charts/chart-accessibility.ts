/**
 * Props for a chart's SVG inside a ChartFrame (issue 16 §17): one image named by the frame's
 * heading and described by its description, and no tab stop. Recharts' default accessibility
 * layer makes the SVG role="application" with tabindex=0 and empty <title>/<desc>, so a screen
 * reader reads every axis number and every chart is a tab stop; the frame's data table is the
 * real alternative, one button away. ChartFrame passes these to its render-function child.
 */
export type ChartSvgProps = {
  accessibilityLayer: false;
  role: "img";
  title: string;
  "aria-labelledby": string;
  "aria-describedby": string;
};

export function chartSvgProps(title: string, titleId: string, descriptionId: string): ChartSvgProps {
  return { accessibilityLayer: false, role: "img", title, "aria-labelledby": titleId, "aria-describedby": descriptionId };
}
