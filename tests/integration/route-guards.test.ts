// The route × role matrix (issue 11, "Keep it proven"): every route module of app/routes.ts is
// read with GET by seven visitors, and the answer must be the one the table below declares.
// A route missing from the table fails the test, so a new route cannot ship without someone
// deciding who may read it. Whatever the status, hidden opinion text, a contact point's
// unsubmitted opinions and authors' real names must never reach a visitor who may not see them.
import { describe, expect, it } from "vitest";
import routeConfig from "../../app/routes.ts";
import type { Role } from "../../db/codes.ts";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce } from "../../search/indexer.ts";
import { createActivity } from "../../services/contact-points.ts";
import { createExpertReview, inviteExperts } from "../../services/expert-reviews.ts";
import { createExpert } from "../../services/experts.ts";
import { announceHearing, createHearing, registerForHearing } from "../../services/hearings.ts";
import { createProposalCall } from "../../services/legislative-plans.ts";
import { submitProposal } from "../../services/proposals.ts";
import { addQuestion, createSurvey, publishSurvey } from "../../services/surveys.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { insertResponse } from "../support/surveys.ts";
import { callRoute, getRequest, makeContext, signInCookie } from "../support/routes.ts";

const actors = [
  "anonymous",
  "citizen",
  "coordinator",
  "otherDrafter",
  "drafter",
  "moderator",
  "admin",
] as const;
type Actor = (typeof actors)[number];

/**
 * Who may read a page. `bill-drafter`: a drafter or admin of the legislature that owns the bill
 * (a drafter of another legislature gets 403); `any-drafter`: a drafter or admin anywhere.
 * Without a session, a protected page sends the visitor to sign in (302 to /login?next=…).
 */
type Rule =
  | "public"
  | "signed-in"
  | "bill-drafter"
  | "any-drafter"
  | "coordinator"
  | "moderator"
  | "admin"
  | "signed-out-only"
  | "redirect"
  | "not-found"
  | Record<Actor, number>;

const allowedBy: Record<Exclude<Rule, object>, Actor[]> = {
  public: [...actors],
  "signed-in": actors.filter((a) => a !== "anonymous"),
  "bill-drafter": ["drafter", "admin"],
  "any-drafter": ["drafter", "otherDrafter", "admin"],
  coordinator: ["coordinator"],
  moderator: ["moderator", "admin"],
  admin: ["admin"],
  "signed-out-only": ["anonymous"],
  redirect: [],
  "not-found": [],
};

function expectedStatus(rule: Rule, actor: Actor): number {
  if (typeof rule === "object") return rule[actor];
  if (rule === "redirect") return 302;
  if (rule === "not-found") return 404;
  // Sign-in and sign-up send a signed-in visitor on to their landing page.
  if (rule === "signed-out-only") return actor === "anonymous" ? 200 : 302;
  if (allowedBy[rule].includes(actor)) return 200;
  return actor === "anonymous" ? 302 : 403;
}

interface World {
  c: string;
  b: string;
  v: string;
  next: string;
  pid: string;
  publishedId: string;
  hiddenId: string;
  activityId: string;
  token: string;
  otherSubmissionId: string;
  callId: string;
  proposalId: string;
  surveyId: string;
  draftSurveyId: string;
  reviewId: string;
  expertToken: string;
  hearingId: string;
}

/** A page only a bill's reviewer (审核人) reads: signed-out visitors go to sign in. */
const reviewerOnly: Rule = {
  anonymous: 302,
  citizen: 403,
  coordinator: 403,
  otherDrafter: 403,
  drafter: 403,
  moderator: 403,
  admin: 403,
};

/**
 * THE table: every route module, and the GETs that prove its guard. `null`: the module has no
 * loader (a POST-only endpoint; its action is guarded and CSRF-checked, see the feature tests).
 */
const table: Record<string, ((w: World) => { path: string; rule: Rule }[]) | null> = {
  "routes/home.tsx": () => [{ path: "/", rule: "public" }],
  "routes/login.tsx": () => [{ path: "/login", rule: "signed-out-only" }],
  "routes/signup.tsx": () => [{ path: "/signup", rule: "signed-out-only" }],
  "routes/logout.tsx": () => [{ path: "/logout", rule: "redirect" }],
  "routes/lang.tsx": () => [{ path: "/lang", rule: "redirect" }],
  // issue 18: the large-text switch's page (its form posts back to it).
  "routes/text-size.tsx": () => [{ path: "/text-size", rule: "public" }],
  "routes/consultation.tsx": (w) => [{ path: `/consultations/${w.c}`, rule: "public" }],
  "routes/opinion-new.tsx": (w) => [{ path: `/consultations/${w.c}/opinions/new`, rule: "public" }],
  "routes/handling.tsx": (w) => [{ path: `/consultations/${w.c}/handling`, rule: "bill-drafter" }],
  // issue 15: 待我处理 for a bill's team (none here) and the drafters and admins it links from.
  "routes/workspace-queue.tsx": () => [{ path: "/workspace/queue", rule: "any-drafter" }],
  // issue 15: the bill's reason templates, kept by its drafters and reviewers (not admins).
  "routes/reason-templates.tsx": (w) => [
    {
      path: `/bills/${w.b}/reason-templates`,
      rule: {
        anonymous: 302,
        citizen: 403,
        coordinator: 403,
        otherDrafter: 403,
        drafter: 200,
        moderator: 403,
        admin: 403,
      },
    },
  ],
  "routes/opinion-lookup.tsx": () => [{ path: "/opinions/lookup", rule: "public" }],
  "routes/bill-new.tsx": () => [{ path: "/bills/new", rule: "any-drafter" }],
  "routes/bill.tsx": (w) => [{ path: `/bills/${w.b}`, rule: "bill-drafter" }],
  "routes/version.tsx": (w) => [{ path: `/bills/${w.b}/versions/${w.v}`, rule: "public" }],
  "routes/version-export.ts": (w) => [
    { path: `/bills/${w.b}/versions/${w.v}/export/txt`, rule: "public" },
    { path: `/bills/${w.b}/versions/${w.v}/export/docx`, rule: "public" },
  ],
  "routes/compare.tsx": (w) => [
    { path: `/bills/${w.b}/compare?from=${w.v}&to=${w.next}`, rule: "public" },
  ],
  "routes/compare-export.ts": (w) => [
    { path: `/bills/${w.b}/compare/export/csv?from=${w.v}&to=${w.next}`, rule: "public" },
  ],
  "routes/lineage.tsx": (w) => [{ path: `/bills/${w.b}/provisions/${w.pid}`, rule: "public" }],
  "routes/bill-timeline.tsx": (w) => [{ path: `/bills/${w.b}/timeline`, rule: "public" }],
  "routes/bill-edit.tsx": (w) => [{ path: `/bills/${w.b}/edit`, rule: "bill-drafter" }],
  "routes/decision.tsx": (w) => [
    { path: `/bills/${w.b}/versions/${w.v}/decision`, rule: "bill-drafter" },
  ],
  "routes/decision-docx.ts": null,
  "routes/version-notes.tsx": (w) => [
    { path: `/bills/${w.b}/versions/${w.v}/notes`, rule: "bill-drafter" },
  ],
  "routes/draft-steps.ts": (w) => [{ path: `/bills/${w.b}/draft/steps`, rule: "bill-drafter" }],
  "routes/me.tsx": () => [{ path: "/me", rule: "signed-in" }],
  "routes/workspace.tsx": () => [{ path: "/workspace", rule: "any-drafter" }],
  "routes/coordinator.tsx": () => [{ path: "/coordinator", rule: "coordinator" }],
  "routes/moderation.tsx": () => [{ path: "/moderation", rule: "moderator" }],
  "routes/admin.tsx": () => [{ path: "/admin", rule: "admin" }],
  "routes/admin.users.tsx": () => [{ path: "/admin/users", rule: "admin" }],
  "routes/admin.audit.tsx": () => [{ path: "/admin/audit", rule: "admin" }],
  "routes/admin.audit-export.ts": () => [{ path: "/admin/audit/export.csv", rule: "admin" }],
  "routes/api.compare.ts": (w) => [
    { path: `/api/v1/bills/${w.b}/compare?from=${w.v}&to=${w.next}`, rule: "public" },
  ],
  "routes/api.consultations.ts": () => [{ path: "/api/v1/consultations", rule: "public" }],
  "routes/api.consultation.ts": (w) => [{ path: `/api/v1/consultations/${w.c}`, rule: "public" }],
  "routes/api.opinions.ts": (w) => [
    { path: `/api/v1/consultations/${w.c}/opinions`, rule: "public" },
  ],
  "routes/api.lookup.ts": () => [
    {
      // A receipt and code that match nothing: the same 404 for everyone, signed in or not.
      path: "/api/v1/opinions/lookup?receipt=KM0000000000000000&code=ABCDEFGH",
      rule: "not-found",
    },
  ],
  "routes/consultations.tsx": () => [{ path: "/consultations", rule: "public" }],
  "routes/consultation-manage.tsx": (w) => [
    { path: `/consultations/${w.c}/manage`, rule: "bill-drafter" },
  ],
  "routes/consultation-new.tsx": (w) => [
    { path: `/bills/${w.b}/consultations/new`, rule: "bill-drafter" },
  ],
  "routes/api.openapi.ts": () => [{ path: "/api/v1/openapi.json", rule: "public" }],
  "routes/provision-opinions.tsx": (w) => [
    { path: `/consultations/${w.c}/provisions/${w.pid}`, rule: "public" },
  ],
  "routes/draft-opinions.tsx": (w) => [{ path: `/consultations/${w.c}/opinions`, rule: "public" }],
  "routes/moderation-words.tsx": () => [{ path: "/moderation/words", rule: "moderator" }],
  "routes/moderation-opinion.tsx": (w) => [
    { path: `/moderation/opinions/${w.hiddenId}`, rule: "moderator" },
  ],
  "routes/opinion-report.tsx": (w) => [
    { path: `/opinions/${w.publishedId}/report`, rule: "public" },
  ],
  "routes/handling-record.tsx": (w) => [
    { path: `/consultations/${w.c}/handling/record`, rule: "bill-drafter" },
  ],
  "routes/notifications.tsx": () => [{ path: "/notifications", rule: "signed-in" }],
  "routes/api.stats.ts": (w) => [{ path: `/api/v1/consultations/${w.c}/stats`, rule: "public" }],
  "routes/report.tsx": (w) => [
    {
      // Not yet published: its drafters preview it, everyone else finds nothing.
      path: `/consultations/${w.c}/report`,
      rule: {
        anonymous: 404,
        citizen: 404,
        coordinator: 404,
        otherDrafter: 404,
        drafter: 200,
        moderator: 404,
        admin: 200,
      },
    },
  ],
  "routes/statistics.tsx": (w) => [
    { path: `/consultations/${w.c}/statistics`, rule: "bill-drafter" },
  ],
  "routes/report-export.ts": (w) => [
    { path: `/consultations/${w.c}/export/opinions.csv`, rule: "public" },
    { path: `/consultations/${w.c}/export/opinions.csv?all=1`, rule: "bill-drafter" },
    { path: `/consultations/${w.c}/export/opinions.xlsx?all=1`, rule: "bill-drafter" },
  ],
  "routes/contact-points.tsx": () => [{ path: "/contact-points", rule: "public" }],
  "routes/api.contact-points.ts": () => [{ path: "/api/v1/contact-points", rule: "public" }],
  "routes/admin.contact-points.tsx": () => [{ path: "/admin/contact-points", rule: "admin" }],
  "routes/coordinator.consultation.tsx": (w) => [
    { path: `/coordinator/consultations/${w.c}`, rule: "coordinator" },
  ],
  "routes/coordinator.import.tsx": (w) => [
    { path: `/coordinator/consultations/${w.c}/import`, rule: "coordinator" },
  ],
  "routes/coordinator.import-upload.ts": null,
  "routes/coordinator.activity-attachments.ts": null,
  // Who may read an attachment is proven in coordinator-tools.test.ts (it needs a files
  // directory); here, an unknown one is no one's.
  "routes/attachment-file.ts": () => [
    { path: "/attachments/00000000-0000-4000-8000-000000000000", rule: "not-found" },
  ],
  "routes/coordinator.template.ts": (w) => [
    { path: `/coordinator/consultations/${w.c}/template.xlsx`, rule: "coordinator" },
  ],
  "routes/coordinator.activity.tsx": (w) => [
    { path: `/coordinator/activities/${w.activityId}`, rule: "coordinator" },
  ],
  "routes/coordinator.activity-print.tsx": (w) => [
    { path: `/coordinator/activities/${w.activityId}/print`, rule: "coordinator" },
  ],
  "routes/consultation-submissions.tsx": (w) => [
    { path: `/consultations/${w.c}/submissions`, rule: "bill-drafter" },
  ],
  "routes/submission-report.ts": (w) => [
    // Another point's submitted report: its drafters may read it, this coordinator may not.
    { path: `/submissions/${w.otherSubmissionId}/report.docx`, rule: "bill-drafter" },
  ],
  "routes/activity-public.tsx": (w) => [{ path: `/activities/${w.token}`, rule: "public" }],
  "routes/search.tsx": () => [
    { path: `/search?q=${encodeURIComponent("机密")}`, rule: "public" },
    { path: `/search?q=${encodeURIComponent("欧阳")}`, rule: "public" },
  ],
  "routes/api.search.ts": () => [
    { path: `/api/v1/search?q=${encodeURIComponent("机密")}`, rule: "public" },
    { path: `/api/v1/search?q=${encodeURIComponent("欧阳")}&kind=opinion`, rule: "public" },
  ],
  "routes/healthz.ts": () => [{ path: "/healthz", rule: "public" }],
  "routes/readyz.ts": () => [{ path: "/readyz", rule: "public" }],
  "routes/not-found.tsx": () => [{ path: "/no/such/page", rule: "not-found" }],
  // The reviewer's pages (issue 15): a bill's 审核人 alone; none of the visitors here holds it, so
  // even the bill's drafter and administrator are refused (tests/integration/review-routes.test.ts
  // lets a reviewer in).
  "routes/assignments.tsx": (w) => [
    { path: `/consultations/${w.c}/assignments`, rule: reviewerOnly },
  ],
  "routes/review.tsx": (w) => [{ path: `/consultations/${w.c}/review`, rule: reviewerOnly }],
  "routes/review-publish.tsx": (w) => [
    { path: `/consultations/${w.c}/review/publish`, rule: reviewerOnly },
  ],
  // The bill's team: an administrator of the legislature that owns the bill.
  "routes/bill-team.tsx": (w) => [{ path: `/bills/${w.b}/team`, rule: "admin" }],
  "routes/proposals.tsx": () => [{ path: "/proposals", rule: "public" }],
  "routes/proposal-new.tsx": (w) => [{ path: `/proposals/new?call=${w.callId}`, rule: "public" }],
  "routes/proposal-lookup.tsx": () => [{ path: "/proposals/lookup", rule: "public" }],
  // issue 18: the receipt's outcome contact (proved by receipt and code) and its unsubscribe link.
  "routes/outcome-contact.tsx": () => [{ path: "/outcome/contact", rule: "public" }],
  "routes/outcome-unsubscribe.tsx": () => [{ path: "/outcome/unsubscribe", rule: "public" }],
  "routes/proposal.tsx": (w) => [{ path: `/proposals/${w.proposalId}`, rule: "public" }],
  // No plan of that year is published: nobody reads an unpublished plan.
  "routes/plan.tsx": () => [{ path: "/plans/2000", rule: "not-found" }],
  "routes/workspace-proposals.tsx": () => [{ path: "/workspace/proposals", rule: "any-drafter" }],
  "routes/workspace-proposals-call.tsx": (w) => [
    { path: `/workspace/proposals/${w.callId}`, rule: "bill-drafter" },
  ],
  "routes/moderation-proposals.tsx": () => [{ path: "/moderation/proposals", rule: "moderator" }],
  "routes/api.proposals.ts": () => [{ path: "/api/v1/proposals", rule: "public" }],
  "routes/api.legislative-plans.ts": () => [{ path: "/api/v1/legislative-plans", rule: "public" }],
  "routes/surveys.tsx": () => [{ path: "/surveys", rule: "public" }],
  // A published survey is everyone's; an unpublished one nobody's on the public page.
  "routes/survey.tsx": (w) => [
    { path: `/surveys/${w.surveyId}`, rule: "public" },
    { path: `/surveys/${w.draftSurveyId}`, rule: "not-found" },
  ],
  "routes/workspace-surveys.tsx": () => [{ path: "/workspace/surveys", rule: "any-drafter" }],
  "routes/workspace-survey-new.tsx": () => [
    { path: "/workspace/surveys/new", rule: "any-drafter" },
  ],
  "routes/workspace-survey.tsx": (w) => [
    { path: `/workspace/surveys/${w.surveyId}`, rule: "bill-drafter" },
    { path: `/workspace/surveys/${w.draftSurveyId}`, rule: "bill-drafter" },
  ],
  "routes/coordinator.survey-paper.tsx": (w) => [
    { path: `/coordinator/surveys/${w.surveyId}/paper`, rule: "coordinator" },
  ],
  "routes/api.surveys.ts": () => [{ path: "/api/v1/surveys", rule: "public" }],
  // A survey whose results are not published: its legislature's drafters preview them, everyone
  // else finds nothing; its responses' export is the drafters' whatever the results' state.
  "routes/survey-results.tsx": (w) => [
    {
      path: `/surveys/${w.surveyId}/results`,
      rule: {
        anonymous: 404,
        citizen: 404,
        coordinator: 404,
        otherDrafter: 404,
        drafter: 200,
        moderator: 404,
        admin: 200,
      },
    },
  ],
  "routes/survey-results-export.ts": (w) => [
    { path: `/surveys/${w.surveyId}/results/export.csv`, rule: "bill-drafter" },
    { path: `/surveys/${w.surveyId}/results/export.xlsx`, rule: "bill-drafter" },
  ],
  // Expert reviews (issue 17 item 4): the registry and reviews are the legislature's drafters';
  // an invitation's page is public to whoever holds its private link, and a link that opens
  // nothing is the same 404 for everyone.
  "routes/workspace-experts.tsx": () => [{ path: "/workspace/experts", rule: "any-drafter" }],
  "routes/expert-review-new.tsx": (w) => [
    { path: `/consultations/${w.c}/expert-reviews/new`, rule: "bill-drafter" },
  ],
  "routes/workspace-expert-review.tsx": (w) => [
    { path: `/workspace/expert-reviews/${w.reviewId}`, rule: "bill-drafter" },
  ],
  "routes/expert-invitation.tsx": (w) => [
    { path: `/expert/${w.expertToken}`, rule: "public" },
    { path: `/expert/${"x".repeat(43)}`, rule: "not-found" },
  ],
  "routes/hearing.tsx": (w) => [{ path: `/hearings/${w.hearingId}`, rule: "public" }],
  "routes/hearing-register.tsx": (w) => [
    { path: `/hearings/${w.hearingId}/register`, rule: "public" },
  ],
  "routes/hearing-new.tsx": (w) => [
    { path: `/consultations/${w.c}/hearings/new`, rule: "bill-drafter" },
  ],
  "routes/workspace-hearing.tsx": (w) => [
    { path: `/workspace/hearings/${w.hearingId}`, rule: "bill-drafter" },
  ],
  "routes/api.hearings.ts": () => [{ path: "/api/v1/hearings", rule: "public" }],
};

// Texts only some visitors may read, and who they are.
const HIDDEN = "隐藏意见机密内容甲";
const PENDING = "未报送意见机密内容乙";
const REAL_NAME = "欧阳实名";
// An expert's private e-mail: the registry and review pages of their legislature's drafters only.
const EXPERT_EMAIL = "private-expert-mail@example.org";
// A hearing registrant's private phone: the bill's drafters (and admins) alone.
const REGISTRANT_PHONE = "13955550123";
const mayRead: Record<string, Actor[]> = {
  [EXPERT_EMAIL]: ["drafter", "admin"],
  [REGISTRANT_PHONE]: ["drafter", "admin"],
  [HIDDEN]: ["drafter", "moderator", "admin"],
  [PENDING]: ["coordinator", "drafter", "admin"],
  [REAL_NAME]: ["drafter", "moderator", "admin"],
};

const routeModules = import.meta.glob("../../app/routes/*.{ts,tsx}");

interface RouteEntry {
  file: string;
  path?: string;
  index?: boolean;
  children?: RouteEntry[];
}

/**
 * Every route file of app/routes.ts (nested routes included), but not the area layouts: a
 * layout has no path of its own, so no visitor can request it; its pages are in the table.
 */
function routeFiles(entries: RouteEntry[]): string[] {
  return entries.flatMap((e) => [
    ...(e.children && e.path === undefined && !e.index ? [] : [e.file]),
    ...(e.children ? routeFiles(e.children) : []),
  ]);
}

/** The loader answer's text, whatever its kind (data, JSON, CSV; binary files are skipped). */
function textOf(data: unknown): string {
  return typeof data === "string" ? data : JSON.stringify(data ?? null);
}

describe("route guards: every route × every role", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  it("classifies every route of app/routes.ts in the guard table, and nothing else", () => {
    const files = routeFiles(routeConfig as never);
    const unlisted = files.filter((f) => !(f in table));
    expect(
      unlisted,
      "routes without an entry in the guard table (decide who may read them)",
    ).toEqual([]);
    expect(Object.keys(table).filter((f) => !files.includes(f))).toEqual([]);
  });

  it("answers each GET as the table says, and leaks no hidden text or real name", async () => {
    const db = t.handle.db;
    const f = await reportFixture(db);
    const otherOrg = await makeOrganization(db);

    const publishedId = await f.addOpinion({ body: "公开意见：建议明确时限。", name: REAL_NAME });
    const hiddenId = await f.addOpinion({ body: HIDDEN, status: "hidden", name: "某某" });
    // Another point's submitted report (drafters read it), and this point's unsubmitted opinion.
    const otherSubmissionId = await f.submission(f.pointB, "submitted");
    await f.addOpinion({
      body: "联系点已报送意见。",
      channel: "symposium",
      contactPointId: f.pointB,
      submissionId: otherSubmissionId,
    });
    const users: Partial<Record<Actor, { email: string; password: string }>> = {};
    const roleOf: [Actor, Role, string][] = [
      ["citizen", "citizen", f.organizationId],
      ["coordinator", "coordinator", f.organizationId],
      ["otherDrafter", "drafter", otherOrg],
      ["drafter", "drafter", f.organizationId],
      ["moderator", "moderator", f.organizationId],
      ["admin", "admin", f.organizationId],
    ];
    for (const [actor, role, organizationId] of roleOf)
      users[actor] = await makeUser(db, {
        displayName: `测试${actor}`,
        roles: [
          {
            role,
            organizationId,
            ...(role === "coordinator" ? { contactPointId: f.pointA } : {}),
          },
        ],
      });
    const coordinatorId = (await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", users.coordinator!.email)
      .executeTakeFirstOrThrow())!.id;
    const activityId = await createActivity(
      db,
      { contactPointId: f.pointA, userId: coordinatorId },
      f.consultationId,
      {
        kind: "symposium",
        heldOn: "2026-01-10",
        place: "和平桥街道",
        headcount: 12,
        participants: [],
        notes: "",
      },
    );
    const activity = await db
      .selectFrom("contact_point_activities")
      .select(["lookup_token", "submission_id"])
      .where("id", "=", activityId)
      .executeTakeFirstOrThrow();
    await f.addOpinion({
      body: PENDING,
      channel: "symposium",
      contactPointId: f.pointA,
      submissionId: activity.submission_id,
      name: "联系点群众",
    });
    // A project proposal whose proposer's name only the drafters may read.
    const callId = await createProposalCall(db, {
      organizationId: f.organizationId,
      year: 2031,
      title: "2031年度立法计划项目建议征集",
      description: "",
      opensAt: new Date(Date.now() - 86_400_000),
      closesAt: new Date(Date.now() + 30 * 86_400_000),
      userId: coordinatorId,
      ip: null,
    });
    const proposalBody = {
      title: "制定养犬管理条例",
      reasons: "城区养犬纠纷增多。",
      author: { name: REAL_NAME, contact: "13800000000" },
    };
    const proposalId = (
      await submitProposal(db, {
        callId,
        key: "guard-proposal",
        hash: "guard",
        body: proposalBody,
        userId: null,
      })
    ).id;
    // A published survey on the bill and a draft one.
    const surveyActor = { userId: coordinatorId, organizationIds: [f.organizationId], ip: null };
    const [surveyId, draftSurveyId] = await Promise.all(
      ["调研问卷甲", "未发布问卷乙"].map((title) =>
        createSurvey(
          db,
          {
            billId: f.billId,
            title,
            purpose: "reading",
            versionId: f.versionId,
            opensAt: new Date(Date.now() - 86_400_000),
            closesAt: new Date(Date.now() + 30 * 86_400_000),
          },
          surveyActor,
        ),
      ),
    );
    for (const id of [surveyId!, draftSurveyId!])
      await addQuestion(
        db,
        { surveyId: id, question: { kind: "text", prompt: "您的意见", provisionPid: f.pids[0]! } },
        surveyActor,
      );
    await publishSurvey(db, { surveyId: surveyId! }, surveyActor);
    // The published survey gets one counted response and one hidden, whose written answer
    // nobody may read (the results page and the export leave hidden responses out).
    const surveyText = (await db
      .selectFrom("survey_questions")
      .select("id")
      .where("survey_id", "=", surveyId!)
      .executeTakeFirstOrThrow())!.id;
    await insertResponse(db, surveyId!, { answers: { [surveyText]: "问卷公开回答。" } });
    await insertResponse(db, surveyId!, { status: "hidden", answers: { [surveyText]: HIDDEN } });
    // An expert of the registry, invited to a review of the consultation through a private link.
    const drafterId = (await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", users.drafter!.email)
      .executeTakeFirstOrThrow())!.id;
    const expertActor = { userId: drafterId, organizationIds: [f.organizationId], ip: null };
    const expertId = await createExpert(db, {
      ...expertActor,
      organizationId: f.organizationId,
      values: {
        name: "兽医专家",
        field: "兽医学",
        affiliation: "扬州大学",
        title: "教授",
        email: EXPERT_EMAIL,
        phone: "13900000000",
        conflicts: "",
      },
    });
    const reviewId = await createExpertReview(db, {
      ...expertActor,
      consultationId: f.consultationId,
      timeZone: "Asia/Shanghai",
      values: {
        kind: "written",
        title: "书面咨询",
        brief: "",
        heldAt: "",
        dueAt: "2099-01-01T12:00",
        place: "",
      },
    });
    const [issued] = await inviteExperts(db, {
      ...expertActor,
      reviewId,
      expertIds: [expertId],
      origin: "http://localhost",
      render: () => ({ subject: "邀请", text: "邀请" }),
    });
    // An announced hearing with a registration whose phone only the drafters may read.
    const hearingId = await createHearing(db, {
      consultationId: f.consultationId,
      values: {
        title: "测试听证会",
        questions: "是否设定收费",
        heldAt: new Date(Date.now() + 10 * 86_400_000),
        place: "第一会议室",
        speakerSeats: 3,
        reserveSeats: 1,
        registrationOpensAt: new Date(Date.now() - 86_400_000),
        registrationClosesAt: new Date(Date.now() + 5 * 86_400_000),
      },
      userId: drafterId,
      ip: null,
    });
    await announceHearing(db, { hearingId, userId: drafterId, ip: null });
    await registerForHearing(db, {
      hearingId,
      key: "guard-hearing",
      hash: "guard",
      body: { name: "听证报名人", stance: "for", points: "支持。", phone: REGISTRANT_PHONE },
      userId: null,
    });
    // Search sees what the indexer has drained.
    for (;;) {
      const { claimed, error } = await drainOnce(db, embeddedEngine(db));
      if (error) throw new Error(error);
      if (!claimed) break;
    }

    const cookies = new Map<Actor, string | undefined>([["anonymous", undefined]]);
    for (const [actor] of roleOf) {
      cookies.set(actor, await signInCookie(ctx(), users[actor]!));
    }

    const world: World = {
      c: f.consultationId,
      b: f.billId,
      v: f.versionId,
      next: f.nextVersionId,
      pid: f.pids[0]!,
      publishedId,
      hiddenId,
      activityId,
      token: activity.lookup_token,
      otherSubmissionId,
      callId,
      proposalId,
      surveyId: surveyId!,
      draftSurveyId: draftSurveyId!,
      reviewId,
      expertToken: issued!.link.split("/expert/")[1]!,
      hearingId,
    };
    const expected: Record<string, number> = {};
    const actual: Record<string, number> = {};
    const leaks: string[] = [];
    const seen = new Set<string>();
    let probes = 0;
    for (const [file, probesOf] of Object.entries(table)) {
      const module = (await routeModules[`../../app/${file}`]!()) as {
        loader?: (args: never) => Promise<unknown>;
      };
      if (probesOf === null) {
        expect(module.loader, `${file} is declared POST-only`).toBeUndefined();
        continue;
      }
      expect(module.loader, `${file} has a loader`).toBeTypeOf("function");
      const match = routeFor(file);
      for (const probe of probesOf(world)) {
        const params = paramsOf(match, probe.path);
        for (const actor of actors) {
          const row = `${probe.path} as ${actor}`;
          const answer = await callRoute(
            module.loader!,
            getRequest(probe.path, cookies.get(actor)),
            ctx(),
            params,
          ).catch((error: Error) => ({
            status: 500,
            data: error.message,
            headers: new Headers(),
          }));
          probes++;
          expected[row] = expectedStatus(probe.rule, actor);
          actual[row] = answer.status;
          if (answer.status === 302 && expected[row] === 302 && probe.rule !== "redirect") {
            const location = answer.headers.get("Location") ?? "";
            if (actor === "anonymous" && !location.startsWith("/login?next="))
              leaks.push(`${row}: redirected to ${location}, not to sign in`);
          }
          const text = textOf(answer.data);
          for (const [secret, readers] of Object.entries(mayRead))
            if (!text.includes(secret)) continue;
            else if (readers.includes(actor)) seen.add(secret);
            else leaks.push(`${row}: shows ${secret}`);
        }
      }
    }
    expect(actual).toEqual(expected);
    expect(leaks).toEqual([]);
    // Each secret is shown to someone allowed, so its absence elsewhere means something.
    expect([...seen].sort()).toEqual(Object.keys(mayRead).sort());
    // 60-odd routes × 7 visitors: the matrix really ran.
    expect(probes).toBeGreaterThan(400);
    // About 450 requests: minutes on a loaded 2-core machine, not the file's 30 s default.
  }, 300_000);
});

/** The path pattern of a route file in app/routes.ts (inside an area layout or not). */
function routeFor(file: string): string {
  const find = (entries: RouteEntry[]): RouteEntry | undefined =>
    entries.find((r) => r.file === file) ??
    entries.map((r) => find(r.children ?? [])).find((r) => r !== undefined);
  return find(routeConfig as RouteEntry[])?.path ?? "";
}

/** The params React Router would pass for a path matching the pattern. */
function paramsOf(pattern: string, path: string): Record<string, string> {
  const parts = pattern.split("/");
  const values = path.split("?")[0]!.replace(/^\//, "").split("/");
  const params: Record<string, string> = {};
  parts.forEach((part, i) => {
    if (part.startsWith(":")) params[part.slice(1)] = decodeURIComponent(values[i] ?? "");
    if (part === "*") params["*"] = values.slice(i).join("/");
  });
  return params;
}
