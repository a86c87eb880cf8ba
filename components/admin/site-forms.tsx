"use client";

import type { SavedSite } from "@/app/(app)/admin/sites/actions";
import { ConfirmActionForm } from "./confirm-action-form";
import { FormError, SubmitButton, SuccessMessage, TextField } from "./form-fields";
import { useFormAction, type FormAction } from "./use-form-action";

export function SiteCreateForm({ action }: { action: FormAction<SavedSite> }) {
  const { state, pending, onSubmit, errorFor, formRef } = useFormAction(action);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <FormError state={state} fieldPaths={["code", "name"]} />
      <TextField
        name="code"
        label="Site code"
        inputMode="numeric"
        autoComplete="off"
        required
        maxLength={4}
        error={errorFor("code")}
        hint="2 to 4 digits, such as 05: the middle part of this site's study IDs. It cannot be changed later."
      />
      <TextField name="name" label="Name" autoComplete="off" required error={errorFor("name")} />
      <SubmitButton pending={pending} pendingLabel="Adding…">
        Add site
      </SubmitButton>
    </form>
  );
}

export function SiteNameForm({ action, name }: { action: FormAction<SavedSite>; name: string }) {
  const { state, pending, onSubmit, errorFor, formRef } = useFormAction(action);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError state={state} fieldPaths={["name"]} />
      {state?.ok ? <SuccessMessage>Changes saved.</SuccessMessage> : null}
      <TextField name="name" label="Name" defaultValue={name} autoComplete="off" required error={errorFor("name")} />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save changes
      </SubmitButton>
    </form>
  );
}

export function SiteStatusForm({ action, active, code }: { action: FormAction<SavedSite>; active: boolean; code: string }) {
  return (
    <ConfirmActionForm
      action={action}
      fields={{ active: active ? "false" : "true" }}
      label={active ? "Deactivate site…" : "Reactivate site…"}
      confirmLabel={active ? "Deactivate site" : "Reactivate site"}
      pendingLabel={active ? "Deactivating…" : "Reactivating…"}
      tone={active ? "danger" : "primary"}
      warning={
        active
          ? `Site ${code} keeps its patients and coordinators, but no new coordinator can be assigned to it.`
          : `Site ${code} will take new coordinators again.`
      }
      successMessage={(data) => (data.active ? "Site reactivated." : "Site deactivated.")}
    />
  );
}
