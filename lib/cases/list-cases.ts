import "server-only";
import { getDb } from "../db/client";
import type { Prisma } from "../generated/prisma/client";
import type { SessionUser } from "../auth/roles";
import type { CohortRule } from "../her2/cohort";
import { assertNever } from "../her2/classify";
import { CASE_PAGE_SIZE, type CaseListQuery, type CaseSort, type MissingDataFilter } from "./list-cases-query";
import { patientScope } from "./patient-scope";

function cohortColumn(rule: CohortRule): "cohortLatest" | "cohortPrimary" | "cohortHighest" {
  switch (rule) {
    case "latest":
      return "cohortLatest";
    case "primary":
      return "cohortPrimary";
    case "highest":
      return "cohortHighest";
    default:
      return assertNever(rule);
  }
}

function missingDataWhere(missing: MissingDataFilter): Prisma.PatientWhereInput {
  switch (missing) {
    case "her2":
      return { evaluableTestCount: 0 };
    case "hr":
      return { hrStatus: null };
    case "stage":
      return { stageGroup: null };
    case "grade":
      return { grade: null };
    case "treatment":
      return { treatmentLines: { none: { deletedAt: null } } };
    default:
      return assertNever(missing);
  }
}

function orderBy(sort: CaseSort, dir: "asc" | "desc", rule: CohortRule): Prisma.PatientOrderByWithRelationInput[] {
  const tieBreak: Prisma.PatientOrderByWithRelationInput = { studyId: dir };
  switch (sort) {
    case "studyId":
      return [{ studyId: dir }];
    case "site":
      return [{ site: { code: dir } }, tieBreak];
    case "diagnosisYear":
      return [{ diagnosisYear: dir }, tieBreak];
    case "age":
      return [{ ageAtDiagnosis: dir }, tieBreak];
    case "cohort":
      return [{ [cohortColumn(rule)]: { sort: dir, nulls: "last" } }, tieBreak];
    case "updated":
      return [{ updatedAt: dir }, tieBreak];
    default:
      return assertNever(sort);
  }
}

/**
 * One page of the case list, searched, filtered and sorted in PostgreSQL within the user's
 * scope (a coordinator's own site). The cohort shown is the one under the selected rule.
 */
export async function listCases(user: SessionUser, query: CaseListQuery) {
  const db = await getDb();
  const column = cohortColumn(query.cohortRule);
  const filters: Prisma.PatientWhereInput[] = [patientScope(user)];
  if (query.q) filters.push({ studyId: { contains: query.q, mode: "insensitive" } });
  if (query.site !== undefined) filters.push({ siteId: query.site });
  if (query.year !== undefined) filters.push({ diagnosisYear: query.year });
  if (query.cohort !== undefined) filters.push({ [column]: query.cohort === "UNCLASSIFIED" ? null : query.cohort });
  if (query.missing !== undefined) filters.push(missingDataWhere(query.missing));
  const where: Prisma.PatientWhereInput = { AND: filters };

  const [total, patients] = await Promise.all([
    db.patient.count({ where }),
    db.patient.findMany({
      where,
      orderBy: orderBy(query.sort, query.dir, query.cohortRule),
      skip: (query.page - 1) * CASE_PAGE_SIZE,
      take: CASE_PAGE_SIZE,
      select: {
        id: true,
        studyId: true,
        diagnosisYear: true,
        ageAtDiagnosis: true,
        diseaseSetting: true,
        vitalStatus: true,
        hrStatus: true,
        cohortLatest: true,
        cohortPrimary: true,
        cohortHighest: true,
        evaluableTestCount: true,
        updatedAt: true,
        site: { select: { code: true } },
        _count: { select: { her2Tests: { where: { deletedAt: null } }, treatmentLines: { where: { deletedAt: null } } } },
      },
    }),
  ]);
  return {
    total,
    page: query.page,
    pageSize: CASE_PAGE_SIZE,
    pageCount: Math.max(1, Math.ceil(total / CASE_PAGE_SIZE)),
    rows: patients.map((patient) => ({
      id: patient.id,
      studyId: patient.studyId,
      siteCode: patient.site.code,
      diagnosisYear: patient.diagnosisYear,
      ageAtDiagnosis: patient.ageAtDiagnosis,
      diseaseSetting: patient.diseaseSetting,
      vitalStatus: patient.vitalStatus,
      hrStatus: patient.hrStatus,
      cohort: patient[column],
      testCount: patient._count.her2Tests,
      lineCount: patient._count.treatmentLines,
      updatedAt: patient.updatedAt.toISOString(),
    })),
  };
}

export type CaseListPage = Awaited<ReturnType<typeof listCases>>;
export type CaseListRow = CaseListPage["rows"][number];
