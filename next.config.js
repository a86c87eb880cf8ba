// @ts-check

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // PGlite ships WASM and data files that must be loaded from node_modules at run time, and
  // argon2 is a native addon: none of them can be bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2"],
  typescript: { tsconfigPath: "tsconfig.json" },
};

export default nextConfig;
