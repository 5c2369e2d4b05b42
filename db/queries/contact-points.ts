import type { Kysely } from "kysely";
import type { DispositionCode } from "../codes.ts";
import type { Database } from "../schema.ts";
import { adoption, reportState } from "../../services/contact-points.ts";

/**
 * A contact point's work per consultation, for its coordinator: activities, opinions and
 * headcount of the report being worked on (the draft, else the report in force), the state of
 * its reports, and the drafters' handling of the report in force.
 */
export async function pointWorkByConsultation(
  db: Kysely<Database>,
  contactPointId: string,
  consultationIds: string[],
) {
  const out = new Map<
    string,
    {
      activities: number;
      opinions: number;
      headcount: number;
      status: "none" | "draft" | "submitted" | "received";
      correcting: boolean;
      submittedAt: Date | null;
      feedback: ReturnType<typeof adoption>;
    }
  >();
  if (consultationIds.length === 0) return out;
  const submissions = await db
    .selectFrom("submissions")
    .selectAll()
    .where("contact_point_id", "=", contactPointId)
    .where("consultation_id", "in", consultationIds)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  for (const id of consultationIds) {
    const { draft, counted, latest } = reportState(
      submissions.filter((s) => s.consultation_id === id),
    );
    const working = [...counted, ...(draft ? [draft] : [])].map((s) => s.id);
    const countedIds = counted.map((s) => s.id);
    const [acts, ops, handled] = working.length
      ? await Promise.all([
          db
            .selectFrom("contact_point_activities")
            .select((eb) => [
              eb.fn.countAll<number>().as("n"),
              eb.fn.sum<number>("headcount").as("people"),
            ])
            .where("submission_id", "in", working)
            .executeTakeFirstOrThrow(),
          db
            .selectFrom("opinions")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("submission_id", "in", working)
            .executeTakeFirstOrThrow(),
          countedIds.length
            ? db
                .selectFrom("opinions as o")
                .leftJoin("dispositions as d", "d.opinion_id", "o.id")
                .select("d.code")
                .where("o.submission_id", "in", countedIds)
                .execute()
            : Promise.resolve([] as { code: DispositionCode | null }[]),
        ])
      : [null, null, [] as { code: DispositionCode | null }[]];
    out.set(id, {
      activities: Number(acts?.n ?? 0),
      headcount: Number(acts?.people ?? 0),
      opinions: Number(ops?.n ?? 0),
      status: draft ? "draft" : latest ? latest.status : "none",
      correcting: !!draft?.replaces_id,
      submittedAt: latest?.submitted_at ?? null,
      feedback: adoption(handled.map((h) => h.code)),
    });
  }
  return out;
}

/** Contact points for the admin registry, with their coordinators. */
export async function listContactPointsWithCoordinators(db: Kysely<Database>) {
  const points = await db
    .selectFrom("contact_points as cp")
    .innerJoin("organizations as o", "o.id", "cp.organization_id")
    .select([
      "cp.id",
      "cp.name",
      "cp.district",
      "cp.address",
      "cp.phone",
      "cp.host_organization",
      "cp.active",
      "cp.organization_id",
      "o.name as organizationName",
    ])
    .orderBy("cp.district")
    .orderBy("cp.name")
    .execute();
  const coordinators = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.contact_point_id", "u.id", "u.email", "u.display_name"])
    .where("m.role", "=", "coordinator")
    .orderBy("u.display_name")
    .execute();
  return points.map((p) => ({
    ...p,
    coordinators: coordinators.filter((c) => c.contact_point_id === p.id),
  }));
}

/**
 * The coordinators of the points whose reports count in a consultation: whom to tell when the
 * drafters publish the handling (for the handling area's notification).
 */
export async function coordinatorsOfReportingPoints(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id as userId", "m.contact_point_id as contactPointId"])
    .where("m.role", "=", "coordinator")
    .where("u.disabled_at", "is", null)
    .where("m.contact_point_id", "in", (eb) =>
      eb
        .selectFrom("submissions")
        .select("contact_point_id")
        .where("consultation_id", "=", consultationId)
        .where("status", "in", ["submitted", "received"]),
    )
    .orderBy("m.user_id")
    .execute();
}
