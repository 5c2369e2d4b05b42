import type { UserWithRoles } from "../../db/queries/users.ts";

/** The legislatures a user drafts for (as drafter or admin). */
export function drafterOrganizations(user: UserWithRoles): string[] {
  return [
    ...new Set(
      user.memberships
        .filter((m) => m.role === "drafter" || m.role === "admin")
        .map((m) => m.organizationId),
    ),
  ];
}
