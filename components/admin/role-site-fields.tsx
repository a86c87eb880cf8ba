"use client";

import { useState } from "react";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { SelectField, type SelectOption } from "./form-fields";

/**
 * Role and site together: only coordinators belong to a site, so the site list appears for
 * them alone (and an empty site is sent for the other roles).
 */
export function RoleSiteFields({
  defaultRole,
  defaultSiteCode,
  siteOptions,
  roleError,
  siteError,
  roleLocked,
}: {
  defaultRole: Role;
  defaultSiteCode: string | null;
  siteOptions: readonly SelectOption[];
  roleError?: string | undefined;
  siteError?: string | undefined;
  /** Administrators cannot change their own role. */
  roleLocked?: boolean;
}) {
  const [role, setRole] = useState<Role>(defaultRole);
  return (
    <>
      <SelectField
        name="role"
        label="Role"
        value={role}
        onChange={(event) => setRole(event.target.value as Role)}
        options={ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }))}
        error={roleError}
        disabled={roleLocked}
        hint={roleLocked ? "You cannot change your own role: ask another administrator." : "Coordinators enter cases for one site; investigators read everything; administrators manage the study."}
      />
      {/* A disabled select is not submitted: send the unchanged role explicitly. */}
      {roleLocked ? <input type="hidden" name="role" value={role} /> : null}
      {role === "COORDINATOR" ? (
        <SelectField
          name="siteCode"
          label="Site"
          defaultValue={defaultSiteCode ?? ""}
          options={[{ value: "", label: "Choose a site…" }, ...siteOptions]}
          error={siteError}
          hint="The coordinator sees and edits this site's cases only."
        />
      ) : (
        <>
          <input type="hidden" name="siteCode" value="" />
          {siteError ? (
            <p id="siteCode-error" className="text-sm text-red-700">
              {siteError}
            </p>
          ) : null}
        </>
      )}
    </>
  );
}
