import "server-only";
import { forbidden, notFound } from "next/navigation";
import { isAppError } from "../errors";

/** For pages: a data-layer NOT_FOUND renders the 404 page and FORBIDDEN the 403 page. */
export async function orPageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    if (isAppError(error) && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
}
