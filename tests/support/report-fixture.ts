import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Channel, DispositionCode, OpinionStatus, RespondentType } from "../../db/codes.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  sampleText,
} from "../../db/factories.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import type { Database } from "../../db/schema.ts";
import { contactPointReports } from "./submissions.ts";

export interface OpinionInput {
  pid?: string | null;
  body?: string;
  proposed?: string | null;
  channel?: Channel;
  status?: OpinionStatus;
  contactPointId?: string | null;
  submissionId?: string | null;
  headcount?: number;
  name?: string | null;
  region?: string | null;
  respondentType?: RespondentType;
  createdAt?: Date;
  receivedOn?: string | null;
  disposition?: { code: DispositionCode; reason?: string; changedPid?: string };
}

/**
 * A consultation on a three-article reading with a next reading, and a way to add opinions of
 * any channel, status and submission directly (the rules under test only read them).
 */
export async function reportFixture(db: Kysely<Database>) {
  const organizationId = await makeOrganization(db);
  const text = sampleText(
    [
      "为了测试，制定本条例。",
      "本条例所称动物防疫，是指预防、控制动物疫病。",
      "本条例自公布之日起施行。",
    ],
    "测试动物防疫条例",
  );
  const { billId, versionId } = await makeBillWithVersion(db, {
    organizationId,
    document: text.document,
    provisions: text.provisions,
  });
  // The next reading keeps the pids (as readings do) and changes the second article.
  const nextProvisions = text.provisions.map((p, i) =>
    i === 1
      ? { ...p, text: "本条例所称动物防疫，是指动物疫病的预防、控制、诊疗、净化、消灭。" }
      : p,
  );
  const nextVersionId = await insertVersion(db, {
    billId,
    label: "second_reading",
    title: "测试动物防疫条例",
    document: text.document,
    provisions: nextProvisions,
    publishedBy: null,
  });
  const consultationId = await makeConsultation(db, { versionId });
  const pids = text.provisions.map((p) => p.pid);
  const pointA = await makeContactPoint(db, { organizationId, name: "崇川区和平桥联系点" });
  const pointB = await makeContactPoint(db, {
    organizationId,
    name: "海门区联系点",
    district: "海门区",
  });

  const reports = contactPointReports(db);
  async function submission(contactPointId: string, status: "draft" | "submitted" | "received") {
    return reports.create({ contactPointId, consultationId, status });
  }

  // Opinions are a second apart, in the order they are added, so text order ties are stable.
  let clock = Date.now() - 3_600_000;
  async function addOpinion(input: OpinionInput = {}): Promise<string> {
    const pid = input.pid === undefined ? pids[0]! : input.pid;
    const status = await reports.opinionStatus(input.submissionId, input.status ?? "published");
    const row = await db
      .insertInto("opinions")
      .values({
        consultation_id: consultationId,
        version_id: versionId,
        provision_pid: pid,
        scope: pid ? "article" : "draft",
        body: input.body ?? "建议进一步明确。",
        proposed_text: input.proposed ?? null,
        channel: input.channel ?? "online",
        contact_point_id: input.contactPointId ?? null,
        submission_id: input.submissionId ?? null,
        headcount: input.headcount ?? 1,
        author_name: input.name ?? null,
        author_region: input.region ?? null,
        respondent_type: input.respondentType ?? "individual",
        status,
        hidden_reason: status === "hidden" ? "含有不当内容" : null,
        receipt: `KM${randomUUID().replace(/-/g, "").slice(0, 16)}`,
        lookup_code_hash: "x",
        received_on: input.receivedOn ?? null,
        created_at: input.createdAt ?? new Date((clock += 1000)),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await reports.settle(input.submissionId);
    if (input.disposition)
      await db
        .insertInto("dispositions")
        .values({
          opinion_id: row.id,
          code: input.disposition.code,
          reason: input.disposition.reason ?? "",
          changed_version_id: input.disposition.changedPid ? nextVersionId : null,
          changed_pid: input.disposition.changedPid ?? null,
        })
        .execute();
    return row.id;
  }

  async function publishReport(note = "") {
    await db
      .updateTable("consultations")
      .set({ report_published_at: new Date(), report_note: note })
      .where("id", "=", consultationId)
      .execute();
  }

  return {
    organizationId,
    billId,
    versionId,
    nextVersionId,
    consultationId,
    pids,
    pointA,
    pointB,
    submission,
    addOpinion,
    publishReport,
  };
}
