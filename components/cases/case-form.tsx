"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { createCaseAction, deleteCaseAction, updateCaseAction } from "@/app/(app)/cases/actions";
import {
  BEST_RESPONSE_LABELS,
  DISEASE_SETTING_LABELS,
  GERMLINE_BRCA_LABELS,
  HER2_ASSAY_LABELS,
  MRNA_ASSAY_LABELS,
  MRNA_UNIT_LABELS,
  HISTOLOGIC_TYPE_LABELS,
  MENOPAUSAL_STATUS_LABELS,
  MEASURABILITY_LABELS,
  M_CATEGORY_LABELS,
  N_CATEGORY_LABELS,
  REGIMEN_CLASS_LABELS,
  RESPONSE_CONFIRMATION_LABELS,
  SEX_LABELS,
  SPECIMEN_LABELS,
  SPECIMEN_SITE_LABELS,
  STAGE_GROUP_LABELS,
  T_CATEGORY_LABELS,
  TREATMENT_SETTING_LABELS,
  VITAL_STATUS_LABELS,
  STAGING_BASIS_LABELS,
  SURGERY_TYPE_LABELS,
  RCB_CLASS_LABELS,
  RECURRENCE_KIND_LABELS,
  Agent,
  formatAgent,
} from "@/lib/cases/coded-values";
import {
  applyDates,
  buildCasePayload,
  emptyLineDraft,
  emptyRecurrenceDraft,
  emptyTestDraft,
  toPayloadValue,
  type CaseDraft,
  type DateEntries,
  type LineDraft,
  type RecurrenceDraft,
  type TestDraft,
} from "@/lib/cases/case-draft";
import { ENTERED_RECURRENCE_KINDS, derivePathologicCompleteResponse } from "@/lib/cases/early-disease";
import { NCategory, TCategory } from "@/lib/cases/coded-values";
import { deriveHormoneReceptorStatus } from "@/lib/cases/derive-patient";
import { messageWithRow } from "@/lib/cases/row-messages";
import { describeStudyIdFormat } from "@/lib/cases/study-id";
import { createCaseSchemas, REASON_MAX_LENGTH } from "@/lib/cases/schemas";
import type { RowConflict } from "@/lib/cases/row-conflicts";
import { IHC_SCORE_LABELS, ISH_GROUP_LABELS } from "@/lib/her2/classify";
import { READ_KIND_LABELS } from "@/lib/her2/cohort";
import { Her2ScoringInputSchema, classifyHer2ScoringInput } from "@/lib/her2/schemas";
import { CohortBadge } from "./cohort-badge";
import { ConflictNotice, choiceKey, type MergeChoices } from "./conflict-notice";
import { planMerge, resolveField, type RowMerge } from "@/lib/cases/merge-conflicts";
import { MultiSelectField, SelectField, TextField, fieldId, optionsOf } from "./form-fields";
import { useUnsavedChangesWarning } from "./use-unsaved-changes-warning";

export type CaseFormProps = {
  mode: "new" | "edit";
  caseId?: number;
  initial: CaseDraft;
  studyIdPattern: string;
  sites: { id: number; label: string }[];
  /** Administrators choose the site; a coordinator's is fixed. */
  chooseSite: boolean;
  readOnly: boolean;
  canDelete: boolean;
};

const AGENT_OPTIONS = Object.values(Agent).map((agent) => ({ value: agent, label: formatAgent(agent) }));
const IHC_OPTIONS = optionsOf(IHC_SCORE_LABELS);
const RECURRENCE_KIND_OPTIONS = ENTERED_RECURRENCE_KINDS.map((kind) => ({ value: kind, label: RECURRENCE_KIND_LABELS[kind] }));
const YP_T_OPTIONS = optionsOf(T_CATEGORY_LABELS).map((option) => ({ ...option, label: `yp${option.label}` }));
const YP_N_OPTIONS = optionsOf(N_CATEGORY_LABELS).map((option) => ({ ...option, label: `yp${option.label}` }));

/** The pCR the server will store, shown as the coordinator types ypT and ypN (lib/cases/early-disease.ts). */
function describePcr(ypT: string, ypN: string): string {
  const t = Object.values(TCategory).find((code) => code === ypT) ?? null;
  const n = Object.values(NCategory).find((code) => code === ypN) ?? null;
  const pcr = derivePathologicCompleteResponse(t, n);
  if (pcr === null) return "Unknown until ypT and ypN are entered";
  return pcr ? "pCR (ypT0/Tis ypN0)" : "No pCR (residual invasive disease)";
}

type ErrorMap = Record<string, string>;

function errorsOf(issues: readonly { path: PropertyKey[]; message: string }[]): ErrorMap {
  const errors: ErrorMap = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join(".") || "(form)";
    errors[path] ??= issue.message;
  }
  return errors;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function CaseForm({ mode, caseId, initial, studyIdPattern, sites, chooseSite, readOnly, canDelete }: CaseFormProps) {
  const router = useRouter();
  const schemas = useMemo(() => createCaseSchemas(studyIdPattern), [studyIdPattern]);
  const [draft, setDraft] = useState<CaseDraft>(initial);
  const [dateMode, setDateMode] = useState(false);
  const [diagnosisDate, setDiagnosisDate] = useState("");
  const [dates, setDates] = useState<DateEntries>({});
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [pending, setPending] = useState(false);
  const [serverErrors, setServerErrors] = useState<ErrorMap>({});
  const [message, setMessage] = useState<string | null>(null);
  const [mergedNotice, setMergedNotice] = useState(false);
  const [conflicts, setConflicts] = useState<RowMerge[] | null>(null);
  const deleteDialog = useRef<HTMLDialogElement>(null);
  const [deleteReason, setDeleteReason] = useState("");
  const [deleteError, setDeleteError] = useState<string | null>(null);

  // In date mode the days are computed from the dates typed; the dates never leave this component.
  const { draft: effective, problems: dateProblems } = useMemo(
    () => (dateMode ? applyDates(draft, diagnosisDate, dates) : { draft, problems: {} }),
    [dateMode, draft, diagnosisDate, dates],
  );
  const payload = useMemo(() => buildCasePayload(effective, { includeSite: chooseSite, reason }), [effective, chooseSite, reason]);
  const validation = useMemo(
    () => (mode === "new" ? schemas.CaseObjectSchema.safeParse(payload) : schemas.CaseUpdateObjectSchema.safeParse(payload)),
    [mode, schemas, payload],
  );
  const clientErrors = useMemo(() => (validation.success ? {} : errorsOf(validation.error.issues)), [validation]);
  const dirty = useMemo(() => JSON.stringify(effective) !== JSON.stringify(initial) || reason !== "" || Object.values(dates).some(Boolean), [effective, initial, reason, dates]);
  const { allowLeave } = useUnsavedChangesWarning(dirty && !readOnly);

  const dateErrorFor = (target: string) => dateProblems[target];
  const errorFor = (path: string): string | undefined => {
    if (serverErrors[path]) return serverErrors[path];
    if (!submitted && !touched.has(path)) return undefined;
    return clientErrors[path];
  };
  const touch = (path: string) => setTouched((previous) => (previous.has(path) ? previous : new Set(previous).add(path)));

  const setPatient = (field: string, value: string) => {
    setDraft((previous) => ({ ...previous, patient: { ...previous.patient, [field]: value } }));
    setServerErrors((previous) => ({ ...previous, [`patient.${field}`]: "" }));
  };
  const setTest = (index: number, field: keyof TestDraft, value: string) =>
    setDraft((previous) => ({ ...previous, tests: previous.tests.map((test, i) => (i === index ? { ...test, [field]: value } : test)) }));
  const setLine = (index: number, field: keyof LineDraft, value: string | string[]) =>
    setDraft((previous) => ({ ...previous, lines: previous.lines.map((line, i) => (i === index ? { ...line, [field]: value } : line)) }));
  const setRecurrence = (index: number, field: keyof Omit<RecurrenceDraft, "key">, value: string) =>
    setDraft((previous) => ({ ...previous, recurrences: previous.recurrences.map((event, i) => (i === index ? { ...event, [field]: value } : event)) }));
  const removeRecurrence = (index: number) => setDraft((previous) => ({ ...previous, recurrences: previous.recurrences.filter((_, i) => i !== index) }));
  // Where keyboard focus goes once the next render is on screen (issue 16 §4): the new row's
  // first field after "Add …", the next row's remove button (or "Add …") after "Remove …".
  const focusAfterRender = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfterRender.current === null) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });
  const focusAfterRemoving = (kind: "test" | "line", index: number, count: number) => {
    const remaining = count - 1;
    focusAfterRender.current = remaining === 0 ? `add-${kind}` : `remove-${kind}-${Math.min(index, remaining - 1)}`;
  };
  const addTest = () => {
    focusAfterRender.current = fieldId(`tests.${draft.tests.length}.specimen`);
    setDraft((previous) => ({ ...previous, tests: [...previous.tests, emptyTestDraft()] }));
  };
  const addLine = () => {
    focusAfterRender.current = fieldId(`lines.${draft.lines.length}.setting`);
    setDraft((previous) => ({ ...previous, lines: [...previous.lines, emptyLineDraft()] }));
  };
  const removeTest = (index: number) => {
    focusAfterRemoving("test", index, draft.tests.length);
    setDraft((previous) => {
      const removed = previous.tests[index];
      return {
        ...previous,
        tests: previous.tests.filter((_, i) => i !== index),
        deletedTests: removed?.id !== undefined ? [...previous.deletedTests, { id: removed.id, version: removed.version ?? 1 }] : previous.deletedTests,
      };
    });
  };
  const removeLine = (index: number) => {
    focusAfterRemoving("line", index, draft.lines.length);
    setDraft((previous) => {
      const removed = previous.lines[index];
      return {
        ...previous,
        lines: previous.lines.filter((_, i) => i !== index),
        deletedLines: removed?.id !== undefined ? [...previous.deletedLines, { id: removed.id, version: removed.version ?? 1 }] : previous.deletedLines,
      };
    });
  };

  const toggleDateMode = (on: boolean) => {
    if (!on) {
      // Keep the computed days, forget the dates.
      setDraft(effective);
      setDates({});
      setDiagnosisDate("");
    }
    setDateMode(on);
  };

  async function save() {
    setSubmitted(true);
    setMessage(null);
    setServerErrors({});
    const firstProblem = Object.keys(dateProblems)[0];
    if (!validation.success || firstProblem) {
      const first = validation.success ? null : validation.error.issues[0]?.path.map(String).join(".");
      setMessage("Some values need attention: see the messages next to the fields.");
      focusField(first ?? firstProblem ?? "");
      return;
    }
    setPending(true);
    const result = mode === "new" ? await createCaseAction(payload) : await updateCaseAction(caseId, payload);
    setPending(false);
    if (result.ok) {
      allowLeave();
      router.replace(`/cases/${result.data.id}?saved=${Date.now()}`);
      router.refresh();
      return;
    }
    if (result.error.code === "CONFLICT") {
      const details = result.error.details as { conflicts?: RowConflict[] } | undefined;
      setConflicts(planMerge(details?.conflicts ?? [], (entity, id, field) => baseValueOf(initial, entity, id, field)));
      setMessage(result.error.message);
      window.scrollTo({ top: 0 });
      return;
    }
    setServerErrors(Object.fromEntries(result.error.fields.map((field) => [field.path, field.message])));
    setMessage(result.error.message);
    focusField(result.error.fields[0]?.path ?? "");
  }

  async function confirmDelete() {
    setDeleteError(null);
    const parsed = schemas.CaseUpdateObjectSchema.shape.reason.safeParse(deleteReason);
    if (!parsed.success) {
      setDeleteError(parsed.error.issues[0]?.message ?? "Give a reason");
      return;
    }
    const result = await deleteCaseAction(caseId, { version: draft.patientVersion, reason: deleteReason });
    if (!result.ok) {
      setDeleteError(result.error.message);
      return;
    }
    allowLeave();
    router.push(`/cases?deleted=${encodeURIComponent(draft.patient.studyId)}`);
    router.refresh();
  }

  const hr = deriveHormoneReceptorStatus(numberOrNull(effective.patient.erPercent), numberOrNull(effective.patient.prPercent));
  const disabled = readOnly || pending;
  const errorSummary = submitted ? Object.entries({ ...clientErrors, ...Object.fromEntries(Object.entries(serverErrors).filter(([, value]) => value)) }) : [];

  const dayField = (target: string, path: string, label: string, value: string, onChange: (value: string) => void, required = false) =>
    dateMode && !readOnly ? (
      <TextField
        key={`${target}-date`}
        path={path}
        label={`${label} (date)`}
        type="date"
        value={dates[target] ?? ""}
        onChange={(date) => setDates((previous) => ({ ...previous, [target]: date }))}
        error={dateErrorFor(target) ?? errorFor(path)}
        hint={value !== "" && !dateErrorFor(target) ? `= day ${toPayloadValue("startDay", value) === null ? "" : value} since diagnosis` : "Converted to days since diagnosis in your browser"}
        required={required}
        onBlur={touch}
      />
    ) : (
      <TextField key={`${target}-days`} path={path} label={`${label} (days)`} inputMode="numeric" value={value} onChange={onChange} error={errorFor(path)} required={required} disabled={disabled} onBlur={touch} />
    );

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      className="space-y-6"
      aria-label={mode === "new" ? "New case" : `Case ${initial.patient.studyId}`}
    >
      {conflicts ? (
        <ConflictNotice
          merges={conflicts}
          studyId={initial.patient.studyId}
          onApply={(choices) => {
            setDraft((previous) => applyMerge(previous, conflicts, choices));
            setConflicts(null);
            setMessage(null);
            setMergedNotice(true);
          }}
          onReload={() => { allowLeave(); setConflicts(null); router.refresh(); }}
        />
      ) : null}
      {mergedNotice ? (
        <p role="status" className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950" data-testid="merge-applied">
          Merged with the saved version: their changes are in the form beside yours. Check them, then save.
        </p>
      ) : null}
      {message && !conflicts ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          <p className="font-medium">{message}</p>
          {errorSummary.length > 0 ? (
            <ul className="mt-2 list-disc pl-5">
              {errorSummary.slice(0, 12).map(([path, text]) => (
                <li key={path}>
                  <a href={`#${fieldId(path)}`} className="inline-block py-0.5 underline" onClick={(event) => { event.preventDefault(); focusField(path); }}>
                    {messageWithRow(path, text)}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {!readOnly ? (
        <div className="flex flex-wrap items-center gap-3 rounded-lg border border-sky-200 bg-sky-50 p-3 text-sm text-sky-950">
          <label className="inline-flex items-center gap-2 font-medium">
            <input type="checkbox" checked={dateMode} onChange={(event) => toggleDateMode(event.target.checked)} className="size-4" />
            Enter calendar dates
          </label>
          <span>
            Your browser turns them into the diagnosis year and days since diagnosis; the dates themselves are never sent or stored.
          </span>
          {dateMode ? (
            <TextField path="diagnosisDate" label="Date of diagnosis" type="date" value={diagnosisDate} onChange={setDiagnosisDate} className="w-48" hint="Only its year is kept" />
          ) : null}
        </div>
      ) : null}

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4" disabled={disabled}>
        <legend className="px-1 text-base font-semibold">Patient</legend>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField path="patient.studyId" label="Study ID" required value={draft.patient.studyId} onChange={(value) => setPatient("studyId", value)} error={errorFor("patient.studyId")} onBlur={touch} hint={`${capitalise(describeStudyIdFormat(studyIdPattern))}, with your site's code`} />
          {chooseSite ? (
            <SelectField path="patient.siteId" label="Site" required value={draft.patient.siteId} onChange={(value) => setPatient("siteId", value)} options={sites.map((site) => ({ value: String(site.id), label: site.label }))} error={errorFor("patient.siteId")} onBlur={touch} />
          ) : (
            <div>
              <p className="block text-sm font-medium text-slate-800">Site</p>
              <p className="mt-2 text-sm">{sites.find((site) => String(site.id) === draft.patient.siteId)?.label ?? "Your site"}</p>
            </div>
          )}
          {dateMode ? (
            <div>
              <p className="block text-sm font-medium text-slate-800">Diagnosis year</p>
              <p className="mt-2 text-sm">{effective.patient.diagnosisYear || "from the date of diagnosis"}</p>
            </div>
          ) : (
            <TextField path="patient.diagnosisYear" label="Diagnosis year" required inputMode="numeric" value={draft.patient.diagnosisYear} onChange={(value) => setPatient("diagnosisYear", value)} error={errorFor("patient.diagnosisYear")} onBlur={touch} hint="The year only" />
          )}
          <TextField path="patient.ageAtDiagnosis" label="Age at diagnosis (years)" required inputMode="numeric" value={draft.patient.ageAtDiagnosis} onChange={(value) => setPatient("ageAtDiagnosis", value)} error={errorFor("patient.ageAtDiagnosis")} onBlur={touch} hint="90 and over is stored as 90 (shown 90+)" />
          <SelectField path="patient.sex" label="Sex" required value={draft.patient.sex} onChange={(value) => setPatient("sex", value)} options={optionsOf(SEX_LABELS)} error={errorFor("patient.sex")} onBlur={touch} />
          <SelectField path="patient.menopausalStatus" label="Menopausal status" value={draft.patient.menopausalStatus} onChange={(value) => setPatient("menopausalStatus", value)} options={optionsOf(MENOPAUSAL_STATUS_LABELS)} error={errorFor("patient.menopausalStatus")} onBlur={touch} />
          <SelectField path="patient.histologicType" label="Histologic type" value={draft.patient.histologicType} onChange={(value) => setPatient("histologicType", value)} options={optionsOf(HISTOLOGIC_TYPE_LABELS)} error={errorFor("patient.histologicType")} onBlur={touch} />
          <SelectField path="patient.grade" label="Grade" value={draft.patient.grade} onChange={(value) => setPatient("grade", value)} options={[1, 2, 3].map((grade) => ({ value: String(grade), label: String(grade) }))} error={errorFor("patient.grade")} onBlur={touch} />
          <TextField path="patient.tumourSizeMm" label="Tumour size (mm)" inputMode="numeric" value={draft.patient.tumourSizeMm} onChange={(value) => setPatient("tumourSizeMm", value)} error={errorFor("patient.tumourSizeMm")} onBlur={touch} />
          <SelectField path="patient.tCategory" label="T category" value={draft.patient.tCategory} onChange={(value) => setPatient("tCategory", value)} options={optionsOf(T_CATEGORY_LABELS)} error={errorFor("patient.tCategory")} onBlur={touch} />
          <SelectField path="patient.nCategory" label="N category" value={draft.patient.nCategory} onChange={(value) => setPatient("nCategory", value)} options={optionsOf(N_CATEGORY_LABELS)} error={errorFor("patient.nCategory")} onBlur={touch} />
          <SelectField path="patient.mCategory" label="M category" value={draft.patient.mCategory} onChange={(value) => setPatient("mCategory", value)} options={optionsOf(M_CATEGORY_LABELS)} error={errorFor("patient.mCategory")} onBlur={touch} />
          <SelectField path="patient.stageGroup" label="Stage group" value={draft.patient.stageGroup} onChange={(value) => setPatient("stageGroup", value)} options={optionsOf(STAGE_GROUP_LABELS)} error={errorFor("patient.stageGroup")} onBlur={touch} />
          <TextField path="patient.erPercent" label="ER (%)" inputMode="numeric" value={draft.patient.erPercent} onChange={(value) => setPatient("erPercent", value)} error={errorFor("patient.erPercent")} onBlur={touch} />
          <TextField path="patient.prPercent" label="PR (%)" inputMode="numeric" value={draft.patient.prPercent} onChange={(value) => setPatient("prPercent", value)} error={errorFor("patient.prPercent")} onBlur={touch} />
          <div aria-live="polite">
            <p className="block text-sm font-medium text-slate-800">HR status (derived)</p>
            <p className="mt-2 text-sm" data-testid="hr-status">
              {hr.hrStatus === null ? "Unknown until ER and PR are entered" : hr.hrStatus === "POSITIVE" ? `HR-positive${hr.erLow ? " (ER-low)" : ""}` : "HR-negative"}
            </p>
          </div>
          <TextField path="patient.ki67Percent" label="Ki-67 (%)" inputMode="numeric" value={draft.patient.ki67Percent} onChange={(value) => setPatient("ki67Percent", value)} error={errorFor("patient.ki67Percent")} onBlur={touch} />
          <SelectField path="patient.germlineBrca" label="Germline BRCA" value={draft.patient.germlineBrca} onChange={(value) => setPatient("germlineBrca", value)} options={optionsOf(GERMLINE_BRCA_LABELS)} error={errorFor("patient.germlineBrca")} onBlur={touch} />
        </div>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4" disabled={disabled}>
        <legend className="px-1 text-base font-semibold">Disease course and follow-up</legend>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField path="patient.diseaseSetting" label="Disease setting" required value={draft.patient.diseaseSetting} onChange={(value) => setPatient("diseaseSetting", value)} options={optionsOf(DISEASE_SETTING_LABELS)} error={errorFor("patient.diseaseSetting")} onBlur={touch} />
          {dayField("patient.daysToMetastasis", "patient.daysToMetastasis", "Distant metastasis", draft.patient.daysToMetastasis, (value) => setPatient("daysToMetastasis", value))}
          <SelectField path="patient.vitalStatus" label="Vital status" required value={draft.patient.vitalStatus} onChange={(value) => setPatient("vitalStatus", value)} options={optionsOf(VITAL_STATUS_LABELS)} error={errorFor("patient.vitalStatus")} onBlur={touch} />
          {dayField("patient.daysToDeath", "patient.daysToDeath", "Death", draft.patient.daysToDeath, (value) => setPatient("daysToDeath", value))}
          {dayField("patient.daysToLastContact", "patient.daysToLastContact", "Last contact", draft.patient.daysToLastContact, (value) => setPatient("daysToLastContact", value), true)}
        </div>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4" disabled={disabled} data-testid="early-disease-fields">
        <legend className="px-1 text-base font-semibold">Early disease: surgery, response and invasive events</legend>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <SelectField path="patient.stagingBasis" label="Staging basis of T and N" value={draft.patient.stagingBasis} onChange={(value) => setPatient("stagingBasis", value)} options={optionsOf(STAGING_BASIS_LABELS)} error={errorFor("patient.stagingBasis")} onBlur={touch} />
          <SelectField path="patient.surgeryType" label="Type of surgery" value={draft.patient.surgeryType} onChange={(value) => setPatient("surgeryType", value)} options={optionsOf(SURGERY_TYPE_LABELS)} error={errorFor("patient.surgeryType")} onBlur={touch} />
          {dayField("patient.daysToSurgery", "patient.daysToSurgery", "Surgery", draft.patient.daysToSurgery, (value) => setPatient("daysToSurgery", value))}
          <SelectField path="patient.ypTCategory" label="ypT after neoadjuvant therapy" value={draft.patient.ypTCategory} onChange={(value) => setPatient("ypTCategory", value)} options={YP_T_OPTIONS} error={errorFor("patient.ypTCategory")} onBlur={touch} />
          <SelectField path="patient.ypNCategory" label="ypN after neoadjuvant therapy" value={draft.patient.ypNCategory} onChange={(value) => setPatient("ypNCategory", value)} options={YP_N_OPTIONS} error={errorFor("patient.ypNCategory")} onBlur={touch} />
          <SelectField path="patient.rcbClass" label="Residual cancer burden" value={draft.patient.rcbClass} onChange={(value) => setPatient("rcbClass", value)} options={optionsOf(RCB_CLASS_LABELS)} error={errorFor("patient.rcbClass")} onBlur={touch} />
          <div aria-live="polite">
            <p className="block text-sm font-medium text-slate-800">Pathological complete response (derived)</p>
            <p className="mt-2 text-sm" data-testid="pcr-status">
              {describePcr(effective.patient.ypTCategory, effective.patient.ypNCategory)}
            </p>
          </div>
        </div>
        <h2 className="mt-4 text-sm font-semibold">Invasive disease events</h2>
        <p className="text-xs text-slate-600">
          Local, regional, contralateral and second primary invasive cancers (STEEP 2.0). A distant recurrence is the day of distant metastasis above.
        </p>
        {draft.recurrences.length === 0 ? <p className="mt-2 text-sm text-slate-600">No invasive disease event recorded.</p> : null}
        <ol className="mt-2 space-y-3">
          {draft.recurrences.map((event, index) => (
            <li key={event.key} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h3 className="text-sm font-semibold">Recurrence event {index + 1}</h3>
                {!readOnly ? (
                  <button type="button" onClick={() => removeRecurrence(index)} className="min-h-6 rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
                    Remove event {index + 1}
                  </button>
                ) : null}
              </div>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
                <SelectField path={`recurrences.${index}.kind`} label="Kind of event" required value={event.kind} onChange={(value) => setRecurrence(index, "kind", value)} options={RECURRENCE_KIND_OPTIONS} error={errorFor(`recurrences.${index}.kind`)} onBlur={touch} />
                {dayField(`recurrence:${event.key}.day`, `recurrences.${index}.day`, "Event", effective.recurrences[index]?.day ?? "", (value) => setRecurrence(index, "day", value), true)}
              </div>
            </li>
          ))}
        </ol>
        {!readOnly ? (
          <button type="button" onClick={() => setDraft((previous) => ({ ...previous, recurrences: [...previous.recurrences, emptyRecurrenceDraft()] }))} className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Add an invasive disease event
          </button>
        ) : null}
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4" disabled={disabled}>
        <legend className="px-1 text-base font-semibold">HER2 tests</legend>
        {draft.tests.length === 0 ? <p className="text-sm text-slate-600">No HER2 test recorded.</p> : null}
        <ol className="space-y-4">
          {draft.tests.map((test, index) => (
            <li key={test.key} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h2 className="text-sm font-semibold">HER2 test {index + 1}</h2>
                {!readOnly ? (
                  <button type="button" id={`remove-test-${index}`} onClick={() => removeTest(index)} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
                    Remove test {index + 1}
                  </button>
                ) : null}
              </div>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <SelectField path={`tests.${index}.specimen`} label="Specimen" required value={test.specimen} onChange={(value) => setTest(index, "specimen", value)} options={optionsOf(SPECIMEN_LABELS)} error={errorFor(`tests.${index}.specimen`)} onBlur={touch} />
                <SelectField path={`tests.${index}.specimenSite`} label="Specimen site" value={test.specimenSite} onChange={(value) => setTest(index, "specimenSite", value)} options={optionsOf(SPECIMEN_SITE_LABELS)} error={errorFor(`tests.${index}.specimenSite`)} onBlur={touch} />
                {dayField(`test:${test.key}.daysSinceDiagnosis`, `tests.${index}.daysSinceDiagnosis`, "Specimen taken", effective.tests[index]?.daysSinceDiagnosis ?? "", (value) => setTest(index, "daysSinceDiagnosis", value), true)}
                <SelectField path={`tests.${index}.assay`} label="Assay" required value={test.assay} onChange={(value) => setTest(index, "assay", value)} options={optionsOf(HER2_ASSAY_LABELS)} error={errorFor(`tests.${index}.assay`)} onBlur={touch} />
                <SelectField path={`tests.${index}.ihcScore`} label="IHC score" value={test.ihcScore} onChange={(value) => setTest(index, "ihcScore", value)} options={IHC_OPTIONS} emptyLabel="No IHC done" error={errorFor(`tests.${index}.ihcScore`)} onBlur={touch} />
                <TextField path={`tests.${index}.ishRatio`} label="ISH HER2/CEP17 ratio" inputMode="decimal" value={test.ishRatio} onChange={(value) => setTest(index, "ishRatio", value)} error={errorFor(`tests.${index}.ishRatio`)} onBlur={touch} hint="Empty when no ISH" />
                <TextField path={`tests.${index}.ishCopies`} label="ISH mean HER2 copies/cell" inputMode="decimal" value={test.ishCopies} onChange={(value) => setTest(index, "ishCopies", value)} error={errorFor(`tests.${index}.ishCopies`)} onBlur={touch} />
                <SelectField path={`tests.${index}.readKind`} label="Kind of read" required value={test.readKind} onChange={(value) => setTest(index, "readKind", value)} options={optionsOf(READ_KIND_LABELS)} error={errorFor(`tests.${index}.readKind`)} onBlur={touch} />
                <TextField path={`tests.${index}.blockLabel`} label="Block label" value={test.blockLabel} onChange={(value) => setTest(index, "blockLabel", value)} error={errorFor(`tests.${index}.blockLabel`)} onBlur={touch} hint="Study label, e.g. A1; the same label on two tests = two reads of one block" />
                <TextField path={`tests.${index}.reader`} label="Reader pseudonym" value={test.reader} onChange={(value) => setTest(index, "reader", value)} error={errorFor(`tests.${index}.reader`)} onBlur={touch} hint="e.g. R2, never a name; required for a re-read" />
                <TextField path={`tests.${index}.erbb2Mrna`} label="ERBB2 mRNA" inputMode="decimal" value={test.erbb2Mrna} onChange={(value) => setTest(index, "erbb2Mrna", value)} error={errorFor(`tests.${index}.erbb2Mrna`)} onBlur={touch} hint="Optional; with its assay and unit" />
                <SelectField path={`tests.${index}.erbb2MrnaAssay`} label="ERBB2 mRNA assay" value={test.erbb2MrnaAssay} onChange={(value) => setTest(index, "erbb2MrnaAssay", value)} options={optionsOf(MRNA_ASSAY_LABELS)} error={errorFor(`tests.${index}.erbb2MrnaAssay`)} onBlur={touch} />
                <SelectField path={`tests.${index}.erbb2MrnaUnit`} label="ERBB2 mRNA unit" value={test.erbb2MrnaUnit} onChange={(value) => setTest(index, "erbb2MrnaUnit", value)} options={optionsOf(MRNA_UNIT_LABELS)} error={errorFor(`tests.${index}.erbb2MrnaUnit`)} onBlur={touch} />
                <TextField path={`tests.${index}.diaMembranePercent`} label="Membrane-stained cells, image analysis (%)" inputMode="decimal" value={test.diaMembranePercent} onChange={(value) => setTest(index, "diaMembranePercent", value)} error={errorFor(`tests.${index}.diaMembranePercent`)} onBlur={touch} hint="Optional, 0-100" />
                <TextField path={`tests.${index}.diaHScore`} label="H-score, image analysis" inputMode="numeric" value={test.diaHScore} onChange={(value) => setTest(index, "diaHScore", value)} error={errorFor(`tests.${index}.diaHScore`)} onBlur={touch} hint="Optional, 0-300" />
                <LiveHer2Category test={test} />
              </div>
            </li>
          ))}
        </ol>
        {!readOnly ? (
          <button type="button" id="add-test" onClick={addTest} className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Add a HER2 test
          </button>
        ) : null}
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4" disabled={disabled}>
        <legend className="px-1 text-base font-semibold">Treatment lines</legend>
        {draft.lines.length === 0 ? <p className="text-sm text-slate-600">No treatment line recorded.</p> : null}
        <ol className="space-y-4">
          {draft.lines.map((line, index) => (
            <li key={line.key} className="rounded-md border border-slate-200 p-3">
              <div className="mb-2 flex items-center justify-between gap-2">
                <h2 className="text-sm font-semibold">Treatment line {index + 1}</h2>
                {!readOnly ? (
                  <button type="button" id={`remove-line-${index}`} onClick={() => removeLine(index)} className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100">
                    Remove line {index + 1}
                  </button>
                ) : null}
              </div>
              <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
                <SelectField path={`lines.${index}.setting`} label="Setting" required value={line.setting} onChange={(value) => setLine(index, "setting", value)} options={optionsOf(TREATMENT_SETTING_LABELS)} error={errorFor(`lines.${index}.setting`)} onBlur={touch} />
                <TextField path={`lines.${index}.lineNumber`} label="Line number" required inputMode="numeric" value={line.lineNumber} onChange={(value) => setLine(index, "lineNumber", value)} error={errorFor(`lines.${index}.lineNumber`)} onBlur={touch} />
                <SelectField path={`lines.${index}.regimenClass`} label="Regimen class" required value={line.regimenClass} onChange={(value) => setLine(index, "regimenClass", value)} options={optionsOf(REGIMEN_CLASS_LABELS)} error={errorFor(`lines.${index}.regimenClass`)} onBlur={touch} />
                <MultiSelectField path={`lines.${index}.agents`} label="Agents" value={line.agents} onChange={(value) => setLine(index, "agents", value)} options={AGENT_OPTIONS} error={errorFor(`lines.${index}.agents`) ?? errorFor(`lines.${index}.agents.0`)} onBlur={touch} hint="Ctrl/⌘ or Shift to choose several" />
                {dayField(`line:${line.key}.startDay`, `lines.${index}.startDay`, "Start", effective.lines[index]?.startDay ?? "", (value) => setLine(index, "startDay", value), true)}
                {dayField(`line:${line.key}.endDay`, `lines.${index}.endDay`, "End", effective.lines[index]?.endDay ?? "", (value) => setLine(index, "endDay", value))}
                <SelectField path={`lines.${index}.bestResponse`} label="Best response (RECIST 1.1)" value={line.bestResponse} onChange={(value) => setLine(index, "bestResponse", value)} options={optionsOf(BEST_RESPONSE_LABELS)} error={errorFor(`lines.${index}.bestResponse`)} onBlur={touch} />
                <SelectField path={`lines.${index}.measurability`} label="Measurable disease at start" value={line.measurability} onChange={(value) => setLine(index, "measurability", value)} options={optionsOf(MEASURABILITY_LABELS)} error={errorFor(`lines.${index}.measurability`)} onBlur={touch} />
                <SelectField path={`lines.${index}.responseConfirmation`} label="Response confirmed (CR/PR only)" value={line.responseConfirmation} onChange={(value) => setLine(index, "responseConfirmation", value)} options={optionsOf(RESPONSE_CONFIRMATION_LABELS)} error={errorFor(`lines.${index}.responseConfirmation`)} onBlur={touch} />
                {dayField(`line:${line.key}.progressionDay`, `lines.${index}.progressionDay`, "Progression", effective.lines[index]?.progressionDay ?? "", (value) => setLine(index, "progressionDay", value))}
              </div>
            </li>
          ))}
        </ol>
        {!readOnly ? (
          <button type="button" id="add-line" onClick={addLine} className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100">
            Add a treatment line
          </button>
        ) : null}
      </fieldset>

      {!readOnly ? (
        <div className="flex flex-wrap items-end justify-between gap-4 rounded-lg border border-slate-200 bg-white p-4">
          {mode === "edit" ? (
            <TextField path="reason" label="Reason for the change" required value={reason} onChange={setReason} error={errorFor("reason")} onBlur={touch} className="min-w-80 flex-1" hint={`Required for every edit of saved data (audit trail); no identifiers. At most ${REASON_MAX_LENGTH} characters.`} />
          ) : (
            <p className="text-sm text-slate-600">Fields marked * are required. The HER2 category and the cohorts are derived when you save.</p>
          )}
          <div className="flex gap-2">
            {mode === "edit" && canDelete ? (
              <button type="button" onClick={() => deleteDialog.current?.showModal()} className="rounded-md border border-red-300 px-3 py-2 text-sm text-red-800 hover:bg-red-50">
                Delete case…
              </button>
            ) : null}
            <button type="submit" disabled={pending} className="rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800 disabled:opacity-60">
              {pending ? "Saving…" : mode === "new" ? "Create case" : "Save changes"}
            </button>
          </div>
        </div>
      ) : null}

      <dialog ref={deleteDialog} aria-labelledby="delete-title" className="m-auto w-full max-w-md rounded-lg p-6 shadow-xl backdrop:bg-slate-900/40">
        <h2 id="delete-title" className="text-lg font-semibold">Delete case {initial.patient.studyId}?</h2>
        <p className="mt-2 text-sm text-slate-700">The case leaves every list, dashboard and export. It is kept in the database with its audit trail, and an administrator can restore it.</p>
        <TextField path="deleteReason" label="Reason for deleting" required value={deleteReason} onChange={setDeleteReason} error={deleteError ?? undefined} className="mt-4" />
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={() => deleteDialog.current?.close()} className="rounded-md border border-slate-300 px-3 py-1.5 text-sm">
            Cancel
          </button>
          <button type="button" onClick={() => void confirmDelete()} className="rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800">
            Delete case
          </button>
        </div>
      </dialog>
    </form>
  );
}

function numberOrNull(text: string): number | null {
  const value = toPayloadValue("erPercent", text);
  return typeof value === "number" ? value : null;
}

/** The HER2 category and its reason, recomputed as IHC and ISH are typed (same rules as the server). */
function LiveHer2Category({ test }: { test: TestDraft }) {
  const parsed = Her2ScoringInputSchema.safeParse({
    ihcScore: test.ihcScore === "" ? null : test.ihcScore,
    ishRatio: toPayloadValue("ishRatio", test.ishRatio),
    ishCopies: toPayloadValue("ishCopies", test.ishCopies),
  });
  const result = parsed.success ? classifyHer2ScoringInput(parsed.data) : null;
  // A test with no IHC or ISH value yet is not "indeterminate": it has not been scored (issue 16 §9).
  const unscored = test.ihcScore === "" && test.ishRatio.trim() === "" && test.ishCopies.trim() === "";
  return (
    <div className="sm:col-span-2 lg:col-span-4" aria-live="polite">
      <p className="text-sm font-medium text-slate-800">HER2 category (derived)</p>
      {unscored ? (
        <p className="mt-1 text-sm text-slate-700" data-testid="her2-category">
          Not scored yet: choose an IHC score (and ISH values for 2+) to see the category.
        </p>
      ) : result ? (
        <p className="mt-1 flex flex-wrap items-center gap-2 text-sm" data-testid="her2-category">
          <CohortBadge category={result.category} />
          <span className="text-slate-700">{result.reason}</span>
          {result.ishGroup !== null ? <span className="text-slate-500">({ISH_GROUP_LABELS[result.ishGroup]})</span> : null}
        </p>
      ) : (
        <p className="mt-1 text-sm text-slate-600">Complete the IHC and ISH values to see the category.</p>
      )}
    </div>
  );
}

/** A field's value in the draft the form opened with, as the payload would carry it (the merge's base). */
function baseValueOf(initial: CaseDraft, entity: RowConflict["entity"], id: number, field: string): unknown {
  const row: Record<string, unknown> | undefined =
    entity === "PATIENT" ? initial.patient : entity === "HER2_TEST" ? initial.tests.find((test) => test.id === id) : initial.lines.find((line) => line.id === id);
  const value = row?.[field];
  if (Array.isArray(value)) return value;
  return typeof value === "string" ? (toPayloadValue(field, value) ?? null) : undefined;
}

/** A stored value as the form's text (or list, for agents). */
function draftValueOf(value: unknown): string | string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === null || value === undefined ? "" : String(value);
}

/**
 * The draft after a three-way merge (issue 16 §7): the fields taken from the saved version, rows
 * moved to their current versions (so the next save is not stale), rows deleted since dropped.
 */
function applyMerge(draft: CaseDraft, merges: readonly RowMerge[], choices: MergeChoices): CaseDraft {
  const theirsOf = (merge: RowMerge) =>
    Object.fromEntries(merge.fields.filter((field) => resolveField(field, choices[choiceKey(merge, field.field)]) === "theirs").map((field) => [field.field, draftValueOf(field.theirs)]));
  let next: CaseDraft = { ...draft };
  for (const merge of merges) {
    if (merge.entity === "PATIENT") {
      if (merge.kind === "changed") next = { ...next, patient: { ...next.patient, ...theirsOf(merge) }, patientVersion: merge.currentVersion ?? next.patientVersion };
    } else if (merge.entity === "HER2_TEST") {
      next = {
        ...next,
        tests:
          merge.kind === "deleted"
            ? next.tests.filter((test) => test.id !== merge.id)
            : next.tests.map((test) => (test.id === merge.id ? { ...test, ...theirsOf(merge), version: merge.currentVersion ?? test.version } : test)),
        // A row the user removed and someone else changed: removed at its current version.
        deletedTests: next.deletedTests.map((row) => (row.id === merge.id && merge.currentVersion !== null ? { ...row, version: merge.currentVersion } : row)),
      };
    } else {
      next = {
        ...next,
        lines:
          merge.kind === "deleted"
            ? next.lines.filter((line) => line.id !== merge.id)
            : next.lines.map((line) => (line.id === merge.id ? { ...line, ...theirsOf(merge), version: merge.currentVersion ?? line.version } : line)),
        deletedLines: next.deletedLines.map((row) => (row.id === merge.id && merge.currentVersion !== null ? { ...row, version: merge.currentVersion } : row)),
      };
    }
  }
  return next;
}

function focusField(path: string) {
  if (!path) return;
  const element = document.getElementById(fieldId(path));
  element?.focus();
  element?.scrollIntoView({ block: "center" });
}

