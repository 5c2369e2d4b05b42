import type { Kysely } from "kysely";
import type { Role } from "../codes.ts";
import type { Database, User } from "../schema.ts";

export interface MembershipSummary {
  id: string;
  organizationId: string;
  organizationName: string;
  role: Role;
  contactPointId: string | null;
  contactPointName: string | null;
}

export interface UserWithRoles extends Pick<User, "id" | "email" | "display_name" | "locale"> {
  memberships: MembershipSummary[];
}

/** Normalises an e-mail address the way the database's check expects. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Finds an enabled user by e-mail, with the password hash, for signing in. */
export async function findUserForSignIn(db: Kysely<Database>, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "password_hash", "disabled_at"])
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
}

/** Creates a user; the caller has hashed the password. */
export async function insertUser(
  db: Kysely<Database>,
  input: { email: string; displayName: string; passwordHash: string; locale?: "zh-CN" | "en" },
): Promise<string> {
  const row = await db
    .insertInto("users")
    .values({
      email: normalizeEmail(input.email),
      display_name: input.displayName.trim(),
      password_hash: input.passwordHash,
      locale: input.locale ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Lists a user's memberships with the names a page shows. */
export async function listMemberships(
  db: Kysely<Database>,
  userId: string,
): Promise<MembershipSummary[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("organizations as o", "o.id", "m.organization_id")
    .leftJoin("contact_points as cp", "cp.id", "m.contact_point_id")
    .select([
      "m.id",
      "m.organization_id as organizationId",
      "o.name as organizationName",
      "m.role",
      "m.contact_point_id as contactPointId",
      "cp.name as contactPointName",
    ])
    .where("m.user_id", "=", userId)
    .orderBy("m.created_at")
    .execute();
  return rows;
}

/** Loads a user and their roles, or undefined when absent or disabled. */
export async function getUserWithRoles(
  db: Kysely<Database>,
  userId: string,
): Promise<UserWithRoles | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "display_name", "locale"])
    .where("id", "=", userId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  if (!user) return undefined;
  return { ...user, memberships: await listMemberships(db, userId) };
}

/** Grants a role in an organization; a coordinator needs the contact point they serve. */
export async function grantRole(
  db: Kysely<Database>,
  input: { userId: string; organizationId: string; role: Role; contactPointId?: string | null },
): Promise<void> {
  await db
    .insertInto("memberships")
    .values({
      user_id: input.userId,
      organization_id: input.organizationId,
      role: input.role,
      contact_point_id: input.role === "coordinator" ? (input.contactPointId ?? null) : null,
    })
    .onConflict((oc) => oc.columns(["user_id", "organization_id", "role"]).doNothing())
    .execute();
}

/** Removes a role from a user in an organization. */
export async function revokeRole(
  db: Kysely<Database>,
  input: { userId: string; organizationId: string; role: Role },
): Promise<number> {
  const result = await db
    .deleteFrom("memberships")
    .where("user_id", "=", input.userId)
    .where("organization_id", "=", input.organizationId)
    .where("role", "=", input.role)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Pages through users for the admin list, newest first, optionally filtered by a query. */
export async function listUsers(
  db: Kysely<Database>,
  options: { query?: string; limit: number; offset: number },
) {
  let q = db
    .selectFrom("users")
    .select(["id", "email", "display_name", "created_at", "disabled_at"]);
  if (options.query) {
    const like = `%${options.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb("email", "ilike", like), eb("display_name", "ilike", like)]));
  }
  const users = await q
    .orderBy("created_at", "desc")
    .orderBy("id")
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  const ids = users.map((u) => u.id);
  const memberships = ids.length
    ? await db
        .selectFrom("memberships as m")
        .innerJoin("organizations as o", "o.id", "m.organization_id")
        .leftJoin("contact_points as cp", "cp.id", "m.contact_point_id")
        .select([
          "m.user_id",
          "m.role",
          "m.organization_id",
          "o.name as organizationName",
          "cp.name as contactPointName",
        ])
        .where("m.user_id", "in", ids)
        .execute()
    : [];
  return users.map((u) => ({ ...u, memberships: memberships.filter((m) => m.user_id === u.id) }));
}

/** The id of the user with this e-mail address (normalised), if there is one. */
export async function findUserIdByEmail(db: Kysely<Database>, email: string) {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", normalizeEmail(email))
    .executeTakeFirst();
  return row?.id;
}

/** Whether a user exists (disabled or not). */
export async function userExists(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("id", "=", userId).executeTakeFirst();
  return row !== undefined;
}

/** The contact point a user already coordinates (a user serves one point at most), if any. */
export async function coordinatorMembership(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "contact_point_id"])
    .where("user_id", "=", userId)
    .where("role", "=", "coordinator")
    .executeTakeFirst();
}
