import { Rectangle, type BarShapeProps } from "recharts";

/**
 * The bar shape of the rate charts with confidence intervals. Recharts leaves out bars of zero
 * length, and their error bars with them (Bar.js keeps them only for a custom shape): a rate of
 * 0 % (0 of 2 responded) lost its 95 % interval (0-84 %) and looked like a missing value. The
 * same rectangle as Recharts' own, drawn through a custom shape so that the interval stays.
 */
export function KeepZeroBar(props: BarShapeProps) {
  return <Rectangle {...props} />;
}
