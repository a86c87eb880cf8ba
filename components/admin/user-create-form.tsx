"use client";

import { AppLink } from "@/components/app-link";
import { useState } from "react";
import type { CreatedAccount } from "@/app/(app)/admin/users/actions";
import type { FormAction } from "./use-form-action";
import { useFormAction } from "./use-form-action";
import { FormError, SubmitButton, SuccessMessage, TextField, type SelectOption } from "./form-fields";
import { OneTimePassword } from "./one-time-password";
import { RoleSiteFields } from "./role-site-fields";

const FIELDS = ["email", "name", "role", "siteCode"] as const;

type Props = { action: FormAction<CreatedAccount>; siteOptions: readonly SelectOption[] };

export function UserCreateForm(props: Props) {
  // A new key gives a fresh, empty form (and takes the last password off the screen).
  const [round, setRound] = useState(0);
  return <CreateFormRound key={round} {...props} onAnother={() => setRound((value) => value + 1)} />;
}

function CreateFormRound({ action, siteOptions, onAnother }: Props & { onAnother: () => void }) {
  const { state, pending, onSubmit, errorFor, formRef } = useFormAction(action);
  if (state?.ok) {
    return (
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <SuccessMessage>Account created for {state.data.email}.</SuccessMessage>
        {state.data.password ? <OneTimePassword email={state.data.email} password={state.data.password} /> : null}
        <div className="flex flex-wrap gap-4 text-sm">
          <AppLink href={`/admin/users/${state.data.id}`} className="font-medium text-sky-800 underline">
            Open the account
          </AppLink>
          <AppLink href="/admin/users" className="font-medium text-sky-800 underline">
            Back to users
          </AppLink>
          <button type="button" onClick={onAnother} className="font-medium text-sky-800 underline">
            Create another account
          </button>
        </div>
      </div>
    );
  }
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="max-w-xl space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <FormError state={state} fieldPaths={FIELDS} />
      <TextField name="email" label="E-mail" type="email" autoComplete="off" required error={errorFor("email")} hint="The person signs in with this address." />
      <TextField name="name" label="Name" autoComplete="off" required error={errorFor("name")} hint="Shown in the audit trail next to their changes." />
      <RoleSiteFields defaultRole="COORDINATOR" defaultSiteCode={null} siteOptions={siteOptions} roleError={errorFor("role")} siteError={errorFor("siteCode")} />
      <p className="text-sm text-slate-600">A random password is generated and shown to you once, for you to hand over.</p>
      <SubmitButton pending={pending} pendingLabel="Creating…">
        Create account
      </SubmitButton>
    </form>
  );
}
