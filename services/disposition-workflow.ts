import type { Kysely } from "kysely";
import type { z } from "zod";
import type { DispositionCode, WorkState } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { recordDisposition } from "../db/queries/dispositions.ts";
import { isLaterProvision, visibleToDrafters } from "../db/queries/handling.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { billOfConsultation, requireCapability } from "./bill-team.ts";
import { conflict, invalidInput, notFound } from "./errors.ts";
import { DispositionInput } from "./handling.ts";
import { recordPointOpinionNotices } from "./point-opinion-notices.ts";
import {
  recordNotifications,
  type Notice,
  type OutgoingMail,
  type RenderNotice,
} from "./notifications.ts";
import { queueOutcomeNotices } from "./outcome-notices.ts";

// Dispositions are internal until signed off (issue 15). The drafters and handlers write a
// working copy (disposition_work, migration 0018), submit it, a reviewer approves it or returns
// it with a comment, and publishes the approved ones of a consultation (all, or one article's).
// Only publishing writes the public record (`dispositions`), whose triggers update the search
// index's outbox and the opinion's mirrored code, and only publishing notifies anyone: each author
// with an account whose public disposition changed, and each coordinator of a contact point with
// changed dispositions in the batch, once per publication.
// Transitions (anything else is refused with 409 and a catalogue key):
//   none | draft | returned | approved | published --save--> draft
//   draft | returned --submit--> submitted
//   submitted --approve--> approved;  submitted --return (comment required)--> returned
//   approved --publish--> published
// Saving an approved or published one sends it back to draft: the public record stays as it was
// until the new text is published. Every transition writes its audit rows (`disposition.*`,
// subject the opinion) in the transaction that makes it. Each operation checks the actor's
// standing on the bill (services/bill-team.ts) as the pages do.

export type DispositionValues = z.infer<typeof DispositionInput>;

/** Dispositions that can point to a provision that changed because of them. */
const CHANGING: DispositionCode[] = ["adopted", "partly_adopted"];

const SAVABLE: (WorkState | null)[] = [null, "draft", "returned", "approved", "published"];
const SUBMITTABLE: (WorkState | null)[] = ["draft", "returned"];

/** Where a coordinator reads the outcome of their point's opinions. */
const coordinatorLink = (consultationId: string) => `/coordinator/consultations/${consultationId}`;

/** The "versionId:pid" of the form as a later reading's provision, or null (kept only if adopted). */
async function changedProvision(
  db: Kysely<Database>,
  billId: string,
  versionSeq: number,
  values: DispositionValues,
): Promise<{ versionId: string; pid: string } | null> {
  if (!values.changed || !CHANGING.includes(values.code)) return null;
  const [versionId = "", pid = ""] = values.changed.split(":");
  if (!versionId || !pid || !(await isLaterProvision(db, billId, versionSeq, versionId, pid)))
    throw invalidInput("handling.changedInvalid", { changed: "handling.changedInvalid" });
  return { versionId, pid };
}

/** The listed opinions of the consultation the drafters see, with their working copy; 404 if any is not. */
async function loadOpinions(db: Kysely<Database>, consultationId: string, ids: string[]) {
  const rows = await db
    .selectFrom("opinions as o")
    .leftJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .leftJoin("disposition_work as w", "w.opinion_id", "o.id")
    .select([
      "o.id",
      "o.receipt",
      "o.provision_pid",
      "p.label as provisionLabel",
      "w.state",
      "w.code",
      "w.reason",
      "w.changed_version_id",
      "w.changed_pid",
    ])
    .where("o.consultation_id", "=", consultationId)
    .where("o.id", "in", ids)
    .where(visibleToDrafters)
    .execute();
  if (rows.length !== ids.length) throw notFound("handling.opinionUnknown");
  return rows;
}

const unique = (ids: string[]) => [...new Set(ids)];

/**
 * Saves one disposition (code, reason, changed provision) as the working copy of every listed
 * opinion (a cluster, a bulk selection, or one opinion), in state draft, or submitted at once
 * when `submit`. Refused (409) when one of them is awaiting review. Returns how many were saved.
 */
export async function saveDispositions(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    billId: string;
    versionSeq: number;
    values: DispositionValues;
    submit: boolean;
    actorId: string;
    ip: string | null;
  },
): Promise<{ count: number }> {
  const parsed = DispositionInput.safeParse(input.values);
  if (!parsed.success) throw invalidInput("handling.invalid");
  const v = parsed.data;
  const bill = await billOfConsultation(db, input.consultationId);
  if (bill.billId !== input.billId) throw notFound("consultation.notFound");
  await requireCapability(db, input.actorId, bill.billId, "dispose");
  const changed = await changedProvision(db, bill.billId, bill.versionSeq, v);
  const ids = unique(v.opinionIds);
  const opinions = await loadOpinions(db, input.consultationId, ids);
  if (opinions.some((o) => !SAVABLE.includes(o.state ?? null)))
    throw conflict("workflow.error.underReview");
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const state: WorkState = input.submit ? "submitted" : "draft";
    const values = {
      code: v.code,
      reason: v.reason,
      changed_version_id: changed?.versionId ?? null,
      changed_pid: changed?.pid ?? null,
      state,
      drafted_by: input.actorId,
      drafted_at: now,
      submitted_by: input.submit ? input.actorId : null,
      submitted_at: input.submit ? now : null,
      updated_at: now,
    };
    for (const o of opinions) {
      // A copy submitted meanwhile by someone else is not overwritten: the save is refused.
      const written = await trx
        .insertInto("disposition_work")
        .values({ opinion_id: o.id, consultation_id: input.consultationId, ...values })
        .onConflict((oc) =>
          oc
            .column("opinion_id")
            .doUpdateSet(values)
            .where("disposition_work.state", "<>", "submitted"),
        )
        .returning("opinion_id")
        .executeTakeFirst();
      if (!written) throw conflict("workflow.error.underReview");
      const data = {
        code: v.code,
        from: o.state ?? "none",
        ...(ids.length > 1 ? { cluster: ids.length } : {}),
        ...(changed ? { changedVersionId: changed.versionId, changedPid: changed.pid } : {}),
      };
      await recordAudit(trx, {
        actorUserId: input.actorId,
        action: "disposition.save",
        subjectType: "opinion",
        subjectId: o.id,
        data,
        ip: input.ip,
      });
      if (input.submit)
        await recordAudit(trx, {
          actorUserId: input.actorId,
          action: "disposition.submit",
          subjectType: "opinion",
          subjectId: o.id,
          data: { code: v.code, ...(ids.length > 1 ? { cluster: ids.length } : {}) },
          ip: input.ip,
        });
    }
    return { count: opinions.length };
  });
}

export interface DispositionPreviewRow {
  opinionId: string;
  receipt: string;
  provisionLabel: string | null;
  before: { code: DispositionCode; reason: string; state: WorkState } | null;
  after: { code: DispositionCode; reason: string };
}

/**
 * What saving one disposition for these opinions would change (the bulk preview): each opinion's
 * working copy before and after, and how many change. Writes nothing.
 */
export async function previewDispositions(
  db: Kysely<Database>,
  input: { consultationId: string; values: DispositionValues },
): Promise<{ rows: DispositionPreviewRow[]; changing: number; unchanged: number }> {
  const parsed = DispositionInput.safeParse(input.values);
  if (!parsed.success) throw invalidInput("handling.invalid");
  const v = parsed.data;
  const ids = unique(v.opinionIds);
  const opinions = await loadOpinions(db, input.consultationId, ids);
  const order = new Map(ids.map((id, i) => [id, i]));
  opinions.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  let changing = 0;
  const rows = opinions.map((o): DispositionPreviewRow => {
    const before =
      o.state && o.code ? { code: o.code, reason: o.reason ?? "", state: o.state } : null;
    if (!before || before.code !== v.code || before.reason !== v.reason) changing += 1;
    return {
      opinionId: o.id,
      receipt: o.receipt,
      provisionLabel: o.provisionLabel,
      before,
      after: { code: v.code, reason: v.reason },
    };
  });
  return { rows, changing, unchanged: rows.length - changing };
}

/** Submits drafted or returned working copies for review. */
export async function submitDispositions(
  db: Kysely<Database>,
  input: { consultationId: string; opinionIds: string[]; actorId: string; ip: string | null },
): Promise<{ count: number }> {
  const ids = unique(input.opinionIds);
  if (ids.length === 0) throw invalidInput("workflow.error.nothingSelected");
  const bill = await billOfConsultation(db, input.consultationId);
  await requireCapability(db, input.actorId, bill.billId, "dispose");
  const opinions = await loadOpinions(db, input.consultationId, ids);
  if (opinions.some((o) => !SUBMITTABLE.includes(o.state ?? null)))
    throw conflict("workflow.error.notSubmittable");
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const done = await trx
      .updateTable("disposition_work")
      .set({ state: "submitted", submitted_by: input.actorId, submitted_at: now, updated_at: now })
      .where("opinion_id", "in", ids)
      .where("state", "in", ["draft", "returned"])
      .returning(["opinion_id", "code"])
      .execute();
    // A concurrent transition took some of them first.
    if (done.length !== ids.length) throw conflict("workflow.error.notSubmittable");
    for (const row of done)
      await recordAudit(trx, {
        actorUserId: input.actorId,
        action: "disposition.submit",
        subjectType: "opinion",
        subjectId: row.opinion_id,
        data: { code: row.code, ...(ids.length > 1 ? { batch: ids.length } : {}) },
        ip: input.ip,
      });
    return { count: done.length };
  });
}

/**
 * A reviewer's decision on submitted working copies: approve them, or return them to the
 * drafters with a comment (required) saying what to change.
 */
export async function reviewDispositions(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    opinionIds: string[];
    decision: "approve" | "return";
    comment: string;
    actorId: string;
    ip: string | null;
  },
): Promise<{ count: number }> {
  const ids = unique(input.opinionIds);
  if (ids.length === 0) throw invalidInput("workflow.error.nothingSelected");
  if (input.decision !== "approve" && input.decision !== "return")
    throw invalidInput("workflow.error.decisionInvalid");
  const comment = (input.comment ?? "").trim();
  if (input.decision === "return" && comment.length === 0)
    throw invalidInput("workflow.error.commentRequired", {
      comment: "workflow.error.commentRequired",
    });
  if (comment.length > 2000)
    throw invalidInput("workflow.error.commentTooLong", {
      comment: "workflow.error.commentTooLong",
    });
  const bill = await billOfConsultation(db, input.consultationId);
  await requireCapability(db, input.actorId, bill.billId, "review");
  const opinions = await loadOpinions(db, input.consultationId, ids);
  if (opinions.some((o) => o.state !== "submitted")) throw conflict("workflow.error.notSubmitted");
  return inTransaction(db, async (trx) => {
    const now = new Date();
    const approve = input.decision === "approve";
    const done = await trx
      .updateTable("disposition_work")
      .set({
        state: approve ? "approved" : "returned",
        review_comment: approve ? "" : comment,
        reviewed_by: input.actorId,
        reviewed_at: now,
        updated_at: now,
      })
      .where("opinion_id", "in", ids)
      .where("state", "=", "submitted")
      .returning(["opinion_id", "code"])
      .execute();
    if (done.length !== ids.length) throw conflict("workflow.error.notSubmitted");
    for (const row of done)
      await recordAudit(trx, {
        actorUserId: input.actorId,
        action: approve ? "disposition.approve" : "disposition.return",
        subjectType: "opinion",
        subjectId: row.opinion_id,
        data: {
          code: row.code,
          ...(approve ? {} : { comment }),
          ...(ids.length > 1 ? { batch: ids.length } : {}),
        },
        ip: input.ip,
      });
    return { count: done.length };
  });
}

/**
 * Publishes the consultation's approved working copies (all of them, or those on one provision's
 * subtree): copies each into the public record, marks it published, and notifies, once, each
 * author with an account whose public disposition changed and each coordinator of a contact
 * point with changed dispositions in the batch. An unchanged disposition is marked published
 * without touching the record, and tells no one. Returns how many were published and the mails.
 */
export async function publishDispositions(
  db: Kysely<Database>,
  input: {
    consultationId: string;
    provisionPid?: string;
    actorId: string;
    ip: string | null;
    render: RenderNotice;
  },
): Promise<{ count: number; mails: OutgoingMail[] }> {
  const bill = await billOfConsultation(db, input.consultationId);
  await requireCapability(db, input.actorId, bill.billId, "review");
  let pids: string[] | null = null;
  if (input.provisionPid) {
    const outline = await db
      .selectFrom("provisions")
      .select(["pid", "parent_pid"])
      .where("version_id", "=", bill.versionId)
      .execute();
    if (!outline.some((p) => p.pid === input.provisionPid))
      throw invalidInput("workflow.assign.provisionUnknown", {
        provisionPid: "workflow.assign.provisionUnknown",
      });
    const children = new Map<string, string[]>();
    for (const p of outline)
      if (p.parent_pid) children.set(p.parent_pid, [...(children.get(p.parent_pid) ?? []), p.pid]);
    pids = [];
    const stack = [input.provisionPid];
    while (stack.length > 0) {
      const next = stack.pop()!;
      pids.push(next);
      stack.push(...(children.get(next) ?? []));
    }
  }
  return inTransaction(db, async (trx) => {
    let q = trx
      .selectFrom("disposition_work as w")
      .innerJoin("opinions as o", "o.id", "w.opinion_id")
      .leftJoin("provisions as p", (join) =>
        join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
      )
      .leftJoin("dispositions as d", "d.opinion_id", "o.id")
      .select([
        "w.opinion_id as id",
        "w.code",
        "w.reason",
        "w.changed_version_id",
        "w.changed_pid",
        "o.author_user_id",
        "o.receipt",
        "o.contact_point_id",
        "p.label as provisionLabel",
        "d.code as oldCode",
        "d.reason as oldReason",
        "d.changed_version_id as oldVersion",
        "d.changed_pid as oldPid",
      ])
      .where("w.consultation_id", "=", input.consultationId)
      .where("w.state", "=", "approved");
    if (pids) q = q.where("o.provision_pid", "in", pids);
    // Locks the rows being published, so two reviewers publishing at once publish each once.
    const rows = await q.forUpdate("w").execute();
    if (rows.length === 0) throw conflict("workflow.error.nothingApproved");
    const now = new Date();
    const notices: Notice[] = [];
    const changedByPoint = new Map<string, number>();
    const changedIds: string[] = [];
    const changedPointOpinions: string[] = [];
    for (const r of rows) {
      const same =
        r.oldCode === r.code &&
        r.oldReason === r.reason &&
        (r.oldVersion ?? null) === (r.changed_version_id ?? null) &&
        (r.oldPid ?? null) === (r.changed_pid ?? null);
      if (!same) {
        await recordDisposition(trx, {
          opinionId: r.id,
          code: r.code,
          reason: r.reason,
          decidedBy: input.actorId,
          changedVersionId: r.changed_version_id,
          changedPid: r.changed_pid,
        });
        changedIds.push(r.id);
        if (r.author_user_id)
          notices.push({
            userId: r.author_user_id,
            kind: "opinion_disposed",
            subjectType: "opinion",
            subjectId: r.id,
            data: {
              consultation: bill.title,
              ...(r.provisionLabel ? { target: r.provisionLabel } : {}),
              code: r.code,
              receipt: r.receipt,
              link: "/me",
            },
          });
        if (r.contact_point_id) {
          changedByPoint.set(r.contact_point_id, (changedByPoint.get(r.contact_point_id) ?? 0) + 1);
          changedPointOpinions.push(r.id);
        }
      }
      await recordAudit(trx, {
        actorUserId: input.actorId,
        action: "disposition.publish",
        subjectType: "opinion",
        subjectId: r.id,
        data: {
          code: r.code,
          changed: !same,
          ...(input.provisionPid ? { provisionPid: input.provisionPid } : {}),
        },
        ip: input.ip,
      });
    }
    await trx
      .updateTable("disposition_work")
      .set({ state: "published", published_by: input.actorId, published_at: now, updated_at: now })
      .where(
        "opinion_id",
        "in",
        rows.map((r) => r.id),
      )
      .execute();
    if (changedByPoint.size > 0) {
      const coordinators = await trx
        .selectFrom("memberships as m")
        .innerJoin("contact_points as cp", "cp.id", "m.contact_point_id")
        .select(["m.user_id", "cp.id as pointId", "cp.name as pointName"])
        .where("m.role", "=", "coordinator")
        .where("m.contact_point_id", "in", [...changedByPoint.keys()])
        .execute();
      for (const c of coordinators)
        notices.push({
          userId: c.user_id,
          kind: "point_dispositions_published",
          subjectType: "consultation",
          subjectId: input.consultationId,
          data: {
            consultation: bill.title,
            point: c.pointName,
            count: changedByPoint.get(c.pointId) ?? 0,
            link: coordinatorLink(input.consultationId),
          },
        });
    }
    const mails = await recordNotifications(trx, notices, input.render);
    // The outcome a person without an account asked for on their receipt (issue 18).
    await queueOutcomeNotices(trx, changedIds, input.render);
    await recordPointOpinionNotices(trx, changedPointOpinions, {
      id: input.consultationId,
      title: bill.title,
    });
    return { count: rows.length, mails };
  });
}
