import { expect } from "vitest";
import { isAppError, type AppError, type AppErrorCode } from "../../lib/errors";

/** Awaits `work`, expects it to fail with an AppError of `code`, and returns that error. */
export async function expectAppError(work: Promise<unknown>, code: AppErrorCode): Promise<AppError> {
  let caught: unknown;
  try {
    await work;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected AppError ${code}, but nothing was thrown`).toBeDefined();
  expect(isAppError(caught), `expected an AppError, got ${String(caught)}`).toBe(true);
  const appError = caught as AppError;
  expect(appError.code).toBe(code);
  return appError;
}
