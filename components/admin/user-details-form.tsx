"use client";

import type { UpdatedAccount } from "@/app/(app)/admin/users/actions";
import type { Role } from "@/lib/auth/roles";
import { FormError, SubmitButton, SuccessMessage, TextField, type SelectOption } from "./form-fields";
import { RoleSiteFields } from "./role-site-fields";
import { useFormAction, type FormAction } from "./use-form-action";

const FIELDS = ["name", "role", "siteCode"] as const;

export function UserDetailsForm({
  action,
  user,
  siteOptions,
  isSelf,
}: {
  action: FormAction<UpdatedAccount>;
  user: { name: string; role: Role; siteCode: string | null };
  siteOptions: readonly SelectOption[];
  isSelf: boolean;
}) {
  const { state, pending, onSubmit, errorFor, formRef } = useFormAction(action);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError state={state} fieldPaths={FIELDS} />
      {state?.ok ? <SuccessMessage>Changes saved.</SuccessMessage> : null}
      <TextField name="name" label="Name" defaultValue={user.name} required autoComplete="off" error={errorFor("name")} />
      <RoleSiteFields
        defaultRole={user.role}
        defaultSiteCode={user.siteCode}
        siteOptions={siteOptions}
        roleError={errorFor("role")}
        siteError={errorFor("siteCode")}
        roleLocked={isSelf}
      />
      <SubmitButton pending={pending} pendingLabel="Saving…">
        Save changes
      </SubmitButton>
    </form>
  );
}
