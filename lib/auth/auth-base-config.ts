// The part of the Auth.js configuration that needs no database: it is shared by the request
// proxy (which only reads the session token) and the full configuration in lib/auth/auth.ts.
import type { NextAuthConfig } from "next-auth";
import { env } from "../env";
import { isRole, type Role } from "./roles";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; role: Role; siteId: number | null; signedInAt: number };
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    siteId?: number | null;
    /** Milliseconds since the epoch when the user signed in: sessions expire from here. */
    signedInAt?: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = Math.round(env.SESSION_MAX_AGE_HOURS * 3600);

export const authBaseConfig = {
  secret: env.AUTH_SECRET,
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        const signedIn = user as { id?: string; role?: unknown; siteId?: unknown };
        token.uid = signedIn.id;
        token.role = isRole(signedIn.role) ? signedIn.role : undefined;
        token.siteId = typeof signedIn.siteId === "number" ? signedIn.siteId : null;
        token.signedInAt = Date.now();
        return token;
      }
      // An absolute lifetime: using the app does not extend a session past its maximum age.
      if (!token.signedInAt || Date.now() - token.signedInAt > SESSION_MAX_AGE_SECONDS * 1000) return null;
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.role && token.signedInAt) {
        session.user = {
          ...session.user,
          id: token.uid,
          email: token.email ?? "",
          name: token.name ?? "",
          role: token.role,
          siteId: token.siteId ?? null,
          signedInAt: token.signedInAt,
        };
      }
      return session;
    },
  },
  logger: {
    // Auth.js logs whole errors by default; keep only their kind, never credentials or tokens.
    error(error) {
      // Auth.js errors carry their kind in `type` ("CredentialsSignin"); `name` is minified in
      // a production build.
      const type = (error as { type?: unknown }).type;
      console.error(`[auth] ${typeof type === "string" ? type : error.name}`);
    },
    warn(code) {
      console.warn(`[auth] ${code}`);
    },
    debug() {},
  },
} satisfies NextAuthConfig;
