import { sql, type Kysely } from "kysely";
import type { Database } from "../schema.ts";
import { consultationStatus } from "./consultations.ts";
import { listExpertReviewTimelineEntries } from "./experts.ts";
import { listHearingTimelineEntries, listOpenHearingCalls } from "./hearings.ts";
import { listOpenSurveyCalls, listSurveyTimelineEntries } from "./surveys.ts";
import {
  timelineStages,
  type OpenCall,
  type TimelineEntry,
  type TimelineStatus,
} from "./timeline-types.ts";

// One bill's whole life in public (issue 17 item 5): the proposals it came from, the plan that
// listed it, its readings and their comment periods, and its adoption; the later stages
// (surveys, hearings, expert reviews, evaluation) come from their own modules and are merged in
// by date. Only what the public may already read elsewhere is listed: a proposal's decision
// once its year's plan is published, a plan once published, a report once published.

/** The stages read here; `listBillTimeline` adds the other modules' entries. */
async function coreEntries(
  db: Kysely<Database>,
  billId: string,
  now: Date,
): Promise<TimelineEntry[]> {
  const [proposals, projects, versions, consultations] = await Promise.all([
    // Published proposals whose triage named a project of this bill, in a published plan.
    db
      .selectFrom("proposals as p")
      .innerJoin("proposal_calls as pc", "pc.id", "p.call_id")
      .innerJoin("legislative_plans as lp", (join) =>
        join
          .onRef("lp.organization_id", "=", "pc.organization_id")
          .onRef("lp.year", "=", "pc.year")
          .on("lp.published_at", "is not", null),
      )
      .innerJoin("proposal_triages as tr", "tr.proposal_id", "p.id")
      .innerJoin("plan_projects as pj", "pj.id", "tr.project_id")
      .select(["p.id", "p.title", "p.created_at", "tr.decision", "pc.year"])
      .where("pj.bill_id", "=", billId)
      .where("p.status", "=", "published")
      .orderBy("p.created_at")
      .orderBy("p.id")
      .limit(20)
      .execute(),
    db
      .selectFrom("plan_projects as pj")
      .innerJoin("legislative_plans as lp", "lp.id", "pj.plan_id")
      .select(["pj.id", "pj.title", "pj.category", "lp.year", "lp.title as planTitle"])
      .select("lp.published_at")
      .where("pj.bill_id", "=", billId)
      .where("lp.published_at", "is not", null)
      .orderBy("lp.year")
      .execute(),
    db
      .selectFrom("versions")
      .select(["id", "seq", "label", "title", "published_at"])
      .where("bill_id", "=", billId)
      .orderBy("seq")
      .execute(),
    db
      .selectFrom("consultations as c")
      .innerJoin("versions as v", "v.id", "c.version_id")
      .select((eb) => [
        "c.id",
        "c.title",
        "c.opens_at",
        "c.closes_at",
        "c.report_published_at",
        "c.version_id",
        "v.label",
        eb
          .selectFrom("opinions as o")
          .select(sql<number>`count(*)`.as("n"))
          .whereRef("o.consultation_id", "=", "c.id")
          .where("o.status", "=", "published")
          .as("opinions"),
      ])
      .where("v.bill_id", "=", billId)
      .orderBy("c.opens_at")
      .execute(),
  ]);

  const entries: TimelineEntry[] = [];
  for (const p of proposals)
    entries.push({
      stage: "proposal",
      date: new Date(p.created_at),
      closesAt: null,
      status: "done",
      title: p.title,
      href: `/proposals/${p.id}`,
      outcome: { key: `proposal.decision.${p.decision}` },
      outcomeHref: `/plans/${p.year}`,
    });
  for (const pj of projects)
    entries.push({
      stage: "plan",
      date: new Date(pj.published_at!),
      closesAt: null,
      status: "done",
      title: pj.planTitle,
      href: `/plans/${pj.year}`,
      outcome: { key: `plan.category.${pj.category}` },
      outcomeHref: null,
    });
  let previous: (typeof versions)[number] | null = null;
  for (const v of versions) {
    // The adopted text is the adoption; any other text is a reading (the law in force first).
    const adopted = v.label === "promulgated";
    entries.push({
      stage: adopted ? "adoption" : "reading",
      date: new Date(v.published_at),
      closesAt: null,
      status: "done",
      title: v.title,
      href: `/bills/${billId}/versions/${v.id}`,
      outcome: previous ? { key: "timeline.outcome.compare" } : null,
      outcomeHref: previous ? `/bills/${billId}/compare?from=${previous.id}&to=${v.id}` : null,
      versionId: v.id,
      labelKey: `version.${v.label}`,
    });
    previous = v;
  }
  for (const c of consultations) {
    const status = consultationStatus(new Date(c.opens_at), new Date(c.closes_at), now);
    const timelineStatus: TimelineStatus = c.report_published_at
      ? "done"
      : status === "upcoming"
        ? "upcoming"
        : status;
    entries.push({
      stage: "consultation",
      date: new Date(c.opens_at),
      closesAt: new Date(c.closes_at),
      status: timelineStatus,
      title: c.title,
      href: `/consultations/${c.id}`,
      outcome: c.report_published_at
        ? { key: "timeline.outcome.report", values: { opinions: Number(c.opinions ?? 0) } }
        : { key: "timeline.outcome.opinions", values: { opinions: Number(c.opinions ?? 0) } },
      outcomeHref: c.report_published_at ? `/consultations/${c.id}/report` : null,
      versionId: c.version_id,
    });
  }
  return entries;
}

/** A provider of one later stage's entries (surveys, hearings, expert reviews). */
export type TimelineSource = (
  db: Kysely<Database>,
  billId: string,
  now: Date,
) => Promise<TimelineEntry[]>;

/**
 * The bill's public timeline, oldest first. Entries of the same day keep the order of the stages
 * (a reading before the consultation on it, the adoption before its evaluation).
 */
export async function listBillTimeline(
  db: Kysely<Database>,
  billId: string,
  now: Date = new Date(),
  sources: readonly TimelineSource[] = timelineSources,
): Promise<TimelineEntry[]> {
  const all = (
    await Promise.all([coreEntries(db, billId, now), ...sources.map((s) => s(db, billId, now))])
  ).flat();
  const day = (d: Date) => Math.floor(d.getTime() / 86_400_000);
  return all.sort(
    (a, b) =>
      day(a.date) - day(b.date) ||
      timelineStages.indexOf(a.stage) - timelineStages.indexOf(b.stage) ||
      a.date.getTime() - b.date.getTime() ||
      a.href.localeCompare(b.href),
  );
}

/** The later stages' providers, each from its own module. */
export const timelineSources: readonly TimelineSource[] = [
  listSurveyTimelineEntries,
  listHearingTimelineEntries,
  listExpertReviewTimelineEntries,
];

/** A provider of one stage's open calls. */
export type OpenCallSource = (db: Kysely<Database>, now: Date) => Promise<OpenCall[]>;

/** Open comment periods and proposal calls; the later stages' providers are added below. */
async function coreOpenCalls(db: Kysely<Database>, now: Date): Promise<OpenCall[]> {
  const [consultations, calls] = await Promise.all([
    db
      .selectFrom("consultations as c")
      .innerJoin("versions as v", "v.id", "c.version_id")
      .innerJoin("bills as b", "b.id", "v.bill_id")
      .select(["c.id", "c.title", "c.opens_at", "c.closes_at", "b.title as billTitle"])
      .where("c.opens_at", "<=", now)
      .where("c.closes_at", ">", now)
      .execute(),
    db
      .selectFrom("proposal_calls as pc")
      .innerJoin("organizations as o", "o.id", "pc.organization_id")
      .select(["pc.id", "pc.title", "pc.opens_at", "pc.closes_at", "o.name as organizationName"])
      .where("pc.opens_at", "<=", now)
      .where("pc.closes_at", ">", now)
      .execute(),
  ]);
  return [
    ...consultations.map((c): OpenCall => ({
      stage: "consultation",
      title: c.title,
      subject: c.billTitle,
      href: `/consultations/${c.id}`,
      opensAt: new Date(c.opens_at),
      closesAt: new Date(c.closes_at),
    })),
    ...calls.map((c): OpenCall => ({
      stage: "proposal",
      title: c.title,
      subject: c.organizationName,
      href: `/proposals?call=${c.id}`,
      opensAt: new Date(c.opens_at),
      closesAt: new Date(c.closes_at),
    })),
  ];
}

/** The later stages' open-call providers, each from its own module. */
export const openCallSources: readonly OpenCallSource[] = [
  listOpenSurveyCalls,
  listOpenHearingCalls,
];

/** Every call open now, of every stage, nearest deadline first (none last). */
export async function listOpenCalls(
  db: Kysely<Database>,
  now: Date = new Date(),
  sources: readonly OpenCallSource[] = openCallSources,
): Promise<OpenCall[]> {
  const all = (
    await Promise.all([coreOpenCalls(db, now), ...sources.map((s) => s(db, now))])
  ).flat();
  const deadline = (c: OpenCall) => c.closesAt?.getTime() ?? Number.POSITIVE_INFINITY;
  return all.sort((a, b) => deadline(a) - deadline(b) || a.title.localeCompare(b.title));
}

/** A top-level stage of the timeline with what happened on it (a reading's comment, hearings…). */
export interface TimelineGroup {
  entry: TimelineEntry;
  children: TimelineEntry[];
}

/**
 * The timeline as the page shows it: each reading (and the adopted text) with the comment
 * periods, hearings, expert reviews and surveys held on it beneath it, the stages before
 * drafting and the evaluation after adoption standing alone. Grouping by reading keeps a comment
 * period with the text it was on even where dates interleave (a demo's period opened today on a
 * reading of years ago).
 */
export function groupTimeline(entries: readonly TimelineEntry[]): TimelineGroup[] {
  const isText = (e: TimelineEntry) => e.stage === "reading" || e.stage === "adoption";
  const groups: TimelineGroup[] = [];
  const byVersion = new Map<string, TimelineGroup>();
  for (const e of entries)
    if (isText(e) && e.versionId) {
      const group = { entry: e, children: [] };
      byVersion.set(e.versionId, group);
      groups.push(group);
    }
  for (const e of entries) {
    if (isText(e) && e.versionId) continue;
    const parent = e.versionId ? byVersion.get(e.versionId) : undefined;
    if (parent) parent.children.push(e);
    else groups.push({ entry: e, children: [] });
  }
  const order = (a: TimelineEntry, b: TimelineEntry) =>
    a.date.getTime() - b.date.getTime() ||
    timelineStages.indexOf(a.stage) - timelineStages.indexOf(b.stage) ||
    a.href.localeCompare(b.href);
  for (const g of groups) g.children.sort(order);
  return groups.sort((a, b) => order(a.entry, b.entry));
}
