"use client";

import type { ResetAccount } from "@/app/(app)/admin/users/actions";
import { ConfirmActionForm } from "./confirm-action-form";
import { OneTimePassword } from "./one-time-password";
import type { FormAction } from "./use-form-action";

export function PasswordResetForm({ action, email, isSelf }: { action: FormAction<ResetAccount>; email: string; isSelf: boolean }) {
  if (isSelf) return <p className="text-sm text-slate-600">You cannot reset your own password here: ask another administrator.</p>;
  return (
    <ConfirmActionForm
      action={action}
      label="Reset password…"
      confirmLabel="Reset password"
      pendingLabel="Resetting…"
      warning={`${email} will be signed out everywhere, and their current password will stop working. A new one-time password is shown to you once.`}
      successMessage="Password reset."
      renderResult={(data) => <OneTimePassword email={data.email} password={data.password} />}
    />
  );
}
