import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { visibleToDrafters } from "./handling.ts";

// What the reviewer's pages read beyond the handling view: the submitted dispositions of a
// consultation in the text's order with who drafted them, and what a publication would change
// and whom it would tell. Both read the working copy (disposition_work) through its
// (consultation_id, state) index.

/**
 * One page of a consultation's dispositions awaiting review (state submitted), in the order of
 * the text (the whole draft first), then as the opinions arrived: each with its opinion, the
 * proposed code and reason, the provision it changes, who drafted and submitted it, and the
 * public record it would replace, if any.
 */
export async function listSubmittedDispositions(
  db: Kysely<Database>,
  consultationId: string,
  page: { size: number; offset: number },
) {
  const rows = await db
    .selectFrom("disposition_work as w")
    .innerJoin("opinions as o", "o.id", "w.opinion_id")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("provisions as cp", (join) =>
      join
        .onRef("cp.version_id", "=", "w.changed_version_id")
        .onRef("cp.pid", "=", "w.changed_pid"),
    )
    .leftJoin("users as drafter", "drafter.id", "w.drafted_by")
    .leftJoin("users as submitter", "submitter.id", "w.submitted_by")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select([
      "o.id",
      "o.receipt",
      "o.body",
      "o.proposed_text",
      "o.channel",
      "o.headcount",
      "o.provision_pid",
      "p.label as provisionLabel",
      "w.code",
      "w.reason",
      "cp.label as changedLabel",
      "w.submitted_at",
      "drafter.display_name as drafterName",
      "submitter.display_name as submitterName",
      "d.code as publicCode",
    ])
    .where("w.consultation_id", "=", consultationId)
    .where("w.state", "=", "submitted")
    .where(visibleToDrafters)
    .orderBy(sql`p.ordinal NULLS FIRST`)
    .orderBy("o.created_at")
    .orderBy("o.id")
    .limit(page.size + 1)
    .offset(page.offset)
    .execute();
  return { rows: rows.slice(0, page.size), more: rows.length > page.size };
}

export type SubmittedDisposition = Awaited<
  ReturnType<typeof listSubmittedDispositions>
>["rows"][number];

/** How many of a consultation's dispositions await review and how many await publication. */
export async function countReviewStates(db: Kysely<Database>, consultationId: string) {
  const row = await db
    .selectFrom("disposition_work as w")
    .select([
      sql<string>`count(*) FILTER (WHERE w.state = 'submitted')`.as("submitted"),
      sql<string>`count(*) FILTER (WHERE w.state = 'approved')`.as("approved"),
    ])
    .where("w.consultation_id", "=", consultationId)
    .where("w.state", "in", ["submitted", "approved"])
    .executeTakeFirstOrThrow();
  return { submitted: Number(row.submitted), approved: Number(row.approved) };
}

/**
 * What publishing a consultation's approved dispositions (all, or those on the given provisions)
 * would do, as publishDispositions (services/disposition-workflow.ts) does it: how many it
 * publishes; of them, how many change the public record (an unchanged republication tells no
 * one); the authors with an account it tells; and the contact points with changed dispositions
 * in it, with the coordinators of those points it tells.
 */
export async function previewPublication(
  db: Kysely<Database>,
  consultationId: string,
  provisionPids: string[] | null,
) {
  const changing = sql<boolean>`(d.opinion_id IS NULL OR d.code <> w.code OR d.reason <> w.reason
    OR d.changed_version_id IS DISTINCT FROM w.changed_version_id
    OR d.changed_pid IS DISTINCT FROM w.changed_pid)`;
  const rows = await db
    .selectFrom("disposition_work as w")
    .innerJoin("opinions as o", "o.id", "w.opinion_id")
    .leftJoin("dispositions as d", "d.opinion_id", "o.id")
    .select(["o.author_user_id as author", "o.contact_point_id as point", changing.as("changing")])
    .where("w.consultation_id", "=", consultationId)
    .where("w.state", "=", "approved")
    .$if(provisionPids !== null, (q) => q.where("o.provision_pid", "in", provisionPids!))
    .execute();
  const changed = rows.filter((r) => r.changing);
  const authors = new Set(changed.flatMap((r) => (r.author ? [r.author] : [])));
  const points = [...new Set(changed.flatMap((r) => (r.point ? [r.point] : [])))];
  const coordinators =
    points.length === 0
      ? []
      : await db
          .selectFrom("memberships")
          .select("user_id")
          .distinct()
          .where("role", "=", "coordinator")
          .where("contact_point_id", "in", points)
          .execute();
  return {
    count: rows.length,
    changing: changed.length,
    authors: authors.size,
    points: points.length,
    coordinators: coordinators.length,
  };
}

/**
 * Who has what: the consultation's opinions (those the drafters see) counted per assignee and
 * work state ("none" when no disposition is drafted yet). The assignee is the opinion's own
 * assignment, else the deepest provision assignment covering it (kaimen_provision_assignees,
 * migration 0018); null for opinions nobody has.
 */
export async function countAssignedByHandler(db: Kysely<Database>, consultationId: string) {
  const rows = await db
    .selectFrom("opinions as o")
    .leftJoin("handling_assignments as oa", (join) =>
      join
        .onRef("oa.consultation_id", "=", "o.consultation_id")
        .onRef("oa.opinion_id", "=", "o.id"),
    )
    .leftJoin(
      sql<{
        pid: string;
        handler_user_id: string;
      }>`kaimen_provision_assignees(${consultationId})`.as("pa"),
      (join) => join.onRef("pa.pid", "=", "o.provision_pid"),
    )
    .leftJoin("disposition_work as w", "w.opinion_id", "o.id")
    .select([
      sql<string | null>`coalesce(oa.handler_user_id, pa.handler_user_id)`.as("handlerId"),
      sql<string>`coalesce(w.state, 'none')`.as("state"),
      sql<string>`count(*)`.as("n"),
    ])
    .where("o.consultation_id", "=", consultationId)
    .where(visibleToDrafters)
    .groupBy([sql`1`, sql`2`])
    .execute();
  return rows.map((r) => ({ handlerId: r.handlerId, state: r.state, count: Number(r.n) }));
}
