import "server-only";
import type { SessionUser } from "../auth/roles";

/**
 * Who acts when an account is made from the command line (`npm run user:create`): someone with
 * shell access to the server, which is how the first administrator of a fresh install exists.
 * Only this exact object counts, so no request can pass for it.
 */
export type CommandLineActor = { readonly kind: "command-line" };
export const COMMAND_LINE_ACTOR: CommandLineActor = Object.freeze({ kind: "command-line" });

export type UserAdminActor = SessionUser | CommandLineActor;

export function isCommandLineActor(actor: UserAdminActor): actor is CommandLineActor {
  return actor === COMMAND_LINE_ACTOR;
}
