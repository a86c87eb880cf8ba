import "server-only";
import type { SessionUser } from "../auth/roles";
import { env } from "../env";
import { aggregateInvasiveDiseaseRecords, countPathologicResponses } from "./early-disease-records";
import type { DashboardFilters, EarlyOrigin } from "./filters";
import { presentPathologicResponse, type PcrView } from "./present-early-disease";
import { analyseSurvival, thinCurvesForChart, type ForChart, type SurvivalAnalysis } from "./survival-analysis";

export type EarlyDiseaseAnalyses = {
  smallCellThreshold: number;
  origin: EarlyOrigin;
  pcr: PcrView;
  idfs: SurvivalAnalysis;
  drfs: SurvivalAnalysis;
};

/** What the page draws: the curves thinned to the screen (issue 17 §7); the CSV route keeps every step. */
export type EarlyDiseaseView = Omit<EarlyDiseaseAnalyses, "idfs" | "drfs"> & { idfs: ForChart<SurvivalAnalysis>; drfs: ForChart<SurvivalAnalysis> };

/** τ of the early view's restricted mean: 5 years unless the user chose one. */
const EARLY_TAU_MONTHS = 60;

/**
 * The Outcomes tab's early-disease view (issue 14 §2): pCR by cohort, and iDFS and DRFS as
 * Kaplan-Meier with the same apparatus as OS (risk table, medians, log-rank, Cox, RMST); the three
 * aggregate queries run in parallel and only their aggregates leave the database.
 */
export async function loadEarlyDiseaseAnalyses(user: SessionUser, filters: DashboardFilters): Promise<EarlyDiseaseAnalyses> {
  const threshold = env.SMALL_CELL_THRESHOLD;
  const [pcrCounts, idfs, drfs] = await Promise.all([
    countPathologicResponses(user, filters),
    aggregateInvasiveDiseaseRecords(user, filters, "idfs"),
    aggregateInvasiveDiseaseRecords(user, filters, "drfs"),
  ]);
  const options = { reference: filters.reference, smallCellThreshold: threshold, tauMonths: filters.tauMonths ?? EARLY_TAU_MONTHS };
  return {
    smallCellThreshold: threshold,
    origin: filters.origin,
    pcr: presentPathologicResponse(pcrCounts, filters.scheme, threshold),
    idfs: analyseSurvival(idfs.records, { ...options, excluded: idfs.excluded }),
    drfs: analyseSurvival(drfs.records, { ...options, excluded: drfs.excluded }),
  };
}

export async function loadEarlyDisease(user: SessionUser, filters: DashboardFilters): Promise<EarlyDiseaseView> {
  const analyses = await loadEarlyDiseaseAnalyses(user, filters);
  return { ...analyses, idfs: thinCurvesForChart(analyses.idfs, filters.bands), drfs: thinCurvesForChart(analyses.drfs, filters.bands) };
}
