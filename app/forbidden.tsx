import { AppLink } from "@/components/app-link";

export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Not available to your role</h1>
      <p className="mt-2 text-sm text-slate-600">Your account does not have access to this page. Ask the study&apos;s data manager if you need it.</p>
      <AppLink href="/dashboard" className="mt-6 inline-block text-sm font-medium text-sky-800 underline">
        Back to the dashboard
      </AppLink>
    </main>
  );
}
