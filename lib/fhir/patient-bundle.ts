/**
 * One patient as an mCODE STU4 patient bundle (FHIR R4 Bundle, type collection): the cancer
 * patient (study ID, no name), the primary breast cancer and, when metastatic, a secondary
 * cancer condition; TNM categories and stage group at diagnosis (clinical, or pathological when
 * surgery came first) and ypT/ypN after neoadjuvant therapy; tumour markers (HER2 IHC, ISH
 * ratio and copies, HER2 interpretation with HER2-low/-ultralow, ER, PR, Ki-67) with their
 * specimens; the breast surgery; one cancer-related medication administration per drug of each
 * treatment line; disease status at each progression and at each local or regional recurrence;
 * a further primary cancer condition for a contralateral or second primary invasive cancer.
 *
 * Dates (docs/interoperability.md): the app stores the diagnosis year and days since diagnosis,
 * never a date. Every FHIR date here is a SYNTHETIC date: 1 July of the diagnosis year plus the
 * day offset, so intervals are exact but no date is real; each dated resource also carries the
 * offset itself in the extension days-since-diagnosis, and the bundle is tagged synthetic-dates.
 * Pure (ids come from a hash of the patient id and the row, so an export is reproducible).
 */
import { createHash } from "node:crypto";
import type { Bundle, BundleEntry, CodeableConcept, Coding, Condition, Extension, MedicationAdministration, Observation, Patient, Procedure, Reference, Resource, Specimen } from "@medplum/fhirtypes";
import {
  AGENT_LABELS_FOR_FHIR,
  BEST_RESPONSE_LABELS,
  HER2_ASSAY_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MEASURABILITY_LABELS,
  RECURRENCE_KIND_LABELS,
  REGIMEN_CLASS_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  SURGERY_TYPE_LABELS,
  TREATMENT_SETTING_LABELS,
} from "./labels";
import { HER2_CATEGORY_LABELS, IHC_SCORE_LABELS } from "../her2/classify";
import {
  CONDITION_CATEGORY,
  CONDITION_CLINICAL,
  CONDITION_VERIFICATION,
  DATA_ABSENT_REASON,
  DISEASE_STATUS_CODE,
  INFILTRATING_DUCT_CARCINOMA,
  INTENT,
  LOCAL_EXTENSIONS,
  LOCAL_SYSTEMS,
  MALIGNANT_NEOPLASM,
  MARKER_CODES,
  MCODE_EXTENSIONS,
  NEGATIVE,
  OBSERVATION_CATEGORY,
  POSITIVE,
  PRIMARY_BREAST_CANCER,
  PROFILES,
  SECONDARY_UNSPECIFIED,
  STATUS_TREND,
  SURGERY_CODES,
  TNM_CODES,
  TNM_PATHOLOGY_CODES,
  UCUM,
  V2_SPECIMEN_TYPE,
  ajccCategory,
  ajccEditionOf,
  ajccStageGroup,
  coding,
  concept,
  her2InterpretationOf,
  type AjccPrefix,
  ihcAnswer,
  trendOfResponse,
} from "./terminology";

/** What the bundle is built from: the stored rows (the Prisma rows fit; extra columns are ignored). */
export type FhirCase = {
  patient: {
    id: number;
    studyId: string;
    siteCode: string;
    diagnosisYear: number;
    ageAtDiagnosis: number;
    sex: string;
    histologicType: string | null;
    tCategory: string | null;
    nCategory: string | null;
    mCategory: string | null;
    stageGroup: string | null;
    erPercent: number | null;
    prPercent: number | null;
    ki67Percent: number | null;
    diseaseSetting: string;
    daysToMetastasis: number | null;
    vitalStatus: string;
    daysToDeath: number | null;
    daysToLastContact: number;
    cohortLatest: string | null;
    stagingBasis: string | null;
    ypTCategory: string | null;
    ypNCategory: string | null;
    surgeryType: string | null;
    daysToSurgery: number | null;
  };
  tests: { id: number; specimen: string; specimenSite: string | null; daysSinceDiagnosis: number; assay: string; ihcScore: string | null; ishRatio: number | null; ishCopies: number | null; category: string }[];
  lines: {
    id: number;
    setting: string;
    lineNumber: number;
    regimenClass: string;
    agents: readonly string[];
    startDay: number;
    endDay: number | null;
    bestResponse: string | null;
    measurability: string | null;
    responseConfirmation: string | null;
    progressionDay: number | null;
  }[];
  /** The stored recurrence event rows; the DISTANT one is the secondary condition (days to metastasis) and is not repeated. */
  recurrences: { id: number; kind: string; day: number }[];
};

const MS_PER_DAY = 86_400_000;

/** The synthetic date of day `days` since diagnosis: 1 July of the diagnosis year + days. */
export function syntheticDate(diagnosisYear: number, days: number): string {
  return new Date(Date.UTC(diagnosisYear, 6, 1) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A stable UUID (name-based, SHA-1, RFC 4122 version 5 layout) for one row of one patient. */
export function resourceUuid(patientId: number, key: string): string {
  const hex = createHash("sha1").update(`her2-dashboard/${patientId}/${key}`).digest("hex");
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const labelOf = (labels: Readonly<Record<string, string>>, code: string) => labels[code] ?? code;
const dayExtension = (days: number): Extension => ({ url: LOCAL_EXTENSIONS.daysSinceDiagnosis, valueInteger: days });
const laboratory: CodeableConcept[] = [concept([coding(OBSERVATION_CATEGORY, "laboratory", "Laboratory")])];
const exam: CodeableConcept[] = [concept([coding(OBSERVATION_CATEGORY, "exam", "Exam")])];

export function buildPatientBundle(item: FhirCase, exportedAt: Date): Bundle {
  const { patient } = item;
  const entries: Resource[] = [];
  const uuid = (key: string) => resourceUuid(patient.id, key);
  const ref = <T extends Resource = Resource>(key: string): Reference<T> => ({ reference: `urn:uuid:${uuid(key)}` });
  const dated = (days: number) => ({ effectiveDateTime: syntheticDate(patient.diagnosisYear, days), extension: [dayExtension(days)] });
  const patientRef = ref<Patient>("patient");
  const primaryRef = ref<Condition>("condition/primary");
  const metastatic = patient.diseaseSetting !== "EARLY" && patient.daysToMetastasis !== null;

  const patientResource: Patient = {
    resourceType: "Patient",
    id: uuid("patient"),
    meta: { profile: [PROFILES.patient] },
    extension: [
      { url: LOCAL_EXTENSIONS.diagnosisYear, valueInteger: patient.diagnosisYear },
      // Whole years; 90 means 90 or older (HIPAA Safe Harbor), as the app stores it.
      { url: LOCAL_EXTENSIONS.ageAtDiagnosis, valueInteger: patient.ageAtDiagnosis },
      { url: LOCAL_EXTENSIONS.site, valueString: patient.siteCode },
      // The censoring day of survival analyses, as a day (a synthetic date would add nothing).
      { url: LOCAL_EXTENSIONS.daysToLastContact, valueInteger: patient.daysToLastContact },
    ],
    identifier: [{ system: LOCAL_SYSTEMS.studyId, value: patient.studyId }],
    // US Core requires a name; the study collects none, so it is "masked" (data-absent-reason).
    name: [{ extension: [{ url: DATA_ABSENT_REASON, valueCode: "masked" }] }],
    gender: patient.sex === "MALE" ? "male" : "female",
    ...(patient.vitalStatus === "DEAD" && patient.daysToDeath !== null
      ? { deceasedDateTime: syntheticDate(patient.diagnosisYear, patient.daysToDeath), _deceasedDateTime: { extension: [dayExtension(patient.daysToDeath)] } }
      : { deceasedBoolean: false }),
  };
  entries.push(patientResource);

  const histology: Extension[] = patient.histologicType
    ? [{ url: MCODE_EXTENSIONS.histologyMorphologyBehavior, valueCodeableConcept: patient.histologicType === "NST" ? concept([INFILTRATING_DUCT_CARCINOMA], labelOf(HISTOLOGIC_TYPE_LABELS, "NST")) : { text: labelOf(HISTOLOGIC_TYPE_LABELS, patient.histologicType) } }]
    : [];
  const stageGroup = patient.stageGroup ? ajccStageGroup(patient.stageGroup) : null;
  const primary: Condition = {
    resourceType: "Condition",
    id: uuid("condition/primary"),
    meta: { profile: [PROFILES.primaryCondition] },
    extension: [...histology, dayExtension(0)],
    // Metastatic breast cancer stays active; for early disease the app does not record remission, so no clinical status is claimed.
    ...(metastatic ? { clinicalStatus: concept([coding(CONDITION_CLINICAL, "active", "Active")]) } : {}),
    verificationStatus: concept([coding(CONDITION_VERIFICATION, "confirmed", "Confirmed")]),
    category: [concept([coding(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")])],
    code: concept([patient.sex === "MALE" ? PRIMARY_BREAST_CANCER.MALE : PRIMARY_BREAST_CANCER.FEMALE], "Breast cancer"),
    subject: patientRef,
    onsetDateTime: syntheticDate(patient.diagnosisYear, 0),
    ...(stageGroup ? { stage: [{ summary: concept([stageGroup]), assessment: [ref("stage/group")], type: concept([patient.stagingBasis === "PATHOLOGICAL" ? TNM_PATHOLOGY_CODES.stage : TNM_CODES.stage]) }] } : {}),
  };
  entries.push(primary);

  if (metastatic && patient.daysToMetastasis !== null) {
    const sites = [...new Set(item.tests.filter((test) => test.specimen === "METASTATIC" && test.specimenSite).map((test) => test.specimenSite as string))];
    const secondary: Condition = {
      resourceType: "Condition",
      id: uuid("condition/secondary"),
      meta: { profile: [PROFILES.secondaryCondition] },
      extension: [{ url: MCODE_EXTENSIONS.conditionRelated, valueReference: primaryRef }, dayExtension(patient.daysToMetastasis)],
      clinicalStatus: concept([coding(CONDITION_CLINICAL, "active", "Active")]),
      verificationStatus: concept([coding(CONDITION_VERIFICATION, "confirmed", "Confirmed")]),
      category: [concept([coding(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")])],
      code: concept([SECONDARY_UNSPECIFIED], patient.diseaseSetting === "DE_NOVO_METASTATIC" ? "Distant metastases at diagnosis (de novo metastatic)" : "Distant recurrence"),
      // The sites the app knows are those of metastatic biopsies (text: the app records no coded site of every metastasis).
      ...(sites.length > 0 ? { bodySite: sites.map((site) => ({ text: labelOf(SPECIMEN_SITE_LABELS, site) })) } : {}),
      subject: patientRef,
      onsetDateTime: syntheticDate(patient.diagnosisYear, patient.daysToMetastasis),
    };
    entries.push(secondary);
  }

  // TNM at diagnosis: T and N are clinical (cT/cN) unless the staging basis says they are
  // pathological at primary surgery (pT/pN, LOINC's pathology codes); so is the stage group then.
  // M stays clinical: AJCC's pathological stage uses cM unless a metastasis was proven in tissue,
  // which the app does not record. Pathological categories are read on the surgical specimen, so
  // they (and the stage group built on them) are dated the day of surgery when it is known.
  const method = ajccEditionOf(patient.diagnosisYear);
  const pathological = patient.stagingBasis === "PATHOLOGICAL";
  const stagingDay = pathological && patient.daysToSurgery !== null ? patient.daysToSurgery : 0;
  const tnm: [string, Coding, string | null, string, AjccPrefix][] = [
    ["stage/t", pathological ? TNM_PATHOLOGY_CODES.t : TNM_CODES.t, patient.tCategory, PROFILES.tnmPrimaryTumor, pathological ? "p" : "c"],
    ["stage/n", pathological ? TNM_PATHOLOGY_CODES.n : TNM_CODES.n, patient.nCategory, PROFILES.tnmRegionalNodes, pathological ? "p" : "c"],
    ["stage/m", TNM_CODES.m, patient.mCategory, PROFILES.tnmDistantMetastases, "c"],
  ];
  const members: Reference<Observation>[] = [];
  const category = (key: string, code: Coding, value: string, profile: string, prefix: AjccPrefix, day: number | null): Observation => ({
    resourceType: "Observation",
    id: uuid(key),
    meta: { profile: [profile] },
    status: "final",
    category: exam,
    code: concept([code]),
    subject: patientRef,
    focus: [primaryRef],
    ...(day === null ? {} : dated(day)),
    valueCodeableConcept: concept([ajccCategory(value, prefix)]),
    method,
  });
  for (const [key, code, value, profile, prefix] of tnm) {
    if (!value) continue;
    members.push(ref<Observation>(key));
    entries.push(category(key, code, value, profile, prefix, prefix === "p" ? stagingDay : 0));
  }
  // After neoadjuvant therapy: ypT and ypN, read on the surgical specimen (dated the day of surgery;
  // the case rules require it, an older row without it is sent undated rather than misdated).
  if (patient.ypTCategory) entries.push(category("stage/yp-t", TNM_PATHOLOGY_CODES.t, patient.ypTCategory, PROFILES.tnmPrimaryTumor, "yp", patient.daysToSurgery));
  if (patient.ypNCategory) entries.push(category("stage/yp-n", TNM_PATHOLOGY_CODES.n, patient.ypNCategory, PROFILES.tnmRegionalNodes, "yp", patient.daysToSurgery));
  if (stageGroup) {
    entries.push({
      resourceType: "Observation",
      id: uuid("stage/group"),
      meta: { profile: [PROFILES.tnmStageGroup] },
      status: "final",
      category: exam,
      code: concept([pathological ? TNM_PATHOLOGY_CODES.stage : TNM_CODES.stage]),
      subject: patientRef,
      focus: [primaryRef],
      ...dated(stagingDay),
      valueCodeableConcept: concept([stageGroup]),
      method,
      ...(members.length > 0 ? { hasMember: members } : {}),
    } satisfies Observation);
  }

  // The definitive breast surgery (no Procedure for "no surgery", nor without its day: a completed
  // procedure has a performed date in US Core).
  const surgeryCode = patient.surgeryType ? SURGERY_CODES[patient.surgeryType] : undefined;
  if (patient.surgeryType && surgeryCode && patient.daysToSurgery !== null) {
    const label = labelOf(SURGERY_TYPE_LABELS, patient.surgeryType);
    entries.push({
      resourceType: "Procedure",
      id: uuid("surgery"),
      meta: { profile: [PROFILES.surgicalProcedure] },
      extension: [dayExtension(patient.daysToSurgery)],
      status: "completed",
      code: concept([surgeryCode, coding(LOCAL_SYSTEMS.surgeryType, patient.surgeryType, label)], label),
      subject: patientRef,
      performedDateTime: syntheticDate(patient.diagnosisYear, patient.daysToSurgery),
      reasonReference: [primaryRef],
    } satisfies Procedure);
  }

  // Invasive disease events after an early diagnosis (STEEP 2.0). A local or regional recurrence is
  // the same cancer coming back: a disease status (worsened) of the primary cancer on its day, not
  // a secondary cancer condition, which mCODE keeps for metastatic spread (a consumer counting
  // distant recurrences from it, as DRFS does, would count it wrongly). A contralateral invasive
  // breast cancer and a second primary cancer are new primary cancers. The distant recurrence is
  // the secondary condition above (the patient's day of metastasis).
  for (const event of item.recurrences) {
    const key = `recurrence/${event.id}`;
    const label = labelOf(RECURRENCE_KIND_LABELS, event.kind);
    const kindCoding = coding(LOCAL_SYSTEMS.recurrenceKind, event.kind, label);
    if (event.kind === "LOCAL" || event.kind === "REGIONAL") {
      entries.push({
        resourceType: "Observation",
        id: uuid(key),
        meta: { profile: [PROFILES.diseaseStatus] },
        status: "final",
        code: concept([DISEASE_STATUS_CODE]),
        subject: patientRef,
        focus: [primaryRef],
        ...dated(event.day),
        valueCodeableConcept: concept([STATUS_TREND.worsened, kindCoding], label),
      } satisfies Observation);
    } else if (event.kind === "CONTRALATERAL_INVASIVE" || event.kind === "SECOND_PRIMARY_INVASIVE") {
      const breast = event.kind === "CONTRALATERAL_INVASIVE";
      entries.push({
        resourceType: "Condition",
        id: uuid(key),
        meta: { profile: [PROFILES.primaryCondition] },
        extension: [dayExtension(event.day)],
        verificationStatus: concept([coding(CONDITION_VERIFICATION, "confirmed", "Confirmed")]),
        category: [concept([coding(CONDITION_CATEGORY, "problem-list-item", "Problem List Item")])],
        code: concept([breast ? (patient.sex === "MALE" ? PRIMARY_BREAST_CANCER.MALE : PRIMARY_BREAST_CANCER.FEMALE) : MALIGNANT_NEOPLASM, kindCoding], label),
        subject: patientRef,
        onsetDateTime: syntheticDate(patient.diagnosisYear, event.day),
      } satisfies Condition);
    }
  }

  // Receptors at diagnosis: presence (positive from 1 %, ASCO/CAP) and the percentage.
  const marker = (key: string, code: ReturnType<typeof coding>, value: Pick<Observation, "valueCodeableConcept" | "valueQuantity">, extra: Partial<Observation> = {}): Observation => ({
    resourceType: "Observation",
    id: uuid(key),
    meta: { profile: [PROFILES.tumorMarker] },
    status: "final",
    category: laboratory,
    code: concept([code]),
    subject: patientRef,
    ...dated(0),
    ...value,
    ...extra,
  });
  const percent = (value: number) => ({ valueQuantity: { value, unit: "%", system: UCUM, code: "%" } });
  const related = (condition: Reference): Extension => ({ url: MCODE_EXTENSIONS.relatedCondition, valueReference: condition });
  for (const [name, presence, share, value] of [["er", MARKER_CODES.erPresence, MARKER_CODES.erPercent, patient.erPercent], ["pr", MARKER_CODES.prPresence, MARKER_CODES.prPercent, patient.prPercent]] as const) {
    if (value === null) continue;
    entries.push(marker(`marker/${name}/presence`, presence, { valueCodeableConcept: concept([value >= 1 ? POSITIVE : NEGATIVE]) }, { extension: [dayExtension(0), related(primaryRef)] }));
    entries.push(marker(`marker/${name}/percent`, share, percent(value), { extension: [dayExtension(0), related(primaryRef)] }));
  }
  if (patient.ki67Percent !== null) entries.push(marker("marker/ki67", MARKER_CODES.ki67, percent(patient.ki67Percent), { extension: [dayExtension(0), related(primaryRef)] }));

  // HER2 tests: the specimen, then IHC, ISH ratio and copies, and the interpretation (the app's category).
  for (const test of item.tests) {
    const base = `test/${test.id}`;
    const specimenRef = ref<Specimen>(`${base}/specimen`);
    const condition = test.specimen === "METASTATIC" && metastatic ? ref("condition/secondary") : primaryRef;
    const specimen: Specimen = {
      resourceType: "Specimen",
      id: uuid(`${base}/specimen`),
      meta: { profile: [PROFILES.specimen] },
      extension: [dayExtension(test.daysSinceDiagnosis)],
      type: concept([coding(V2_SPECIMEN_TYPE, "TISS", "Tissue"), coding(LOCAL_SYSTEMS.specimen, test.specimen, labelOf(SPECIMEN_LABELS, test.specimen))], labelOf(SPECIMEN_LABELS, test.specimen)),
      subject: patientRef,
      collection: {
        collectedDateTime: syntheticDate(patient.diagnosisYear, test.daysSinceDiagnosis),
        ...(test.specimenSite ? { bodySite: concept([coding(LOCAL_SYSTEMS.specimenSite, test.specimenSite, labelOf(SPECIMEN_SITE_LABELS, test.specimenSite))], labelOf(SPECIMEN_SITE_LABELS, test.specimenSite)) } : {}),
      },
    };
    entries.push(specimen);
    const testExtra = (extra: Partial<Observation> = {}): Partial<Observation> => ({ ...dated(test.daysSinceDiagnosis), extension: [dayExtension(test.daysSinceDiagnosis), related(condition)], specimen: specimenRef, ...extra });
    const assay = concept([coding(LOCAL_SYSTEMS.assay, test.assay, labelOf(HER2_ASSAY_LABELS, test.assay))], labelOf(HER2_ASSAY_LABELS, test.assay));
    const answer = test.ihcScore ? ihcAnswer(test.ihcScore) : null;
    if (test.ihcScore && answer) {
      entries.push(marker(`${base}/ihc`, MARKER_CODES.her2Ihc, { valueCodeableConcept: concept([answer, coding(LOCAL_SYSTEMS.ihcScore, test.ihcScore, labelOf(IHC_SCORE_LABELS, test.ihcScore))], labelOf(IHC_SCORE_LABELS, test.ihcScore)) }, testExtra({ method: assay })));
    }
    if (test.ishRatio !== null) entries.push(marker(`${base}/ish-ratio`, MARKER_CODES.her2IshRatio, { valueQuantity: { value: test.ishRatio, unit: "HER2/CEP17 ratio", system: UCUM, code: "{ratio}" } }, testExtra()));
    if (test.ishCopies !== null) entries.push(marker(`${base}/ish-copies`, MARKER_CODES.her2IshCopies, { valueQuantity: { value: test.ishCopies, unit: "HER2 copies per cell", system: UCUM, code: "{copies}/{cell}" } }, testExtra()));
    const members = [test.ihcScore && answer ? ref<Observation>(`${base}/ihc`) : null, test.ishRatio !== null ? ref<Observation>(`${base}/ish-ratio`) : null, test.ishCopies !== null ? ref<Observation>(`${base}/ish-copies`) : null].filter((member): member is Reference<Observation> => member !== null);
    entries.push(
      marker(
        `${base}/interpretation`,
        MARKER_CODES.her2Interpretation,
        { valueCodeableConcept: concept([her2InterpretationOf(test.category), coding(LOCAL_SYSTEMS.her2Category, test.category, labelOf(HER2_CATEGORY_LABELS, test.category))], labelOf(HER2_CATEGORY_LABELS, test.category)) },
        testExtra(members.length > 0 ? { derivedFrom: members } : {}),
      ),
    );
  }

  // Treatment: one administration per drug (mCODE's medication resources carry one medication each).
  for (const line of item.lines) {
    const lineExtension: Extension = {
      url: LOCAL_EXTENSIONS.treatmentLine,
      extension: [
        { url: "lineNumber", valueInteger: line.lineNumber },
        { url: "setting", valueCoding: coding(LOCAL_SYSTEMS.treatmentSetting, line.setting, labelOf(TREATMENT_SETTING_LABELS, line.setting)) },
        { url: "regimenClass", valueCoding: coding(LOCAL_SYSTEMS.regimenClass, line.regimenClass, labelOf(REGIMEN_CLASS_LABELS, line.regimenClass)) },
        ...(line.bestResponse ? [{ url: "bestResponse", valueCoding: coding(LOCAL_SYSTEMS.bestResponse, line.bestResponse, labelOf(BEST_RESPONSE_LABELS, line.bestResponse)) }] : []),
        // Whether the line's response is evaluable (RECIST 1.1 measurable disease) and whether a CR or PR was confirmed: no mCODE element holds either.
        ...(line.measurability ? [{ url: "measurability", valueCoding: coding(LOCAL_SYSTEMS.measurability, line.measurability, labelOf(MEASURABILITY_LABELS, line.measurability)) }] : []),
        ...(line.responseConfirmation ? [{ url: "responseConfirmation", valueCoding: coding(LOCAL_SYSTEMS.responseConfirmation, line.responseConfirmation, labelOf(RESPONSE_CONFIRMATION_LABELS, line.responseConfirmation)) }] : []),
      ],
    };
    const drugs = line.agents.length > 0 ? [...line.agents] : [null];
    drugs.forEach((agent, index) => {
      const key = `line/${line.id}/drug/${agent ?? index}`;
      const administration: MedicationAdministration = {
        resourceType: "MedicationAdministration",
        id: uuid(key),
        meta: { profile: [PROFILES.medicationAdministration] },
        extension: [
          lineExtension,
          { url: MCODE_EXTENSIONS.treatmentIntent, valueCodeableConcept: concept([line.setting === "METASTATIC" ? INTENT.palliative : INTENT.curative]) },
          dayExtension(line.startDay),
        ],
        status: line.endDay !== null ? "completed" : "in-progress",
        medicationCodeableConcept: agent
          ? concept([coding(LOCAL_SYSTEMS.agent, agent, labelOf(AGENT_LABELS_FOR_FHIR, agent))], labelOf(AGENT_LABELS_FOR_FHIR, agent))
          : { text: `${labelOf(REGIMEN_CLASS_LABELS, line.regimenClass)} (drugs not recorded)` },
        subject: patientRef,
        effectivePeriod: { start: syntheticDate(patient.diagnosisYear, line.startDay), ...(line.endDay !== null ? { end: syntheticDate(patient.diagnosisYear, line.endDay), _end: { extension: [dayExtension(line.endDay)] } } : {}) },
        reasonReference: [primaryRef],
      };
      entries.push(administration);
    });
    // Disease status: worse at progression; the best response of the line (its day is not recorded) is in the line extension.
    if (line.progressionDay !== null) {
      entries.push({
        resourceType: "Observation",
        id: uuid(`line/${line.id}/progression`),
        meta: { profile: [PROFILES.diseaseStatus] },
        status: "final",
        code: concept([DISEASE_STATUS_CODE]),
        subject: patientRef,
        focus: [metastatic ? ref("condition/secondary") : primaryRef],
        ...dated(line.progressionDay),
        valueCodeableConcept: concept([line.bestResponse === "PD" ? trendOfResponse("PD") : STATUS_TREND.worsened], `Progression on ${labelOf(TREATMENT_SETTING_LABELS, line.setting).toLowerCase()} line ${line.lineNumber}`),
      } satisfies Observation);
    }
  }

  const entry: BundleEntry[] = entries.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource }));
  return {
    resourceType: "Bundle",
    id: uuid("bundle"),
    meta: { profile: [PROFILES.bundle], tag: [{ system: LOCAL_EXTENSIONS.syntheticDates, code: "synthetic-dates", display: "Dates are 1 July of the diagnosis year + days since diagnosis, not real dates" }] },
    identifier: { system: LOCAL_SYSTEMS.studyId, value: patient.studyId },
    type: "collection",
    timestamp: exportedAt.toISOString(),
    entry,
  };
}
