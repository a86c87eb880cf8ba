// Shared by the e2e server script and the specs: the seeded end-to-end database.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_BASE_URL = `http://localhost:${E2E_PORT}`;
export const E2E_PASSWORD = "e2e-Demo-Password-2026";
export const E2E_PATIENTS = 600;
export const E2E_SEED = 7;

export const E2E_USERS = {
  admin: "admin@demo.example",
  coordinator: "coordinator@demo.example",
  investigator: "investigator@demo.example",
} as const;
