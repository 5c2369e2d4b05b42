import type { Kysely } from "kysely";
import { recordAudit } from "../db/queries/audit.ts";
import { contactPointIdByName, getContactPoint } from "../db/queries/contact-points.ts";
import {
  coordinatorMembership,
  findUserIdByEmail,
  grantRole,
  userExists,
} from "../db/queries/users.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { conflict, notFound } from "./errors.ts";
import type { AccountActor } from "./accounts.ts";

// The administrator's registry of contact points (基层立法联系点): registering and editing a
// point, and naming its coordinators. Each command runs in one transaction with its audit row
// and refuses with a ServiceError.

/** A contact point's registered details, as the administrator's form gives them. */
export interface ContactPointDetails {
  organizationId: string;
  name: string;
  district: string;
  address: string;
  hostOrganization: string;
  phone: string;
  active: boolean;
}

function columns(p: ContactPointDetails) {
  return {
    organization_id: p.organizationId,
    name: p.name,
    district: p.district,
    address: p.address,
    host_organization: p.hostOrganization,
    phone: p.phone || null,
    active: p.active,
  };
}

/** Registers a contact point (active); its name must be unused. Returns its id. */
export async function registerContactPoint(
  db: Kysely<Database>,
  actor: AccountActor,
  details: ContactPointDetails,
): Promise<string> {
  return inTransaction(db, async (trx) => {
    if (await contactPointIdByName(trx, details.name)) throw conflict("cp.admin.nameTaken");
    const { id } = await trx
      .insertInto("contact_points")
      .values({ ...columns(details), active: true })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "contact_point.create",
      subjectType: "contact_point",
      subjectId: id,
      data: { name: details.name, active: true },
      ip: actor.ip,
    });
    return id;
  });
}

/** Changes a contact point's details; its name must not be another point's. */
export async function updateContactPoint(
  db: Kysely<Database>,
  actor: AccountActor,
  pointId: string,
  details: ContactPointDetails,
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const clash = await contactPointIdByName(trx, details.name);
    if (clash && clash !== pointId) throw conflict("cp.admin.nameTaken");
    const updated = await trx
      .updateTable("contact_points")
      .set(columns(details))
      .where("id", "=", pointId)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw notFound();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "contact_point.update",
      subjectType: "contact_point",
      subjectId: pointId,
      data: { name: details.name, active: details.active },
      ip: actor.ip,
    });
  });
}

async function pointOrRefuse(trx: Kysely<Database>, pointId: string) {
  const point = await getContactPoint(trx, pointId);
  if (!point) throw notFound();
  return point;
}

/** Makes the user with this e-mail address a coordinator of the point (one point each). */
export async function assignCoordinator(
  db: Kysely<Database>,
  actor: AccountActor,
  input: { pointId: string; email: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const point = await pointOrRefuse(trx, input.pointId);
    const userId = await findUserIdByEmail(trx, input.email);
    if (!userId) throw conflict("cp.admin.noUser");
    if (await coordinatorMembership(trx, userId)) throw conflict("admin.users.onePoint");
    await grantRole(trx, {
      userId,
      organizationId: point.organization_id,
      role: "coordinator",
      contactPointId: point.id,
    });
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "role.grant",
      subjectType: "user",
      subjectId: userId,
      data: {
        role: "coordinator",
        organizationId: point.organization_id,
        contactPointId: point.id,
      },
      ip: actor.ip,
    });
  });
}

/** Ends a user's service as a coordinator of the point. */
export async function unassignCoordinator(
  db: Kysely<Database>,
  actor: AccountActor,
  input: { pointId: string; userId: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const point = await pointOrRefuse(trx, input.pointId);
    if (!(await userExists(trx, input.userId))) throw conflict("cp.admin.noUser");
    await trx
      .deleteFrom("memberships")
      .where("user_id", "=", input.userId)
      .where("role", "=", "coordinator")
      .where("contact_point_id", "=", point.id)
      .execute();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "role.revoke",
      subjectType: "user",
      subjectId: input.userId,
      data: {
        role: "coordinator",
        organizationId: point.organization_id,
        contactPointId: point.id,
      },
      ip: actor.ip,
    });
  });
}
