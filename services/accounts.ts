import type { Kysely } from "kysely";
import type { Role } from "../db/codes.ts";
import { hashPassword, verifyPassword } from "../db/password.ts";
import { countAdmins } from "../db/queries/admin.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { defaultOrganizationId } from "../db/queries/organizations.ts";
import {
  coordinatorMembership,
  findUserForSignIn,
  findUserIdByEmail,
  grantRole,
  insertUser,
  revokeRole,
} from "../db/queries/users.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { conflict, invalidInput } from "./errors.ts";

// Accounts: a citizen signs up; an administrator grants and revokes roles. Each command runs
// in one transaction with its audit row and refuses with a ServiceError.

/** Who does it, for the audit log. */
export interface AccountActor {
  userId: string;
  ip?: string | null;
}

/** PostgreSQL's unique_violation: two requests raced for one key and the database decided. */
const UNIQUE_VIOLATION = "23505";

/**
 * Signs a citizen up: the account, the citizen role in the default legislature and the audit
 * row, or a refusal on the e-mail field when the address is taken (also when two sign-ups with
 * one address race: the database's unique key decides). Returns the new user's id.
 */
export async function signUp(
  db: Kysely<Database>,
  input: {
    email: string;
    displayName: string;
    password: string;
    locale?: "zh-CN" | "en";
    ip?: string | null;
  },
): Promise<string> {
  const passwordHash = await hashPassword(input.password);
  const taken = () => invalidInput("auth.signUp.emailTaken", { email: "auth.signUp.emailTaken" });
  try {
    return await inTransaction(db, async (trx) => {
      if (await findUserIdByEmail(trx, input.email)) throw taken();
      const id = await insertUser(trx, {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: input.locale,
      });
      const organizationId = await defaultOrganizationId(trx);
      if (organizationId) await grantRole(trx, { userId: id, organizationId, role: "citizen" });
      await recordAudit(trx, {
        actorUserId: id,
        action: "user.sign_up",
        subjectType: "user",
        subjectId: id,
        ip: input.ip,
      });
      return id;
    });
  } catch (error) {
    if ((error as { code?: unknown })?.code === UNIQUE_VIOLATION) throw taken();
    throw error;
  }
}

/**
 * Checks a sign-in and writes its audit row; returns the user's id. A wrong address, a wrong
 * password and a disabled account get one refusal, so the answer tells nobody which it was.
 */
export async function signIn(
  db: Kysely<Database>,
  input: { email: string; password: string; ip?: string | null },
): Promise<string> {
  const found = await findUserForSignIn(db, input.email);
  const valid = await verifyPassword(found?.password_hash, input.password);
  if (!found || !valid || found.disabled_at) throw invalidInput("auth.signIn.failed");
  await recordAudit(db, {
    actorUserId: found.id,
    action: "user.sign_in",
    subjectType: "user",
    subjectId: found.id,
    ip: input.ip,
  });
  return found.id;
}

/** A role granted or revoked in an organization (a coordinator's names their contact point). */
export interface RoleChange {
  userId: string;
  organizationId: string;
  role: Role;
  contactPointId?: string | null;
}

/**
 * Grants a role. A coordinator needs the contact point they serve, and serves one point only.
 */
export async function grantUserRole(
  db: Kysely<Database>,
  actor: AccountActor,
  change: RoleChange,
): Promise<void> {
  const contactPointId = change.contactPointId || null;
  if (change.role === "coordinator" && !contactPointId) throw invalidInput("admin.users.needPoint");
  await inTransaction(db, async (trx) => {
    if (change.role === "coordinator" && (await coordinatorMembership(trx, change.userId)))
      throw conflict("admin.users.onePoint");
    await grantRole(trx, { ...change, contactPointId });
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "role.grant",
      subjectType: "user",
      subjectId: change.userId,
      data: { role: change.role, organizationId: change.organizationId, contactPointId },
      ip: actor.ip,
    });
  });
}

/** Revokes a role; the last administrator keeps theirs, so someone can always administer. */
export async function revokeUserRole(
  db: Kysely<Database>,
  actor: AccountActor,
  change: RoleChange,
): Promise<void> {
  const contactPointId = change.contactPointId || null;
  await inTransaction(db, async (trx) => {
    if (change.role === "admin" && (await countAdmins(trx)) <= 1)
      throw conflict("admin.users.lastAdmin");
    await revokeRole(trx, change);
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "role.revoke",
      subjectType: "user",
      subjectId: change.userId,
      data: { role: change.role, organizationId: change.organizationId, contactPointId },
      ip: actor.ip,
    });
  });
}
