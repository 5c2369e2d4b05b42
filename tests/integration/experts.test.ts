// 论证 and 咨询 (issue 17 item 4): an expert's private link is a secret kept only as its hash and
// refused alike when unknown, expired or revoked; only the legislature's drafters run a review;
// submitted answers are opinions of the 论证会/咨询 channel in the handling view; an expert's
// contact details reach no public page, export or API answer.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as consultationPage from "../../app/routes/consultation.tsx";
import * as draftOpinions from "../../app/routes/draft-opinions.tsx";
import * as expertPage from "../../app/routes/expert-invitation.tsx";
import * as handlingPage from "../../app/routes/handling.tsx";
import * as provisionOpinions from "../../app/routes/provision-opinions.tsx";
import * as reportExport from "../../app/routes/report-export.ts";
import * as reviewNew from "../../app/routes/expert-review-new.tsx";
import * as reviewPage from "../../app/routes/workspace-expert-review.tsx";
import * as registryPage from "../../app/routes/workspace-experts.tsx";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { listExpertReviewTimelineEntries } from "../../db/queries/experts.ts";
import { listHandlingPage } from "../../db/queries/handling.ts";
import { createExpertReview, inviteExperts } from "../../services/expert-reviews.ts";
import { createExpert } from "../../services/experts.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

const EMAIL = "wang.expert@example.edu.cn";
const PHONE = "13911112222";
const DAY = 86_400_000;

describe("expert reviews", () => {
  const t = useTestDatabase();
  const ctx = (ip?: string) => makeContext(t.handle.db, t.handle.kind, ip ? { clientIp: ip } : {});

  /** A consultation with a drafter, an expert of the registry and a written review. */
  async function world() {
    const db = t.handle.db;
    const f = await reportFixture(db);
    const drafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: f.organizationId }],
    });
    const actor = { userId: drafter.id, organizationIds: [f.organizationId], ip: null };
    const expertId = await createExpert(db, {
      ...actor,
      organizationId: f.organizationId,
      values: {
        name: "王兽医",
        field: "兽医学",
        affiliation: "南通大学",
        title: "教授",
        email: EMAIL,
        phone: PHONE,
        conflicts: "",
      },
    });
    const reviewId = await createExpertReview(db, {
      ...actor,
      consultationId: f.consultationId,
      timeZone: "Asia/Shanghai",
      values: {
        kind: "written",
        title: "二审稿专家书面咨询",
        brief: "请就动物防疫的定义提出意见。",
        heldAt: "",
        dueAt: "2099-06-01T18:00",
        place: "",
      },
    });
    const cookie = await signInCookie(ctx(), drafter);
    return { f, drafter, actor, expertId, reviewId, cookie };
  }

  /** Invites the expert through the review page, as the drafter does; the link it shows once. */
  async function invite(w: Awaited<ReturnType<typeof world>>): Promise<string> {
    const answer = await callRoute(
      reviewPage.action,
      formRequest(
        `/workspace/expert-reviews/${w.reviewId}`,
        {
          intent: "invite",
          expertIds: w.expertId,
        },
        { cookie: w.cookie },
      ),
      ctx(),
      { reviewId: w.reviewId },
    );
    expect(answer.status).toBe(200);
    expect(answer.data.links).toHaveLength(1);
    return new URL(answer.data.links[0].link).pathname.split("/expert/")[1]!;
  }

  const openLink = (token: string, ip?: string) =>
    callRoute(expertPage.loader, getRequest(`/expert/${token}`), ctx(ip), { token });
  const post = (token: string, fields: Record<string, string>, ip?: string) =>
    callRoute(expertPage.action, formRequest(`/expert/${token}`, fields), ctx(ip), { token });

  it("keeps only the SHA-256 of a link's token, and e-mails the link once", async () => {
    const w = await world();
    const token = await invite(w);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.handle.db
      .selectFrom("expert_invitations")
      .selectAll()
      .where("review_id", "=", w.reviewId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(JSON.stringify(rows)).not.toContain(token);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "data"])
      .where("subject_id", "=", w.reviewId)
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "expert_review.create",
      "expert_review.invite",
    ]);
    expect(JSON.stringify(audit)).not.toContain(token);
    const mails = await t.handle.db
      .selectFrom("mail_outbox")
      .select(["subject", "body"])
      .where("recipient", "=", EMAIL)
      .where("body", "like", `%${token}%`)
      .execute();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body).toContain(`/expert/${token}`);

    // The page opens with the reading's articles, and notes that the expert looked.
    const page = await openLink(token);
    expect(page.status).toBe(200);
    expect(page.data.provisions.map((p: { text: string }) => p.text)).toContain(
      "本条例所称动物防疫，是指预防、控制动物疫病。",
    );
    expect(JSON.stringify(page.data)).not.toContain(EMAIL);
    const opened = await t.handle.db
      .selectFrom("expert_invitations")
      .select("opened_at")
      .where("review_id", "=", w.reviewId)
      .executeTakeFirstOrThrow();
    expect(opened.opened_at).not.toBeNull();
  });

  it("refuses an unknown, a revoked and an expired link with one and the same answer", async () => {
    const w = await world();
    const unknown = await openLink("A".repeat(43));
    const malformed = await openLink("short");
    const token = await invite(w);
    const invitationId = (await t.handle.db
      .selectFrom("expert_invitations")
      .select("id")
      .where("review_id", "=", w.reviewId)
      .executeTakeFirstOrThrow())!.id;
    await callRoute(
      reviewPage.action,
      formRequest(
        `/workspace/expert-reviews/${w.reviewId}`,
        { intent: "revoke", invitationId },
        { cookie: w.cookie },
      ),
      ctx(),
      { reviewId: w.reviewId },
    );
    const revoked = await openLink(token);
    const revokedPost = await post(token, { intent: "save", conflicts: "无", "answer:draft": "x" });
    // A new link (resend) works, the old one stays dead; once expired, the new one dies too.
    const resent = await callRoute(
      reviewPage.action,
      formRequest(
        `/workspace/expert-reviews/${w.reviewId}`,
        { intent: "resend", invitationId },
        { cookie: w.cookie },
      ),
      ctx(),
      { reviewId: w.reviewId },
    );
    const fresh = new URL(resent.data.links[0].link).pathname.split("/expert/")[1]!;
    expect((await openLink(fresh)).status).toBe(200);
    expect((await openLink(token)).status).toBe(404);
    await t.handle.db
      .updateTable("expert_invitations")
      .set({ expires_at: new Date(Date.now() - DAY) })
      .where("id", "=", invitationId)
      .execute();
    const expired = await openLink(fresh);
    for (const answer of [unknown, malformed, revoked, revokedPost, expired]) {
      expect(answer.status).toBe(404);
      expect(answer.data).toEqual(unknown.data);
    }
    expect(unknown.data.message).toContain("无效或已过期");
  });

  it("stops an address guessing links, even at a right one, but not an expert at work", async () => {
    const w = await world();
    const token = await invite(w);
    const expertIp = "10.9.0.1";
    // The expert opens and saves many times: a link that opens counts nothing.
    for (let i = 0; i < 25; i++) expect((await openLink(token, expertIp)).status).toBe(200);
    const guesser = "10.9.0.2";
    const answers: number[] = [];
    for (let i = 0; i < 21; i++)
      answers.push(
        (await openLink(`${"B".repeat(40)}${String(i).padStart(3, "0")}`, guesser)).status,
      );
    expect(answers.slice(0, 20).every((s) => s === 404)).toBe(true);
    expect(answers[20]).toBe(429);
    const right = await openLink(token, guesser);
    expect(right.status).toBe(429);
    expect(right.headers.get("Retry-After")).toMatch(/^\d+$/);
  });

  it("lets only the legislature's drafters run a review", async () => {
    const w = await world();
    const db = t.handle.db;
    const other = await makeOrganization(db);
    const outsider = await makeUser(db, { roles: [{ role: "drafter", organizationId: other }] });
    const cookie = await signInCookie(ctx(), outsider);
    const page = await callRoute(
      reviewPage.loader,
      getRequest(`/workspace/expert-reviews/${w.reviewId}`, cookie),
      ctx(),
      { reviewId: w.reviewId },
    );
    expect(page.status).toBe(403);
    const inviting = await callRoute(
      reviewPage.action,
      formRequest(
        `/workspace/expert-reviews/${w.reviewId}`,
        { intent: "invite", expertIds: w.expertId },
        { cookie },
      ),
      ctx(),
      { reviewId: w.reviewId },
    );
    expect(inviting.status).toBe(403);
    const creating = await callRoute(
      reviewNew.action,
      formRequest(
        `/consultations/${w.f.consultationId}/expert-reviews/new`,
        { kind: "written", title: "越权", dueAt: "2099-01-01T10:00" },
        { cookie },
      ),
      ctx(),
      { consultationId: w.f.consultationId },
    );
    expect(creating.status).toBe(403);
    // The service holds the line too, and the outsider's registry shows none of these experts.
    await expect(
      inviteExperts(db, {
        userId: outsider.id,
        organizationIds: [other],
        ip: null,
        reviewId: w.reviewId,
        expertIds: [w.expertId],
        origin: "http://localhost",
        render: () => ({ subject: "", text: "" }),
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    const registry = await callRoute(
      registryPage.loader,
      getRequest("/workspace/experts", cookie),
      ctx(),
    );
    expect(registry.status).toBe(200);
    expect(JSON.stringify(registry.data)).not.toContain(EMAIL);
    expect(
      await db
        .selectFrom("expert_invitations")
        .select("id")
        .where("review_id", "=", w.reviewId)
        .execute(),
    ).toEqual([]);
  });

  it("turns submitted answers into expert_meeting opinions in the handling view, contact kept private", async () => {
    const w = await world();
    const token = await invite(w);
    const [first, second] = w.f.pids;
    const saved = await post(token, {
      intent: "save",
      conflicts: "",
      [`answer:${first}`]: "建议删除“为了测试”的表述。",
      [`proposed:${first}`]: "",
      [`answer:${second}`]: "定义应当包括诊疗和净化。",
      [`proposed:${second}`]: "本条例所称动物防疫，是指动物疫病的预防、控制、诊疗、净化、消灭。",
      "answer:draft": "",
      "proposed:draft": "",
    });
    expect(saved.status).toBe(200);
    expect(saved.data).toEqual({ ok: true, saved: 2 });
    // Saved drafts are the expert's: nothing in the handling yet.
    const before = await listHandlingPage(
      t.handle.db,
      w.f.consultationId,
      { channel: "expert_meeting" },
      { size: 50 },
    );
    expect(before.rows).toEqual([]);

    // Submitting without a declaration of interests is refused and changes nothing.
    const undeclared = await post(token, {
      intent: "submit",
      conflicts: "",
      [`answer:${first}`]: "建议删除“为了测试”的表述。",
    });
    expect(undeclared.status).toBe(400);
    expect(undeclared.data.fields).toEqual({ conflicts: "experts.error.conflictsRequired" });

    const submitted = await post(token, {
      intent: "submit",
      conflicts: "无",
      [`answer:${first}`]: "建议删除“为了测试”的表述。",
      [`answer:${second}`]: "定义应当包括诊疗和净化。",
      [`proposed:${second}`]: "本条例所称动物防疫，是指动物疫病的预防、控制、诊疗、净化、消灭。",
      "answer:draft": "总体赞成本草案。",
    });
    expect(submitted.status).toBe(302);

    const page = await listHandlingPage(
      t.handle.db,
      w.f.consultationId,
      { channel: "expert_meeting" },
      { size: 50 },
    );
    expect(page.rows.map((r) => r.body).sort()).toEqual(
      ["定义应当包括诊疗和净化。", "建议删除“为了测试”的表述。", "总体赞成本草案。"].sort(),
    );
    for (const row of page.rows) {
      expect(row.channel).toBe("expert_meeting");
      expect(row.respondent_type).toBe("expert");
      expect(row.status).toBe("published");
    }
    const stored = await t.handle.db
      .selectFrom("opinions")
      .select(["provenance", "provision_pid", "proposed_text", "scope"])
      .where("consultation_id", "=", w.f.consultationId)
      .where("channel", "=", "expert_meeting")
      .execute();
    expect(
      stored.every(
        (o) => o.provenance === "二审稿专家书面咨询（书面咨询）；王兽医，南通大学，教授",
      ),
    ).toBe(true);
    expect(stored.find((o) => o.provision_pid === null)?.scope).toBe("draft");
    expect(stored.find((o) => o.provision_pid === second)?.proposed_text).toContain("诊疗");

    // The handling view's channel filter finds them.
    const handling = await callRoute(
      handlingPage.loader,
      getRequest(`/consultations/${w.f.consultationId}/handling?channel=expert_meeting`, w.cookie),
      ctx(),
      { id: w.f.consultationId },
    );
    expect(handling.status).toBe(200);
    expect(JSON.stringify(handling.data)).toContain("定义应当包括诊疗和净化。");

    // A second submit (another tab) records nothing twice.
    const again = await post(token, {
      intent: "submit",
      conflicts: "无",
      "answer:draft": "再来一次",
    });
    expect(again.status).toBe(409);
    expect(stored).toHaveLength(3);

    // The public pages, the export and the API show the opinions, never the contact details.
    const c = w.f.consultationId;
    const publicAnswers = await Promise.all([
      callRoute(consultationPage.loader, getRequest(`/consultations/${c}`), ctx(), { id: c }),
      callRoute(draftOpinions.loader, getRequest(`/consultations/${c}/opinions`), ctx(), { id: c }),
      callRoute(
        provisionOpinions.loader,
        getRequest(`/consultations/${c}/provisions/${second}`),
        ctx(),
        { id: c, pid: second! },
      ),
      callRoute(apiOpinions.loader, getRequest(`/api/v1/consultations/${c}/opinions`), ctx(), {
        id: c,
      }),
      callRoute(reportExport.loader, getRequest(`/consultations/${c}/export/opinions.csv`), ctx(), {
        id: c,
        file: "opinions.csv",
      }),
    ]);
    const publicText = publicAnswers.map((a) => JSON.stringify(a.data)).join("\n");
    expect(publicAnswers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(publicText).toContain("定义应当包括诊疗和净化。");
    expect(publicText).not.toContain(EMAIL);
    expect(publicText).not.toContain(PHONE);

    // The timeline says a review took place, with its counts, and names nobody.
    const timeline = await listExpertReviewTimelineEntries(t.handle.db, w.f.billId);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      stage: "expert_review",
      title: "二审稿专家书面咨询",
      outcome: { key: "experts.timeline.outcome.written", values: { experts: 1, opinions: 3 } },
    });
    expect(JSON.stringify(timeline)).not.toMatch(/王兽医|南通大学|example\.edu/);

    // The drafters' review page lists the answers by article.
    const review = await callRoute(
      reviewPage.loader,
      getRequest(`/workspace/expert-reviews/${w.reviewId}`, w.cookie),
      ctx(),
      { reviewId: w.reviewId },
    );
    expect(review.data.answers).toHaveLength(3);
    expect(review.data.invitations[0].state).toBe("submitted");
  });

  it("records a decline with its reason, and the link then takes no answers", async () => {
    const w = await world();
    const token = await invite(w);
    const declined = await post(token, { intent: "decline", reason: "出差在外" });
    expect(declined.status).toBe(302);
    const page = await openLink(token);
    expect(page.data.invitation.state).toBe("declined");
    const late = await post(token, { intent: "submit", conflicts: "无", "answer:draft": "意见" });
    expect(late.status).toBe(409);
    const review = await callRoute(
      reviewPage.loader,
      getRequest(`/workspace/expert-reviews/${w.reviewId}`, w.cookie),
      ctx(),
      { reviewId: w.reviewId },
    );
    expect(review.data.invitations[0]).toMatchObject({
      state: "declined",
      declineReason: "出差在外",
    });
  });
});
