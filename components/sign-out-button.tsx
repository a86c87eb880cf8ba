import { signOutAction } from "@/app/sign-in/actions";

export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-700 hover:bg-slate-100">
        Sign out
      </button>
    </form>
  );
}
