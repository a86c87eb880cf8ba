import type { DemoSignIn } from "./seed-demo";

export function formatSignIns(signIns: readonly DemoSignIn[]): string {
  return signIns
    .map((signIn) => `  ${signIn.role.padEnd(12)} ${signIn.email.padEnd(24)} ${signIn.password}${signIn.site ? `   (site ${signIn.site})` : ""}`)
    .join("\n");
}
