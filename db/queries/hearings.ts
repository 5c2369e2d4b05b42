import type { Kysely } from "kysely";
import type { HearingOutcome, HearingStance, RespondentType } from "../codes.ts";
import type { Database } from "../schema.ts";
import type { OpenCall, TimelineEntry, TimelineStatus } from "./timeline-types.ts";

// Reads of 听证会 (issue 17 item 3). The public reads never select a registration's contact
// (phone, e-mail) nor its name: the public list names registrations by number and stance only.
// Only `listRegistrationsForDrafters` reads the contacts, for the drafters' page.

/** Where a hearing stands, derived from its stored times and steps. */
export type HearingStatus = "draft" | "upcoming" | "open" | "closed" | "drawn" | "reported";

/** A hearing's status at `now`. */
export function hearingStatus(
  h: {
    announced_at: Date | string | null;
    registration_opens_at: Date | string;
    registration_closes_at: Date | string;
    drawn_at: Date | string | null;
    report_published_at: Date | string | null;
  },
  now: Date,
): HearingStatus {
  if (!h.announced_at) return "draft";
  if (h.report_published_at) return "reported";
  if (h.drawn_at) return "drawn";
  if (now < new Date(h.registration_opens_at)) return "upcoming";
  if (now < new Date(h.registration_closes_at)) return "open";
  return "closed";
}

const UUID = /^[0-9a-f-]{36}$/i;

/** One hearing with its consultation, version and bill, for any page (no registrations). */
export async function getHearing(db: Kysely<Database>, id: string, now: Date = new Date()) {
  if (!UUID.test(id)) return undefined;
  const row = await db
    .selectFrom("hearings as h")
    .innerJoin("consultations as c", "c.id", "h.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .selectAll("h")
    .select([
      "c.title as consultationTitle",
      "c.version_id as versionId",
      "v.label as versionLabel",
      "b.id as billId",
      "b.title as billTitle",
      "b.organization_id as organizationId",
    ])
    .where("h.id", "=", id)
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, status: hearingStatus(row, now) };
}
export type HearingRow = NonNullable<Awaited<ReturnType<typeof getHearing>>>;

/** The hearings of a consultation, newest first, for its drafters. */
export function listHearingsOfConsultation(db: Kysely<Database>, consultationId: string) {
  return db
    .selectFrom("hearings")
    .select([
      "id",
      "title",
      "held_at",
      "announced_at",
      "registration_opens_at",
      "registration_closes_at",
      "drawn_at",
      "report_published_at",
    ])
    .where("consultation_id", "=", consultationId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

/** A registration as the public sees it: number, stance and the draw's outcome. */
export interface PublicRegistration {
  number: number;
  stance: HearingStance;
  outcome: HearingOutcome | null;
  position: number | null;
}

/** Every registration of a hearing by number, public fields only (the draw's inputs). */
export async function listPublicRegistrations(
  db: Kysely<Database>,
  hearingId: string,
): Promise<PublicRegistration[]> {
  const rows = await db
    .selectFrom("hearing_registrations")
    .select(["number", "stance", "outcome", "draw_position"])
    .where("hearing_id", "=", hearingId)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({
    number: r.number,
    stance: r.stance,
    outcome: r.outcome,
    position: r.draw_position,
  }));
}

/** Every registration with its PRIVATE contacts: for the hearing's drafters only. */
export function listRegistrationsForDrafters(db: Kysely<Database>, hearingId: string) {
  return db
    .selectFrom("hearing_registrations")
    .select([
      "id",
      "number",
      "name",
      "respondent_type",
      "stance",
      "points",
      "contact_phone",
      "contact_email",
      "user_id",
      "outcome",
      "draw_position",
      "created_at",
    ])
    .where("hearing_id", "=", hearingId)
    .orderBy("number")
    .execute();
}

/** A signed-in person's registration for a hearing (number and outcome), if any. */
export function findRegistrationOfUser(db: Kysely<Database>, hearingId: string, userId: string) {
  return db
    .selectFrom("hearing_registrations")
    .select(["number", "stance", "outcome", "draw_position"])
    .where("hearing_id", "=", hearingId)
    .where("one_per_user_key", "=", userId)
    .executeTakeFirst();
}

/** A point of the hearing report, with the provision it concerns (label as printed). */
export interface ReportPoint {
  id: string;
  position: number;
  registrationId: string | null;
  registrationNumber: number | null;
  speakerName: string;
  respondentType: RespondentType;
  provisionPid: string | null;
  provisionLabel: string | null;
  point: string;
  response: string;
  opinionId: string | null;
}

/** The points of a hearing's report, in order. */
export async function listReportPoints(
  db: Kysely<Database>,
  hearingId: string,
): Promise<ReportPoint[]> {
  const rows = await db
    .selectFrom("hearing_report_points as p")
    .innerJoin("hearings as h", "h.id", "p.hearing_id")
    .innerJoin("consultations as c", "c.id", "h.consultation_id")
    .leftJoin("provisions as pr", (join) =>
      join.onRef("pr.version_id", "=", "c.version_id").onRef("pr.pid", "=", "p.provision_pid"),
    )
    .leftJoin("hearing_registrations as r", "r.id", "p.registration_id")
    .select([
      "p.id",
      "p.position",
      "p.registration_id",
      "r.number as registrationNumber",
      "p.speaker_name",
      "p.respondent_type",
      "p.provision_pid",
      "pr.label as provisionLabel",
      "p.point",
      "p.response",
      "p.opinion_id",
    ])
    .where("p.hearing_id", "=", hearingId)
    .orderBy("p.position")
    .orderBy("p.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    registrationId: r.registration_id,
    registrationNumber: r.registrationNumber,
    speakerName: r.speaker_name,
    respondentType: r.respondent_type,
    provisionPid: r.provision_pid,
    provisionLabel: r.provisionLabel,
    point: r.point,
    response: r.response,
    opinionId: r.opinion_id,
  }));
}

/** The articles (and chapters) of a version, for the report editor's article picker. */
export function listPickableProvisions(db: Kysely<Database>, versionId: string) {
  return db
    .selectFrom("provisions")
    .select(["pid", "kind", "label", "text"])
    .where("version_id", "=", versionId)
    .where("kind", "in", ["chapter", "section", "article"])
    .orderBy("ordinal")
    .execute();
}

/** Announced hearings, newest announcement first, after a cursor (the public API). */
export function listAnnouncedHearings(
  db: Kysely<Database>,
  options: { after?: { createdAt: Date; id: string }; limit: number },
) {
  let q = db
    .selectFrom("hearings as h")
    .innerJoin("consultations as c", "c.id", "h.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .select([
      "h.id",
      "h.consultation_id",
      "v.bill_id as billId",
      "h.title",
      "h.description",
      "h.questions",
      "h.held_at",
      "h.place",
      "h.speaker_seats",
      "h.reserve_seats",
      "h.selection_method",
      "h.registration_opens_at",
      "h.registration_closes_at",
      "h.seed_hash",
      // The seed stays secret until the draw reveals it.
      (eb) => eb.case().when("h.drawn_at", "is not", null).then(eb.ref("h.seed")).end().as("seed"),
      "h.announced_at",
      "h.drawn_at",
      "h.report_record",
      "h.report_published_at",
    ])
    .where("h.announced_at", "is not", null);
  if (options.after) {
    const { createdAt, id } = options.after;
    q = q.where((eb) =>
      eb.or([
        eb("h.announced_at", "<", createdAt),
        eb.and([eb("h.announced_at", "=", createdAt), eb("h.id", ">", id)]),
      ]),
    );
  }
  return q.orderBy("h.announced_at", "desc").orderBy("h.id").limit(options.limit).execute();
}

function timelineStatus(status: HearingStatus): TimelineStatus {
  if (status === "upcoming") return "upcoming";
  if (status === "open") return "open";
  if (status === "reported") return "done";
  return "closed";
}

/** The bill's announced hearings as timeline entries (issue 17 item 5), by date held. */
export async function listHearingTimelineEntries(
  db: Kysely<Database>,
  billId: string,
  now: Date = new Date(),
): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom("hearings as h")
    .innerJoin("consultations as c", "c.id", "h.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .selectAll("h")
    .select("c.version_id as versionId")
    .select((eb) =>
      eb
        .selectFrom("hearing_report_points as p")
        .select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("p.hearing_id", "=", "h.id")
        .as("points"),
    )
    .where("v.bill_id", "=", billId)
    .where("h.announced_at", "is not", null)
    .orderBy("h.held_at")
    .orderBy("h.id")
    .execute();
  return rows.map((h) => {
    const status = hearingStatus(h, now);
    const href = `/hearings/${h.id}`;
    const outcome: TimelineEntry["outcome"] =
      status === "reported"
        ? { key: "hearings.timeline.report", values: { points: Number(h.points ?? 0) } }
        : status === "drawn"
          ? { key: "hearings.timeline.drawn", values: { seats: h.speaker_seats } }
          : null;
    return {
      stage: "hearing" as const,
      date: new Date(h.held_at),
      closesAt:
        status === "upcoming" || status === "open" ? new Date(h.registration_closes_at) : null,
      status: timelineStatus(status),
      title: h.title,
      href,
      outcome,
      outcomeHref: outcome ? `${href}#${status === "reported" ? "report" : "draw"}` : null,
      // Under the reading heard, on the bill's timeline.
      versionId: h.versionId,
    };
  });
}

/** Hearings taking registrations now, for a contact point's dashboard of open calls. */
export async function listOpenHearingCalls(db: Kysely<Database>, now: Date): Promise<OpenCall[]> {
  const rows = await db
    .selectFrom("hearings as h")
    .innerJoin("consultations as c", "c.id", "h.consultation_id")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select([
      "h.id",
      "h.title",
      "b.title as billTitle",
      "h.registration_opens_at",
      "h.registration_closes_at",
    ])
    .where("h.announced_at", "is not", null)
    .where("h.drawn_at", "is", null)
    .where("h.registration_opens_at", "<=", now)
    .where("h.registration_closes_at", ">", now)
    .orderBy("h.registration_closes_at")
    .orderBy("h.id")
    .execute();
  return rows.map((h) => ({
    stage: "hearing" as const,
    title: h.title,
    subject: h.billTitle,
    href: `/hearings/${h.id}`,
    opensAt: new Date(h.registration_opens_at),
    closesAt: new Date(h.registration_closes_at),
  }));
}
