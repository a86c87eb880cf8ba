import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "../auth/password-policy";
import { ROLES, type Role } from "../auth/roles";
import { isPlainText } from "../plain-text";
import { freeText } from "../free-text";
import { SiteCodeSchema } from "../sites/schemas";

export const PASSWORD_MAX_LENGTH = 200;

export const UserEmailSchema = z
  .string({ error: "Enter an e-mail address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an e-mail address")
  .max(254, "E-mail addresses are at most 254 characters")
  .regex(z.regexes.html5Email, "Enter an e-mail address such as name@hospital.org");

const UserNameSchema = freeText("The name", { error: "Enter the person's name", min: 1, minMessage: "Enter the person's name", max: 120, maxMessage: "Names are at most 120 characters" });

export const RoleSchema = z.enum(ROLES, { error: "Choose a role" });

/** A coordinator's site code; an empty form field means "no site". */
const OptionalSiteCodeSchema = z.preprocess(
  (value) => (value === "" || value === undefined ? null : value),
  SiteCodeSchema.nullable(),
);

const FormBooleanSchema = z.union([z.boolean(), z.stringbool()]);

export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Passwords are at most ${PASSWORD_MAX_LENGTH} characters`);

/**
 * Product.md §1: a coordinator works at exactly one site; investigators and administrators see
 * every site and so have none. The message sits on the site field, where it is fixed.
 */
export function roleSiteProblem(role: Role, siteCode: string | null): string | null {
  switch (role) {
    case "COORDINATOR":
      return siteCode === null ? "Choose the coordinator's site" : null;
    case "INVESTIGATOR":
    case "ADMIN":
      return siteCode === null ? null : "Only coordinators belong to a site: investigators and administrators see every site";
  }
}

export const CreateUserSchema = z
  .object({
    email: UserEmailSchema,
    name: UserNameSchema,
    role: RoleSchema,
    siteCode: OptionalSiteCodeSchema,
    /** Omitted: a random password is generated and shown once. */
    password: z.preprocess((value) => (value === "" ? undefined : value), NewPasswordSchema.optional()),
  })
  .superRefine((input, context) => {
    const problem = roleSiteProblem(input.role, input.siteCode);
    if (problem) context.addIssue({ code: "custom", path: ["siteCode"], message: problem });
  });
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** Changes to an account: any of name, role, site and active. Role and site are checked together
 * against the account as it will be, in lib/users/update-user.ts. */
export const UpdateUserSchema = z
  .object({
    name: UserNameSchema.optional(),
    role: RoleSchema.optional(),
    siteCode: z.preprocess((value) => (value === "" ? null : value), SiteCodeSchema.nullable().optional()),
    active: FormBooleanSchema.optional(),
  })
  .superRefine((input, context) => {
    if (input.role !== undefined && input.siteCode !== undefined) {
      const problem = roleSiteProblem(input.role, input.siteCode);
      if (problem) context.addIssue({ code: "custom", path: ["siteCode"], message: problem });
    }
    if (Object.values(input).every((value) => value === undefined)) {
      context.addIssue({ code: "custom", path: ["name"], message: "Nothing to change" });
    }
  });
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

/** User ids are cuids: letters and digits only. */
export const UserIdSchema = z.string().trim().regex(/^[a-z0-9]{10,40}$/i, "Not a user");

export const USER_STATUSES = ["active", "inactive", "all"] as const;

export const ListUsersQuerySchema = z.object({
  q: z.string().trim().max(100).refine(isPlainText).optional().catch(undefined),
  role: RoleSchema.optional().catch(undefined),
  status: z.enum(USER_STATUSES).default("all").catch("all"),
});
export type ListUsersQuery = z.infer<typeof ListUsersQuerySchema>;
