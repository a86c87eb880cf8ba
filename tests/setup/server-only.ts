// Stands in for the "server-only" marker package under Vitest, which runs outside React's
// server environment; Next.js still enforces the marker in the app build.
export {};
