import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "../db/client";
import { isAppError } from "../errors";
import { authBaseConfig } from "./auth-base-config";
import { authenticateWithPassword } from "./authenticate";
import { recordSignOut } from "./record-sign-out";
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
      await recordSignOut(await getDb(), { uid: token.uid, email: token.email ?? "", siteId: token.siteId ?? null });
    },
  },
});
