// Recognises a unique-constraint violation (Prisma P2002) on both drivers, so that a write
// racing another with the same key answers 409 CONFLICT instead of a 500.
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
