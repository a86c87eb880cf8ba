/** Sites of the synthetic demo cohort. One of them reads faint staining as IHC 1+ more often, as
 * real multi-site data does (inter-observer agreement is poorest between IHC 0 and 1+). */
export type DemoSite = {
  code: string;
  name: string;
  /** Share of the study's patients. */
  weight: number;
  /** Probability that an IHC 0 reading is scored 1+ at this site. */
  ihcOneBias: number;
  /** Share of tests run with HercepTest rather than VENTANA 4B5. */
  hercepTestShare: number;
};

export const DEMO_SITES: readonly DemoSite[] = [
  { code: "01", name: "Northfield University Hospital", weight: 0.34, ihcOneBias: 0, hercepTestShare: 0.08 },
  { code: "02", name: "St Brigid's Cancer Centre", weight: 0.26, ihcOneBias: 0, hercepTestShare: 0.05 },
  { code: "03", name: "Harbourside Oncology Institute", weight: 0.24, ihcOneBias: 0.3, hercepTestShare: 0.5 },
  { code: "04", name: "Eastgate Regional Breast Unit", weight: 0.16, ihcOneBias: 0, hercepTestShare: 0.1 },
];

/** More sites for very large synthetic cohorts (study IDs hold at most 99,999 patients a site). */
export function buildDemoSites(count: number): DemoSite[] {
  if (count <= DEMO_SITES.length) return DEMO_SITES.slice(0, Math.max(1, count));
  const sites = [...DEMO_SITES];
  for (let index = DEMO_SITES.length; index < count; index += 1) {
    sites.push({
      code: String(index + 1).padStart(2, "0"),
      name: `Regional Breast Centre ${index + 1}`,
      weight: 0.2,
      ihcOneBias: index % 7 === 3 ? 0.25 : 0,
      hercepTestShare: 0.1,
    });
  }
  return sites;
}
