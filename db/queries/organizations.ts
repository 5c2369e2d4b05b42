import type { Kysely } from "kysely";
import type { OrganizationKind } from "../codes.ts";
import type { Database } from "../schema.ts";

/** Creates an organization, or returns the existing one with the same slug (seeding is repeatable). */
export async function upsertOrganization(
  db: Kysely<Database>,
  input: {
    slug: string;
    name: string;
    kind: OrganizationKind;
    parentId?: string | null;
    makesRegulations?: boolean;
  },
): Promise<string> {
  const row = await db
    .insertInto("organizations")
    .values({
      slug: input.slug,
      name: input.name,
      kind: input.kind,
      parent_id: input.parentId ?? null,
      makes_regulations: input.makesRegulations ?? false,
    })
    .onConflict((oc) => oc.column("slug").doUpdateSet({ name: input.name }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Lists organizations, the regulation-making ones first. */
export async function listOrganizations(db: Kysely<Database>) {
  return db
    .selectFrom("organizations")
    .select(["id", "slug", "name", "kind", "parent_id", "makes_regulations"])
    .orderBy("makes_regulations", "desc")
    .orderBy("name")
    .execute();
}

/** Creates a contact point, or returns the existing one of the same name. */
export async function upsertContactPoint(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    name: string;
    district: string;
    address: string;
    phone?: string | null;
  },
): Promise<string> {
  const row = await db
    .insertInto("contact_points")
    .values({
      organization_id: input.organizationId,
      name: input.name,
      district: input.district,
      address: input.address,
      phone: input.phone ?? null,
    })
    .onConflict((oc) =>
      oc.column("name").doUpdateSet({ address: input.address, district: input.district }),
    )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Lists contact points with their host organization, active ones first. */
export async function listContactPoints(
  db: Kysely<Database>,
  options: { activeOnly?: boolean } = {},
) {
  let q = db
    .selectFrom("contact_points as cp")
    .innerJoin("organizations as o", "o.id", "cp.organization_id")
    .select([
      "cp.id",
      "cp.name",
      "cp.district",
      "cp.address",
      "cp.phone",
      "cp.active",
      "o.name as organizationName",
    ]);
  if (options.activeOnly) q = q.where("cp.active", "=", true);
  return q.orderBy("cp.district").orderBy("cp.name").execute();
}

/** The regulation-making legislature that citizens join on sign-up (the first one made). */
export async function defaultOrganizationId(db: Kysely<Database>): Promise<string | undefined> {
  const row = await db
    .selectFrom("organizations")
    .select("id")
    .where("makes_regulations", "=", true)
    .orderBy("created_at")
    .orderBy("id")
    .executeTakeFirst();
  return row?.id;
}
