import { sql, type Kysely } from "kysely";
import type { DispositionCode } from "../codes.ts";
import type { Database } from "../schema.ts";
import { consultationStatus } from "./consultations.ts";
import { consultationsWithBill, opinionsWithOutcome } from "./fragments.ts";
import { countedSubmissionIds } from "./submissions.ts";

// The reads of a contact point's work (基层立法联系点): its reports per consultation, their
// activities and opinions, and the registry of points. Writes are services/contact-points.ts
// and services/contact-point-registry.ts.

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** The contact point a user coordinates, or null. */
export function coordinatorPointId(user: {
  memberships: { role: string; contactPointId: string | null }[];
}): string | null {
  return user.memberships.find((m) => m.role === "coordinator")?.contactPointId ?? null;
}

/** A contact point as its coordinator's pages show it, or undefined. */
export async function getContactPoint(db: Kysely<Database>, id: string) {
  return db
    .selectFrom("contact_points")
    .select(["id", "name", "district", "address", "active", "organization_id"])
    .where("id", "=", id)
    .executeTakeFirst();
}

/** The id of the contact point of this name, if one is registered. */
export async function contactPointIdByName(db: Kysely<Database>, name: string) {
  const row = await db
    .selectFrom("contact_points")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.id;
}

/** The consultation as the contact point's work needs it, or undefined. */
export async function consultationForPoint(db: Kysely<Database>, id: string, now = new Date()) {
  if (!isUuid(id)) return undefined;
  const row = await consultationsWithBill(db)
    .select([
      "c.id",
      "c.title",
      "c.opens_at",
      "c.closes_at",
      "c.version_id",
      "c.report_published_at",
      "v.label as versionLabel",
      "b.id as billId",
      "b.title as billTitle",
      "b.organization_id as organizationId",
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    ...row,
    status: consultationStatus(new Date(row.opens_at), new Date(row.closes_at), now),
  };
}

/** Every report of a point in a consultation, oldest first. */
export async function listSubmissions(
  db: Kysely<Database>,
  contactPointId: string,
  consultationId: string,
) {
  if (!isUuid(consultationId)) return [];
  return db
    .selectFrom("submissions")
    .selectAll()
    .where("contact_point_id", "=", contactPointId)
    .where("consultation_id", "=", consultationId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

type Submission = Awaited<ReturnType<typeof listSubmissions>>[number];

/**
 * The state of a point's reports in a consultation: the draft being worked on (if any) and the
 * reports that count (submitted or received, and not replaced by a submitted correction). A
 * point may report in several batches (补充报送); a correction replaces one report.
 */
export function reportState(submissions: Submission[]) {
  const draft = submissions.find((s) => s.status === "draft") ?? null;
  const sent = submissions.filter((s) => s.status !== "draft");
  const replaced = new Set(sent.map((s) => s.replaces_id).filter(Boolean));
  const counted = sent.filter((s) => !replaced.has(s.id));
  return { draft, counted, sent, latest: counted.at(-1) ?? null };
}

/** Adoption: opinions handled and adopted (wholly or partly), from disposition codes. */
export function adoption(codes: (DispositionCode | null)[]) {
  const handled = codes.filter((c) => c !== null).length;
  const adopted = codes.filter((c) => c === "adopted" || c === "partly_adopted").length;
  return {
    total: codes.length,
    handled,
    adopted,
    rate: handled === 0 ? null : Math.round((adopted / handled) * 100),
  };
}

/** An activity of this point with its report's status, or undefined (also for another point's). */
export async function findActivity(db: Kysely<Database>, contactPointId: string, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("contact_point_activities as a")
    .leftJoin("submissions as s", "s.id", "a.submission_id")
    .selectAll("a")
    .select(["s.status as submissionStatus"])
    .where("a.id", "=", id)
    .where("a.contact_point_id", "=", contactPointId)
    .executeTakeFirst();
}

/** The activities of a report, in the order they were held. */
export async function reportActivities(db: Kysely<Database>, submissionId: string) {
  return db
    .selectFrom("contact_point_activities")
    .select(["id", "held_on", "kind", "place", "headcount", "start_time", "host", "title"])
    .where("submission_id", "=", submissionId)
    .orderBy("held_on")
    .orderBy("created_at")
    .execute();
}

/** The opinions heard at an activity, with their provision labels and handling. */
export async function activityOpinions(db: Kysely<Database>, activityId: string) {
  return opinionsWithOutcome(db)
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select([
      "o.id",
      "o.provision_pid",
      "o.body",
      "o.proposed_text",
      "o.headcount",
      "o.respondent_type",
      "p.label as provisionLabel",
      "d.code as dispositionCode",
      "d.reason as dispositionReason",
    ])
    .where("o.activity_id", "=", activityId)
    .orderBy("o.created_at")
    .orderBy("o.id")
    .execute();
}

/** Whether an opinion was recorded by this point at this activity. */
export async function isOpinionOfActivity(
  db: Kysely<Database>,
  input: { contactPointId: string; activityId: string; opinionId: string },
): Promise<boolean> {
  if (!isUuid(input.opinionId)) return false;
  const row = await db
    .selectFrom("opinions")
    .select("id")
    .where("id", "=", input.opinionId)
    .where("activity_id", "=", input.activityId)
    .where("contact_point_id", "=", input.contactPointId)
    .executeTakeFirst();
  return row !== undefined;
}

/** A report with its point, bill and reading, for its .docx, or undefined. */
export async function submissionForReport(db: Kysely<Database>, id: string) {
  if (!isUuid(id)) return undefined;
  return consultationsWithBill(db)
    .innerJoin("submissions as s", "s.consultation_id", "c.id")
    .innerJoin("contact_points as cp", "cp.id", "s.contact_point_id")
    .select([
      "s.id",
      "s.status",
      "s.submitted_at",
      "s.replaces_id",
      "s.contact_point_id",
      "cp.name as pointName",
      "b.title as billTitle",
      "b.organization_id as organizationId",
      "v.label as versionLabel",
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
}

/** Whether a submitted correction replaced this report. */
export async function isReplaced(db: Kysely<Database>, submissionId: string): Promise<boolean> {
  const row = await db
    .selectFrom("submissions")
    .select("id")
    .where("replaces_id", "=", submissionId)
    .where("status", "<>", "draft")
    .executeTakeFirst();
  return row !== undefined;
}

/** The activities of a report with their opinions, dispositions and provision labels. */
export async function reportContents(db: Kysely<Database>, submissionId: string) {
  const activities = await db
    .selectFrom("contact_point_activities")
    .selectAll()
    .where("submission_id", "=", submissionId)
    .orderBy("held_on")
    .orderBy("created_at")
    .execute();
  const opinions = await opinionsWithOutcome(db)
    .leftJoin("provisions as p", (j) =>
      j.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select([
      "o.id",
      "o.activity_id",
      "o.provision_pid",
      "o.scope",
      "o.body",
      "o.proposed_text",
      "o.headcount",
      "o.respondent_type",
      "o.status",
      "o.created_at",
      "p.label as provisionLabel",
      "p.ordinal",
      "d.code as dispositionCode",
      "d.reason as dispositionReason",
    ])
    .where("o.submission_id", "=", submissionId)
    .orderBy(sql`coalesce(p.ordinal, -1)`)
    .orderBy("o.created_at")
    .orderBy("o.id")
    .execute();
  return { activities, opinions };
}

/** What each contact point contributed (counted reports only), for the public list. */
export async function contactPointContributions(db: Kysely<Database>) {
  const activities = await db
    .selectFrom("contact_point_activities")
    .select((eb) => [
      "contact_point_id",
      eb.fn.countAll<number>().as("activities"),
      eb.fn.sum<number>("headcount").as("headcount"),
    ])
    .where("submission_id", "in", countedSubmissionIds())
    .groupBy("contact_point_id")
    .execute();
  const opinions = await opinionsWithOutcome(db)
    .select(["o.contact_point_id", "d.code"])
    .where("o.submission_id", "in", countedSubmissionIds())
    .where("o.status", "=", "published")
    .execute();
  const out = new Map<
    string,
    { activities: number; headcount: number; codes: (DispositionCode | null)[] }
  >();
  const get = (id: string) => {
    let v = out.get(id);
    if (!v) out.set(id, (v = { activities: 0, headcount: 0, codes: [] }));
    return v;
  };
  for (const a of activities) {
    const v = get(a.contact_point_id);
    v.activities = Number(a.activities);
    v.headcount = Number(a.headcount ?? 0);
  }
  for (const o of opinions) if (o.contact_point_id) get(o.contact_point_id).codes.push(o.code);
  return new Map(
    [...out].map(([id, v]) => [
      id,
      { activities: v.activities, headcount: v.headcount, ...adoption(v.codes) },
    ]),
  );
}

/** The provisions an opinion can be about (chapters and articles), in text order. */
export async function targetsOf(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom("provisions")
    .select(["pid", "kind", "number", "label", "text"])
    .where("version_id", "=", versionId)
    .where("kind", "in", ["chapter", "section", "article"])
    .orderBy("ordinal")
    .execute();
}

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
            ? opinionsWithOutcome(db)
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
