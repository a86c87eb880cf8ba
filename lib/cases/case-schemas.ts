import "server-only";
import { env } from "../env";
import { createCaseSchemas } from "./schemas";

/** The case schemas with the study's configured study-ID format (STUDY_ID_PATTERN). */
export const caseSchemas = createCaseSchemas(env.STUDY_ID_PATTERN);

export const studyIdPattern = env.STUDY_ID_PATTERN;
