// Study IDs carry their site's code (issue 15 §2): the study's pattern (STUDY_ID_PATTERN) names
// where the code sits with a named group `(?<site>…)`, and a case's study ID must carry the code
// of the case's site. The check runs before any lookup, so no answer about an ID of another
// site (exists, deleted, free) can ever reach a coordinator. Pure: the form uses it too.

/** Longer than any study's ID; capped before the pattern runs, so no input makes the regex slow. */
export const MAX_STUDY_ID_LENGTH = 40;

/** The pattern's named group holding the site code. */
export const SITE_GROUP = "site";

// product.md §2 writes the default as ^[A-Z]{2,6}-\d{2,4}-\d{3,5}$ but its own example, and
// every demo ID, is HER2-01-0042: the prefix may hold digits after its first letter. Every ID
// the written pattern accepts is still accepted; the group `site` is the site code.
export const DEFAULT_STUDY_ID_PATTERN = String.raw`^[A-Z][A-Z0-9]{1,5}-(?<site>\d{2,4})-\d{3,5}$`;

const DEFAULT_FORMAT_WORDS = "a prefix of 2 to 6 capitals or digits starting with a capital, the site code, and a number of 3 to 5 digits, separated by hyphens (for example HER2-01-0042)";

/**
 * The study's format in plain words, for the messages of the form and the import (the raw
 * regular expression is for the data dictionary). A study that sets its own pattern is
 * described by what every pattern shares: the site code sits in it.
 */
export function describeStudyIdFormat(pattern: string): string {
  return pattern === DEFAULT_STUDY_ID_PATTERN ? DEFAULT_FORMAT_WORDS : "the study's format, which includes the site code (see the data dictionary)";
}

/** The site code a study ID carries, or null when it does not match the pattern. */
export function siteCodeOfStudyId(studyId: string, pattern: string): string | null {
  if (studyId.length > MAX_STUDY_ID_LENGTH) return null;
  return new RegExp(pattern).exec(studyId)?.groups?.[SITE_GROUP] ?? null;
}

/** The message for a study ID that does not carry its site's code: the same whether or not the ID exists anywhere. */
export function wrongSiteMessage(siteCode: string): string {
  return `Study IDs of this site carry its site code ${siteCode} (for example HER2-${siteCode}-0042)`;
}
