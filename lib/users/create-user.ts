import "server-only";
import { recordAuditEvent } from "../audit/record-audit-event";
import { creationChanges } from "../audit/diff-changes";
import { assertRole } from "../auth/assert-role";
import { generatePassword, hashPassword } from "../auth/password";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/unique-violation";
import { AppError } from "../errors";
import { isCommandLineActor, type UserAdminActor } from "./command-line-actor";
import { resolveAssignableSite } from "./resolve-site";
import type { CreateUserInput } from "./schemas";
import { USER_SUMMARY_SELECT, type UserSummary } from "./user-summary";

export type CreatedUser = {
  user: UserSummary;
  /** The generated password, to be shown once; null when the caller chose the password. */
  generatedPassword: string | null;
};

function duplicateEmail(email: string): AppError {
  return new AppError("CONFLICT", `An account with the e-mail address ${email} already exists`, {
    fields: [{ path: "email", message: "An account with this e-mail address already exists" }],
  });
}

/**
 * Creates an account (administrators only, or the command line for the first administrator)
 * and its audit event in one transaction. The password is hashed with argon2id; when none is
 * given a random one is generated and returned once, to be handed to the person.
 */
export async function createUser(actor: UserAdminActor, input: CreateUserInput): Promise<CreatedUser> {
  const commandLine = isCommandLineActor(actor);
  if (!commandLine) assertRole(actor, ["ADMIN"]);
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? generatedPassword ?? "");
  const db = await getDb();
  try {
    const user = await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw duplicateEmail(input.email);
      const site = await resolveAssignableSite(tx, input.siteCode);
      const created = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          role: input.role,
          siteId: site?.id ?? null,
          passwordHash,
          // The application's clock, which also stamps session tokens.
          sessionsValidFrom: new Date(),
        },
        select: USER_SUMMARY_SELECT,
      });
      await recordAuditEvent(tx, {
        actor: commandLine ? null : actor,
        entity: "USER",
        entityId: created.id,
        action: "CREATE",
        changes: creationChanges({ email: created.email, name: created.name, role: created.role, site: site?.code ?? null, active: true }),
        reason: commandLine ? "command line" : null,
      });
      return created;
    });
    return { user, generatedPassword };
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateEmail(input.email);
    throw error;
  }
}
