import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb } from "../db/client";
import { isAppError } from "../errors";
import { authBaseConfig } from "./auth-base-config";
import { authenticateWithPassword } from "./authenticate";
import { clientAddressOf } from "./throttle";

class RateLimitedSignIn extends CredentialsSignin {
  override code = "rate_limited";
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authBaseConfig,
  providers: [
    Credentials({
      credentials: { email: { label: "E-mail", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          return await authenticateWithPassword(credentials, clientAddressOf(request.headers));
        } catch (error) {
          if (isAppError(error) && error.code === "RATE_LIMITED") throw new RateLimitedSignIn();
          if (isAppError(error) && error.code === "UNAUTHENTICATED") return null;
          throw error;
        }
      },
    }),
  ],
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      if (!token?.uid) return;
      const db = await getDb();
      await recordAuditEvent(db, {
        actor: { id: token.uid, email: token.email ?? "", siteId: token.siteId ?? null },
        entity: "SESSION",
        entityId: token.uid,
        action: "SIGN_OUT",
      });
    },
  },
});
