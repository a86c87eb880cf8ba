import "server-only";

/** A site as the admin pages show it, with how many live patients and active coordinators it has. */
export type SiteSummary = {
  id: number;
  code: string;
  name: string;
  active: boolean;
  patients: number;
  coordinators: number;
};
