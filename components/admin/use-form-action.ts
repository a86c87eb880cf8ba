"use client";

import { startTransition, useActionState, useEffect, useRef, type FormEvent } from "react";
import type { ActionResult } from "@/lib/http/action-result";

export type FormAction<T> = (previous: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * Runs a server action from a form and keeps what the user typed when it is refused (React
 * resets a form after an action otherwise). After a refusal, focus moves to the first field in
 * error, so keyboard and screen-reader users land where the fix is needed.
 */
export function useFormAction<T>(action: FormAction<T>) {
  const [state, dispatch, pending] = useActionState(action, null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (state && !state.ok) {
      const target = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? formRef.current?.querySelector<HTMLElement>('[role="alert"]');
      target?.focus();
    }
  }, [state]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };

  const errorFor = (path: string): string | undefined => (state && !state.ok ? state.error.fields.find((field) => field.path === path)?.message : undefined);

  return { state, pending, onSubmit, errorFor, formRef };
}
