import { AppLink } from "@/components/app-link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is nothing at this address, or it is not visible to your account.</p>
      <AppLink href="/dashboard" className="mt-6 inline-block text-sm font-medium text-sky-800 underline">
        Back to the dashboard
      </AppLink>
    </main>
  );
}
