// Valid case payloads with every field filled, and the kind of each field, for the bad-input
// suite to corrupt (tests/integration/bad-input.test.ts).
import fc from "fast-check";
import { REASON_MAX_LENGTH } from "../../../lib/cases/schemas";
import { corruptionsOf, type Corruption, type FieldSpec, type Path, type Payload } from "./corruptions";

const PATIENT_FIELDS: readonly FieldSpec[] = [
  { path: ["studyId"], kind: "formatted", required: true },
  { path: ["diagnosisYear"], kind: "number", required: true },
  { path: ["ageAtDiagnosis"], kind: "number", required: true },
  { path: ["sex"], kind: "code", required: false },
  { path: ["menopausalStatus"], kind: "code", required: false },
  { path: ["histologicType"], kind: "code", required: false },
  { path: ["grade"], kind: "number", required: false },
  { path: ["tumourSizeMm"], kind: "number", required: false },
  { path: ["tCategory"], kind: "code", required: false },
  { path: ["nCategory"], kind: "code", required: false },
  { path: ["mCategory"], kind: "code", required: false },
  { path: ["stageGroup"], kind: "code", required: false },
  { path: ["erPercent"], kind: "number", required: false },
  { path: ["prPercent"], kind: "number", required: false },
  { path: ["ki67Percent"], kind: "number", required: false },
  { path: ["germlineBrca"], kind: "code", required: false },
  { path: ["diseaseSetting"], kind: "code", required: true },
  { path: ["daysToMetastasis"], kind: "day", required: false },
  { path: ["vitalStatus"], kind: "code", required: true },
  { path: ["daysToDeath"], kind: "day", required: false },
  { path: ["daysToLastContact"], kind: "day", required: true },
  { path: ["siteId"], kind: "number", required: false },
];

const TEST_FIELDS: readonly FieldSpec[] = [
  { path: ["specimen"], kind: "code", required: true },
  { path: ["specimenSite"], kind: "code", required: false },
  { path: ["daysSinceDiagnosis"], kind: "day", required: true },
  { path: ["assay"], kind: "code", required: true },
  { path: ["ihcScore"], kind: "code", required: true },
  { path: ["ishRatio"], kind: "number", required: false },
  { path: ["ishCopies"], kind: "number", required: false },
];

const LINE_FIELDS: readonly FieldSpec[] = [
  { path: ["setting"], kind: "code", required: true },
  { path: ["lineNumber"], kind: "number", required: true },
  { path: ["regimenClass"], kind: "code", required: true },
  { path: ["agents"], kind: "codes", required: false },
  { path: ["startDay"], kind: "day", required: true },
  { path: ["endDay"], kind: "day", required: false },
  { path: ["bestResponse"], kind: "code", required: false },
  { path: ["progressionDay"], kind: "day", required: false },
];

const ROW_IDENTITY: readonly FieldSpec[] = [
  { path: ["id"], kind: "number", required: false },
  { path: ["version"], kind: "number", required: false },
];

const under = (prefix: Path, specs: readonly FieldSpec[]): FieldSpec[] => specs.map((spec) => ({ ...spec, path: [...prefix, ...spec.path] }));

/** Every patient field filled (ISH pair, metastasis, death), so each can be corrupted. */
export function fullPatient(studyId: string): Payload {
  return {
    studyId,
    diagnosisYear: 2019,
    ageAtDiagnosis: 61,
    sex: "FEMALE",
    menopausalStatus: "POSTMENOPAUSAL",
    histologicType: "NST",
    grade: 2,
    tumourSizeMm: 24,
    tCategory: "T2",
    nCategory: "N1",
    mCategory: "M0",
    stageGroup: "STAGE_II",
    erPercent: 90,
    prPercent: 40,
    ki67Percent: 15,
    germlineBrca: "NEGATIVE",
    diseaseSetting: "RECURRENT_METASTATIC",
    daysToMetastasis: 700,
    vitalStatus: "DEAD",
    daysToDeath: 1500,
    daysToLastContact: 1400,
  };
}

export const fullTest = (): Payload => ({
  specimen: "PRIMARY_BIOPSY",
  specimenSite: "BREAST",
  daysSinceDiagnosis: 0,
  assay: "VENTANA_4B5",
  ihcScore: "IHC_2",
  ishRatio: 1.4,
  ishCopies: 2.9,
});

export const fullLine = (): Payload => ({
  setting: "METASTATIC",
  lineNumber: 1,
  regimenClass: "T_DXD",
  agents: ["TRASTUZUMAB_DERUXTECAN"],
  startDay: 720,
  endDay: 1100,
  bestResponse: "PR",
  progressionDay: 1050,
});

export function caseCreatePayload(studyId: string, siteId?: number): Payload {
  return { patient: { ...fullPatient(studyId), ...(siteId === undefined ? {} : { siteId }) }, tests: [fullTest()], lines: [fullLine()] };
}

export const caseCreateCorruptions: fc.Arbitrary<Corruption> = corruptionsOf(
  [...under(["patient"], PATIENT_FIELDS), ...under(["tests", 0], TEST_FIELDS), ...under(["lines", 0], LINE_FIELDS), { path: ["patient"], kind: "code", required: true }],
  [[], ["patient"], ["tests", 0], ["lines", 0]],
);

export const caseUpdateCorruptions: fc.Arbitrary<Corruption> = fc.oneof(
  corruptionsOf(
    [
      ...under(["patient"], [...PATIENT_FIELDS, { path: ["version"], kind: "number", required: true }]),
      ...under(["tests", 0], [...TEST_FIELDS, ...ROW_IDENTITY]),
      ...under(["lines", 0], [...LINE_FIELDS, ...ROW_IDENTITY]),
      { path: ["reason"], kind: "text", required: true, maxLength: REASON_MAX_LENGTH },
      { path: ["deletedTests"], kind: "codes", required: false },
      { path: ["deletedLines"], kind: "codes", required: false },
      { path: ["patient"], kind: "code", required: true },
    ],
    [[], ["patient"], ["tests", 0], ["lines", 0]],
  ),
  // A stale form: someone saved the case since it was opened.
  fc.integer({ min: 1, max: 1_000 }).map((ahead): Corruption => ({
    describe: `patient.version + ${ahead}`,
    apply: (payload) => {
      // After another corruption replaced the patient, there is no version left to make stale.
      const patient = payload.patient as Payload | undefined;
      if (typeof patient !== "object" || patient === null || typeof patient.version !== "number") return payload;
      return { ...payload, patient: { ...patient, version: patient.version + ahead } };
    },
  })),
);

export const caseDeleteCorruptions: fc.Arbitrary<Corruption> = corruptionsOf(
  [
    { path: ["version"], kind: "number", required: true },
    { path: ["reason"], kind: "text", required: true, maxLength: REASON_MAX_LENGTH },
  ],
  [[]],
);

/** Case ids as a URL segment or an action argument: not numbers, not positive, out of range, or not the caller's. */
export const badCaseId = fc.oneof(
  fc.constantFrom("abc", "", "-1", "0", "1.5", "NaN", "Infinity", "1e400", "2147483648", "99999999999", "9007199254740993", "1;DROP TABLE patients", "%00", "١٢"),
  fc.integer({ min: -1_000_000, max: 0 }).map(String),
  fc.string({ maxLength: 12 }),
).filter((text) => {
  // Left out: anything that reads as an existing row's id ("0x10", " 7", "1e1" all coerce).
  const id = Number(text);
  return !(Number.isSafeInteger(id) && id > 0 && id < 2 ** 31);
});
