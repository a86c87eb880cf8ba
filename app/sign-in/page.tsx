import type { Metadata } from "next";
import { CallbackPathSchema } from "@/lib/auth/schemas";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const params = await searchParams;
  const callbackUrl = CallbackPathSchema.parse(typeof params.callbackUrl === "string" ? params.callbackUrl : "/dashboard");
  const signedOut = params.signedOut === "1";
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold tracking-tight text-slate-900">HER2 cohort dashboard</h1>
        <p className="mt-2 text-center text-sm text-slate-600">Sign in with your study account.</p>
        {signedOut ? (
          <p role="status" className="mt-6 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            You have signed out.
          </p>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
