// @ts-check

// Kept in step with lib/http/security-headers.ts (STATIC_SECURITY_HEADERS), which the proxy
// and its tests use; these also cover the static files the proxy does not see.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, and
  // argon2 is a native addon: none of them can be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2"],
  typescript: { tsconfigPath: "tsconfig.json" },
  // forbidden() and unauthorized() from next/navigation, for 403 pages.
  // proxyClientMaxBodySize: the proxy buffers request bodies; CSV imports go up to 30 MB
  // (lib/cases/import-request.ts), and a larger body is refused there with 413, not truncated here.
  experimental: { authInterrupts: true, proxyClientMaxBodySize: "32mb" },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
