import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";

// A coordinator hears about each of the point's opinions when its disposition is published
// (issue 18 item 6), not only the batch notice that "n opinions" were handled. Only publication
// tells: drafts and approvals stay inside the legislature (decision record 14), and a republish
// that changes nothing tells nobody again (the caller passes only the opinions whose public
// disposition changed). These are in-app notices linking to the opinion on the activity's page;
// the batch notice beside them carries the one e-mail, so a report of a hundred opinions does
// not bring a hundred e-mails.

const EXCERPT = 30;

/** Writes one notice per coordinator of the opinion's point for each of `opinionIds`. */
export async function recordPointOpinionNotices(
  trx: Kysely<Database>,
  opinionIds: string[],
  consultation: { id: string; title: string },
): Promise<number> {
  if (opinionIds.length === 0) return 0;
  const rows = await trx
    .selectFrom("opinions as o")
    .innerJoin("dispositions as d", "d.opinion_id", "o.id")
    .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
    .innerJoin("memberships as m", (join) =>
      join.onRef("m.contact_point_id", "=", "o.contact_point_id").on("m.role", "=", "coordinator"),
    )
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select([
      "o.id",
      "o.body",
      "o.activity_id",
      "d.code",
      "cp.name as pointName",
      "m.user_id",
      "p.label as provisionLabel",
    ])
    .where("o.id", "in", opinionIds)
    .execute();
  if (rows.length === 0) return 0;
  await trx
    .insertInto("notifications")
    .values(
      rows.map((r) => {
        const body = r.body.replace(/\s+/g, " ").trim();
        return {
          user_id: r.user_id,
          kind: "point_opinion_disposed",
          subject_type: "opinion",
          subject_id: r.id,
          data: JSON.stringify({
            consultation: consultation.title,
            point: r.pointName,
            ...(r.provisionLabel ? { target: r.provisionLabel } : {}),
            code: r.code,
            excerpt: body.length > EXCERPT ? `${body.slice(0, EXCERPT)}…` : body,
            link: r.activity_id
              ? `/coordinator/activities/${r.activity_id}#opinion-${r.id}`
              : `/coordinator/consultations/${consultation.id}`,
          }),
        };
      }),
    )
    .execute();
  return rows.length;
}
