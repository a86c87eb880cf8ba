/**
 * CDISC ODM 1.3.2 Snapshot, written as text pieces so that the export can stream one subject at
 * a time: the header and MetaDataVersion (from the app's field catalogue: every field, its
 * data type, range and code list), AdminData (users and sites), one SubjectData per patient,
 * and AuditRecords from the audit trail. Element order follows the ODM 1.3.2 schema
 * (ODM1-3-2-foundation.xsd). Pure.
 */
import { CATALOGUE_FILES, catalogueFields, type CatalogueField, type CatalogueFile } from "../interop/field-catalogue";

export const ODM_NAMESPACE = "http://www.cdisc.org/ns/odm/v1.3";
export const STUDY_OID = "ST.HER2";
export const MDV_OID = "MDV.1";
export const EVENT_OID = "SE.REGISTRY";
export const FORM_OID = "F.CASE";

type ItemGroup = { oid: string; name: string; repeating: boolean; description: string };

const KNOWN_GROUPS: Partial<Record<CatalogueFile, ItemGroup>> = {
  patients: { oid: "IG.PATIENT", name: "Patient", repeating: false, description: "One per patient: characteristics at diagnosis, follow-up and the derived HER2 cohorts." },
  her2_tests: { oid: "IG.HER2_TEST", name: "HER2 test", repeating: true, description: "One per HER2 test (specimen); the repeat key is the test's id." },
  treatment_lines: { oid: "IG.TREATMENT_LINE", name: "Treatment line", repeating: true, description: "One per line of systemic therapy; the repeat key is the line's id." },
  recurrence_events: {
    oid: "IG.RECURRENCE_EVENT",
    name: "Recurrence event",
    repeating: true,
    description: "One per invasive disease event after an early diagnosis (local, regional, contralateral invasive, second primary invasive); the distant recurrence is the patient's days_to_metastasis. The repeat key is the event's id.",
  },
};

/** The item group of each import file; a file added later gets a repeating group named after it. */
export const ITEM_GROUPS = Object.fromEntries(
  CATALOGUE_FILES.map((file) => [file, KNOWN_GROUPS[file] ?? { oid: `IG.${file.toUpperCase()}`, name: file.replace(/_/g, " "), repeating: true, description: `One per row of ${file}.csv; the repeat key is the row's id.` }]),
) as Readonly<Record<CatalogueFile, ItemGroup>>;

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const attributes = (values: Record<string, string | number | undefined>) =>
  Object.entries(values)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");

const text = (value: string) => `<TranslatedText xml:lang="en">${escapeXml(value)}</TranslatedText>`;

const fieldsByFile = new Map<CatalogueFile, CatalogueField[]>();

/** The columns written to ODM: entered and derived values (database ids become repeat keys, study ID the subject key, the site a SiteRef). */
export function odmFields(file: CatalogueFile): CatalogueField[] {
  let fields = fieldsByFile.get(file);
  if (!fields) {
    fields = catalogueFields(file).filter((field) => field.role !== "key" && !/_id$/.test(field.column));
    fieldsByFile.set(file, fields);
  }
  return fields;
}

export const itemOid = (file: CatalogueFile, field: CatalogueField) => `IT.${ITEM_GROUPS[file].oid.slice(3)}.${field.column.toUpperCase()}`;
const codeListOid = (file: CatalogueFile, field: CatalogueField) => `CL.${ITEM_GROUPS[file].oid.slice(3)}.${field.column.toUpperCase()}`;

function dataTypeOf(field: CatalogueField): "integer" | "float" | "text" {
  return field.kind === "integer" ? "integer" : field.kind === "number" ? "float" : "text";
}

function itemDef(file: CatalogueFile, field: CatalogueField): string {
  const ranges: string[] = [];
  if (field.minimum !== undefined) ranges.push(`<RangeCheck Comparator="GE" SoftHard="Hard"><CheckValue>${field.minimum}</CheckValue></RangeCheck>`);
  if (field.maximum !== undefined) ranges.push(`<RangeCheck Comparator="LE" SoftHard="Hard"><CheckValue>${field.maximum}</CheckValue></RangeCheck>`);
  const description = `${field.description}${field.kind === "codes" ? ` Several codes are joined with ";" (codes: ${(field.codes ?? []).join(", ")}).` : ""}`;
  return [
    `<ItemDef${attributes({ OID: itemOid(file, field), Name: field.column, DataType: dataTypeOf(field), Origin: field.role === "export-only" ? "Derived" : "CRF" })}>`,
    `<Description>${text(description || field.label)}</Description>`,
    `<Question>${text(field.label)}</Question>`,
    ...ranges,
    field.kind === "code" && field.codes ? `<CodeListRef CodeListOID="${codeListOid(file, field)}"/>` : "",
    "</ItemDef>",
  ].join("");
}

function codeList(file: CatalogueFile, field: CatalogueField): string {
  const items = (field.codes ?? []).map((code, index) => `<CodeListItem${attributes({ CodedValue: code, OrderNumber: index + 1 })}><Decode>${text(field.codeLabels?.[code] ?? code)}</Decode></CodeListItem>`);
  return `<CodeList${attributes({ OID: codeListOid(file, field), Name: field.column, DataType: "text" })}>${items.join("")}</CodeList>`;
}

export type OdmHeader = { fileOid: string; createdAt: Date; description: string; studyName: string };

/** From the XML declaration to the end of Study (global variables and the metadata). */
export function odmHead(header: OdmHeader): string {
  const groups = CATALOGUE_FILES.map((file) => {
    const group = ITEM_GROUPS[file];
    const refs = odmFields(file).map((field, index) => `<ItemRef${attributes({ ItemOID: itemOid(file, field), OrderNumber: index + 1, Mandatory: field.required ? "Yes" : "No" })}/>`);
    return `<ItemGroupDef${attributes({ OID: group.oid, Name: group.name, Repeating: group.repeating ? "Yes" : "No" })}><Description>${text(group.description)}</Description>${refs.join("")}</ItemGroupDef>`;
  });
  const items = CATALOGUE_FILES.flatMap((file) => odmFields(file).map((field) => itemDef(file, field)));
  const codeLists = CATALOGUE_FILES.flatMap((file) => odmFields(file).filter((field) => field.kind === "code" && field.codes).map((field) => codeList(file, field)));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<ODM${attributes({ xmlns: ODM_NAMESPACE, Description: header.description, FileType: "Snapshot", FileOID: header.fileOid, CreationDateTime: header.createdAt.toISOString(), ODMVersion: "1.3.2", Originator: "HER2 cohort dashboard", SourceSystem: "HER2 cohort dashboard" })}>\n`,
    `<Study OID="${STUDY_OID}"><GlobalVariables><StudyName>${escapeXml(header.studyName)}</StudyName><StudyDescription>De-identified HER2 breast cancer cohort: the diagnosis year and whole days since diagnosis, no calendar dates.</StudyDescription><ProtocolName>${escapeXml(header.studyName)}</ProtocolName></GlobalVariables>\n`,
    `<MetaDataVersion OID="${MDV_OID}" Name="HER2 cohort data model" Description="The app's case fields (lib/cases/schemas.ts) and derived values">`,
    `<Protocol><StudyEventRef StudyEventOID="${EVENT_OID}" OrderNumber="1" Mandatory="Yes"/></Protocol>`,
    `<StudyEventDef OID="${EVENT_OID}" Name="Registry" Repeating="No" Type="Common"><FormRef FormOID="${FORM_OID}" OrderNumber="1" Mandatory="Yes"/></StudyEventDef>`,
    `<FormDef OID="${FORM_OID}" Name="Case" Repeating="No">${CATALOGUE_FILES.map((file, index) => `<ItemGroupRef ItemGroupOID="${ITEM_GROUPS[file].oid}" OrderNumber="${index + 1}" Mandatory="${file === "patients" ? "Yes" : "No"}"/>`).join("")}</FormDef>\n`,
    ...groups.map((group) => `${group}\n`),
    ...items.map((item) => `${item}\n`),
    ...codeLists.map((list) => `${list}\n`),
    "</MetaDataVersion></Study>\n",
  ].join("");
}

export type OdmUser = { oid: string; loginName: string | null };
export type OdmLocation = { oid: string; name: string };

export const locationOid = (siteCode: string) => `LOC.${siteCode}`;
export const userOid = (userId: string | null) => (userId === null ? "USR.SYSTEM" : `USR.${userId}`);

export function odmAdminData(users: readonly OdmUser[], locations: readonly OdmLocation[], effectiveDate: string): string {
  const userXml = users.map((user) => `<User${attributes({ OID: user.oid, UserType: "Other" })}>${user.loginName ? `<LoginName>${escapeXml(user.loginName)}</LoginName>` : "<DisplayName>System (command line, seed or migration)</DisplayName>"}</User>`);
  const locationXml = locations.map((location) => `<Location${attributes({ OID: location.oid, Name: location.name, LocationType: "Site" })}><MetaDataVersionRef${attributes({ StudyOID: STUDY_OID, MetaDataVersionOID: MDV_OID, EffectiveDate: effectiveDate })}/></Location>`);
  return `<AdminData StudyOID="${STUDY_OID}">${userXml.join("")}${locationXml.join("")}</AdminData>\n`;
}

export const clinicalDataOpen = `<ClinicalData StudyOID="${STUDY_OID}" MetaDataVersionOID="${MDV_OID}">\n`;
export const clinicalDataClose = "</ClinicalData>\n</ODM>\n";

type Row = Record<string, unknown>;

function valueOf(row: Row, field: CatalogueField): string | null {
  const value = row[field.field] ?? row[toCamelCase(field.column)];
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.join(";");
  if (value instanceof Date) return null; // no calendar date is ever written
  return String(value);
}

export function toCamelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

function itemGroupData(file: CatalogueFile, row: Row, repeatKey: number | null): string {
  let items = "";
  for (const field of odmFields(file)) {
    const value = valueOf(row, field);
    if (value !== null) items += `<ItemData ItemOID="${itemOid(file, field)}" Value="${escapeXml(value)}"/>`;
  }
  return `<ItemGroupData${attributes({ ItemGroupOID: ITEM_GROUPS[file].oid, ItemGroupRepeatKey: repeatKey ?? undefined })}>${items}</ItemGroupData>`;
}

export type OdmSubject = {
  studyId: string;
  siteCode: string;
  patient: Row;
  tests: (Row & { id: number })[];
  lines: (Row & { id: number })[];
  /** The stored recurrence event rows; the DISTANT one is left out (it is days_to_metastasis, as the CSV files have it). */
  recurrences: (Row & { id: number; kind: string })[];
};

export function subjectData(subject: OdmSubject): string {
  return [
    `<SubjectData SubjectKey="${escapeXml(subject.studyId)}"><SiteRef LocationOID="${escapeXml(locationOid(subject.siteCode))}"/>`,
    `<StudyEventData StudyEventOID="${EVENT_OID}"><FormData FormOID="${FORM_OID}">`,
    itemGroupData("patients", subject.patient, null),
    ...subject.tests.map((test) => itemGroupData("her2_tests", test, test.id)),
    ...subject.lines.map((line) => itemGroupData("treatment_lines", line, line.id)),
    ...subject.recurrences.filter((event) => event.kind !== "DISTANT").map((event) => itemGroupData("recurrence_events", event, event.id)),
    "</FormData></StudyEventData></SubjectData>\n",
  ].join("");
}

export type OdmAuditRecord = { id: string; userId: string | null; siteCode: string; at: Date; reason: string; source: string };

const EDIT_POINT = "DataManagement";

export function auditRecord(record: OdmAuditRecord): string {
  return `<AuditRecord${attributes({ EditPoint: EDIT_POINT, ID: `AR.${record.id}` })}><UserRef UserOID="${escapeXml(userOid(record.userId))}"/><LocationRef LocationOID="${escapeXml(locationOid(record.siteCode))}"/><DateTimeStamp>${record.at.toISOString()}</DateTimeStamp><ReasonForChange>${escapeXml(record.reason)}</ReasonForChange><SourceID>${escapeXml(record.source)}</SourceID></AuditRecord>\n`;
}

