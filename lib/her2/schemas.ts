/**
 * The one zod schema for the scoring part of a HER2 test, shared by the case form (which shows
 * its messages) and the server (which parses with it). The rules mirror classifyHer2Test.
 */
import { z } from "zod";

import {
  classifyHer2Test,
  IHC_SCORES,
  ISH_COPIES_MAX,
  ISH_RATIO_MAX,
  type Her2Classification,
} from "./classify";

export const ISH_PAIR_MESSAGE =
  "Enter both the HER2/CEP17 ratio and the mean HER2 copies per cell, or neither";
export const ISH_RATIO_RANGE_MESSAGE = `HER2/CEP17 ratio must be between 0 and ${ISH_RATIO_MAX}`;
export const ISH_COPIES_RANGE_MESSAGE = `Mean HER2 copies per cell must be between 0 and ${ISH_COPIES_MAX}`;

export const IhcScoreSchema = z.enum(IHC_SCORES, {
  error: "Choose an IHC score, or leave it empty when no IHC was done",
});

const IshRatioSchema = z
  .number({ error: "HER2/CEP17 ratio must be a number" })
  .min(0, { error: ISH_RATIO_RANGE_MESSAGE })
  .max(ISH_RATIO_MAX, { error: ISH_RATIO_RANGE_MESSAGE });

const IshCopiesSchema = z
  .number({ error: "Mean HER2 copies per cell must be a number" })
  .min(0, { error: ISH_COPIES_RANGE_MESSAGE })
  .max(ISH_COPIES_MAX, { error: ISH_COPIES_RANGE_MESSAGE });

export const Her2ScoringInputSchema = z
  .object({
    ihcScore: IhcScoreSchema.nullable(),
    ishRatio: IshRatioSchema.nullable().optional(),
    ishCopies: IshCopiesSchema.nullable().optional(),
  })
  .superRefine(
    (value, context) => {
      // ASCO/CAP 2018 dual-probe ISH is read from the ratio and the copy number together; one
      // without the other cannot be placed in a group. The message goes on the missing field.
      const hasRatio = value.ishRatio !== null && value.ishRatio !== undefined;
      const hasCopies = value.ishCopies !== null && value.ishCopies !== undefined;
      if (hasRatio && !hasCopies) {
        context.addIssue({ code: "custom", path: ["ishCopies"], message: ISH_PAIR_MESSAGE });
      }
      if (hasCopies && !hasRatio) {
        context.addIssue({ code: "custom", path: ["ishRatio"], message: ISH_PAIR_MESSAGE });
      }
    },
    {
      // Run even when another field failed its type check, so the form shows every message at
      // once. The refinement only compares the two fields with null/undefined, which is safe
      // on unparsed values.
      when: (payload) => typeof payload.value === "object" && payload.value !== null,
    },
  );

export type Her2ScoringInput = z.infer<typeof Her2ScoringInputSchema>;

/** Classify parsed form or request input (the schema names the IHC field `ihcScore`). */
export function classifyHer2ScoringInput(input: Her2ScoringInput): Her2Classification {
  return classifyHer2Test({
    ihc: input.ihcScore,
    ishRatio: input.ishRatio ?? null,
    ishCopies: input.ishCopies ?? null,
  });
}
