import type { AuditAction, AuditEntity } from "@/lib/generated/prisma/enums";

export const AUDIT_ENTITY_LABELS: Readonly<Record<AuditEntity, string>> = {
  PATIENT: "Patient",
  HER2_TEST: "HER2 test",
  TREATMENT_LINE: "Treatment line",
  USER: "User",
  SITE: "Site",
  SESSION: "Session",
  IMPORT: "Import",
  EXPORT: "Export",
  REDCAP_MAPPING: "REDCap mapping",
};

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  CREATE: "Created",
  UPDATE: "Changed",
  DELETE: "Deleted",
  RESTORE: "Restored",
  SIGN_IN: "Signed in",
  SIGN_IN_FAILED: "Sign-in refused",
  SIGN_OUT: "Signed out",
  IMPORT: "Imported",
  EXPORT: "Exported",
};
