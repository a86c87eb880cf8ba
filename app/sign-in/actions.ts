"use server";

import { headers } from "next/headers";
import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth/auth";
import { INVALID_CREDENTIALS_MESSAGE } from "@/lib/auth/authenticate";
import { findSignInRefusal } from "@/lib/auth/refuse-throttled-sign-in";
import { CallbackPathSchema, SignInSchema } from "@/lib/auth/schemas";

export type SignInState = { message: string | null; fieldErrors: Partial<Record<"email" | "password", string>>; email: string };

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "");
  const parsed = SignInSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return { message: null, fieldErrors: { email: fieldErrors.email?.[0], password: fieldErrors.password?.[0] }, email };
  }
  const refusal = await findSignInRefusal(parsed.data.email, await headers());
  if (refusal) return { message: refusal.message, fieldErrors: {}, email };
  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: CallbackPathSchema.parse(formData.get("callbackUrl") ?? "/dashboard"),
    });
  } catch (error) {
    if (error instanceof AuthError) {
      // The throttle may have tripped on this very attempt.
      const nowRefused = await findSignInRefusal(parsed.data.email, await headers());
      return { message: nowRefused?.message ?? INVALID_CREDENTIALS_MESSAGE, fieldErrors: {}, email };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { message: null, fieldErrors: {}, email };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in?signedOut=1" });
}
