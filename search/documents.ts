// What gets indexed, read from the database: bills, the articles of every published version,
// and opinions. Unpublished documents carry published=false and are filtered at query time, so
// the drafters of their legislature find them and the public never does: a bill is published
// once it has a published reading, an opinion once its status is. A contact point's opinions are
// not indexed at all until its report is submitted (the handling view's rule, visibleToDrafters):
// until then they are the point's own, not even its legislature's drafters see them.

import { type Kysely, sql } from "kysely";
import { visibleToDrafters } from "../db/queries/handling.ts";
import type { Database } from "../db/schema.ts";
import type { SearchDocument } from "./types.ts";

const SAFE = /^[A-Za-z0-9_-]+$/;

/** The engine-safe document id of a bill, provision (`versionId/pid`) or opinion. */
export function documentId(kind: SearchDocument["kind"], entityId: string): string {
  const key = SAFE.test(entityId.replace("/", "_"))
    ? entityId.replace("/", "_")
    : Buffer.from(entityId).toString("base64url");
  return `${kind}-${key}`;
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** The documents of these bills (missing ids are absent from the result). */
export async function loadBills(db: Kysely<Database>, ids: string[]): Promise<SearchDocument[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("bills as b")
    .select((eb) => [
      "b.id",
      "b.title",
      "b.summary",
      "b.organization_id",
      "b.created_at",
      eb
        .selectFrom("versions as v")
        .select("v.label")
        .whereRef("v.bill_id", "=", "b.id")
        .orderBy("v.seq", "desc")
        .limit(1)
        .as("stage"),
    ])
    .where("b.id", "in", ids)
    .execute();
  return rows.map((b) => ({
    id: documentId("bill", b.id),
    kind: "bill",
    entityId: b.id,
    billId: b.id,
    organizationId: b.organization_id,
    versionId: null,
    consultationId: null,
    pid: null,
    number: null,
    label: null,
    title: b.title,
    text: b.summary ? `${b.title}\n${b.summary}` : b.title,
    reading: null,
    stage: b.stage ?? null,
    channel: null,
    contactPointId: null,
    region: null,
    respondentType: null,
    disposition: null,
    // A bill without a published reading is still being drafted: its title is not public.
    published: b.stage !== null,
    createdAt: iso(b.created_at),
  }));
}

/** The documents of these articles (`versionId/pid`); other provision kinds are not indexed. */
export async function loadProvisions(
  db: Kysely<Database>,
  keys: string[] | { versionId: string },
): Promise<SearchDocument[]> {
  let q = db
    .selectFrom("provisions as p")
    .innerJoin("versions as v", "v.id", "p.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select([
      "p.version_id",
      "p.pid",
      "p.number",
      "p.label",
      "p.text",
      "v.label as reading",
      "v.published_at",
      "b.id as bill_id",
      "b.organization_id",
    ])
    .where("p.kind", "=", "article");
  if (Array.isArray(keys)) {
    if (!keys.length) return [];
    q = q.where(sql<string>`p.version_id || '/' || p.pid`, "in", keys);
  } else q = q.where("p.version_id", "=", keys.versionId);
  const rows = await q.execute();
  return rows.map((p) => ({
    id: documentId("provision", `${p.version_id}/${p.pid}`),
    kind: "provision",
    entityId: `${p.version_id}/${p.pid}`,
    billId: p.bill_id,
    organizationId: p.organization_id,
    versionId: p.version_id,
    consultationId: null,
    pid: p.pid,
    number: p.number,
    label: p.label,
    title: p.label,
    text: p.text,
    reading: p.reading,
    stage: null,
    channel: null,
    contactPointId: null,
    region: null,
    respondentType: null,
    disposition: null,
    published: true,
    createdAt: iso(p.published_at),
  }));
}

/**
 * The documents of these opinions, with their disposition and reading; a contact point's
 * opinions only once its report counts (absent ids are removed from the index by the indexer).
 */
export async function loadOpinions(db: Kysely<Database>, ids: string[]): Promise<SearchDocument[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select([
      "o.id",
      "o.consultation_id",
      "o.version_id",
      "o.provision_pid",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.contact_point_id",
      "o.author_region",
      "o.respondent_type",
      "o.status",
      "o.created_at",
      "p.number",
      "p.label",
      "v.label as reading",
      "b.id as bill_id",
      "b.organization_id",
      "d.code",
    ])
    .where("o.id", "in", ids)
    .where((eb) => visibleToDrafters(eb as never))
    .execute();
  return rows.map((o) => ({
    id: documentId("opinion", o.id),
    kind: "opinion",
    entityId: o.id,
    billId: o.bill_id,
    organizationId: o.organization_id,
    versionId: o.version_id,
    consultationId: o.consultation_id,
    pid: o.provision_pid,
    number: o.number ?? null,
    label: o.label ?? null,
    title: "",
    text: o.proposed_text ? `${o.body}\n${o.proposed_text}` : o.body,
    reading: o.reading,
    stage: null,
    channel: o.channel,
    contactPointId: o.contact_point_id,
    region: o.author_region,
    respondentType: o.respondent_type,
    disposition: o.code ?? null,
    published: o.status === "published",
    createdAt: iso(o.created_at),
  }));
}
