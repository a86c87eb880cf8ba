"use client";

// Shown when a page fails after it started streaming (e.g. the database went away mid-render):
// a plain message and a retry, instead of Next's default error screen. The details stay in the
// server log, under the digest shown here for support.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-xl px-6 py-16 text-center">
      <h1 className="text-2xl font-semibold text-slate-900">This page could not be shown</h1>
      <p className="mt-2 text-sm text-slate-600">
        The server could not finish the page. If the database is restarting this clears in a few seconds; nothing you
        saved before has been lost.
      </p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500">Reference: {error.digest}</p> : null}
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-slate-900 px-4 py-2 text-sm font-medium text-white hover:bg-slate-800"
      >
        Try again
      </button>
    </main>
  );
}
