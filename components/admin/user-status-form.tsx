"use client";

import type { UpdatedAccount } from "@/app/(app)/admin/users/actions";
import { ConfirmActionForm } from "./confirm-action-form";
import type { FormAction } from "./use-form-action";

export function UserStatusForm({ action, active, email, isSelf }: { action: FormAction<UpdatedAccount>; active: boolean; email: string; isSelf: boolean }) {
  if (isSelf) return <p className="text-sm text-slate-600">You cannot deactivate your own account: ask another administrator.</p>;
  return (
    <ConfirmActionForm
      action={action}
      fields={{ active: active ? "false" : "true" }}
      label={active ? "Deactivate account…" : "Reactivate account…"}
      confirmLabel={active ? "Deactivate account" : "Reactivate account"}
      pendingLabel={active ? "Deactivating…" : "Reactivating…"}
      tone={active ? "danger" : "primary"}
      warning={
        active
          ? `${email} will be signed out at their next request and can no longer sign in. Their changes stay in the audit trail.`
          : `${email} will be able to sign in again with their current password. Reset it first if they no longer know it.`
      }
      successMessage={(data) => (data.active ? "Account reactivated." : "Account deactivated.")}
    />
  );
}
