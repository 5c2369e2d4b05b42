// 听证会 (issue 17 item 3): registration (anonymous with a contact, or signed in once), the
// reproducible draw and its notices, the report whose points become opinions in the handling,
// and the rule that a registrant's phone and e-mail reach the drafters and nobody else.
import { describe, expect, it } from "vitest";
import * as apiHearings from "../../app/routes/api.hearings.ts";
import * as apiOpenapi from "../../app/routes/api.openapi.ts";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as apiSearch from "../../app/routes/api.search.ts";
import * as handlingPage from "../../app/routes/handling.tsx";
import * as hearingNew from "../../app/routes/hearing-new.tsx";
import * as hearingPage from "../../app/routes/hearing.tsx";
import * as hearingRegister from "../../app/routes/hearing-register.tsx";
import * as reportExport from "../../app/routes/report-export.ts";
import * as workspaceHearing from "../../app/routes/workspace-hearing.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../../db/factories.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce } from "../../search/indexer.ts";
import { drawSpeakers } from "../../services/hearing-draw.ts";
import {
  addReportPoint,
  announceHearing,
  createHearing,
  drawHearing,
  publishReport,
} from "../../services/hearings.ts";
import { noticeText } from "../../app/lib/notice-text.ts";
import { useTestDatabase } from "../support/database.ts";
import { checkSchema } from "../support/openapi.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

const DAY = 86_400_000;
const PHONE = "13987654321";
const EMAIL = "tingzheng-private@example.org";
const NAME = "欧阳听证人";

describe("hearings", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind, { rateLimit: false });

  /** A legislature with a bill, an open consultation, its drafter and an announced hearing. */
  async function world(options: { announce?: boolean } = {}) {
    const db = t.handle.db;
    const organizationId = await makeOrganization(db);
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId }] });
    const otherOrg = await makeOrganization(db);
    const otherDrafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: otherOrg }],
    });
    const citizen = await makeUser(db, { displayName: "市民甲" });
    const { billId, versionId } = await makeBillWithVersion(db, { organizationId });
    const consultationId = await makeConsultation(db, { versionId });
    const pid = (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .orderBy("ordinal")
        .executeTakeFirstOrThrow()
    ).pid;
    const now = Date.now();
    const hearingId = await createHearing(db, {
      consultationId,
      values: {
        title: "测试条例立法听证会",
        description: "",
        questions: "是否设定养犬登记费\n登记费的标准",
        heldAt: new Date(now + 3 * DAY),
        place: "市人大常委会第一会议室",
        speakerSeats: 2,
        reserveSeats: 1,
        selectionMethod: "按意见倾向均衡分配，公开随机遴选。",
        registrationOpensAt: new Date(now - DAY),
        registrationClosesAt: new Date(now + DAY),
      },
      userId: drafter.id,
      ip: null,
    });
    if (options.announce !== false)
      await announceHearing(db, { hearingId, userId: drafter.id, ip: null });
    return {
      organizationId,
      drafter,
      otherDrafter,
      citizen,
      billId,
      versionId,
      consultationId,
      pid,
      hearingId,
    };
  }

  /** Registers through the form as a browser would. */
  function register(
    hearingId: string,
    fields: Record<string, string>,
    options: { cookie?: string; key?: string } = {},
  ) {
    return callRoute(
      hearingRegister.action,
      formRequest(
        `/hearings/${hearingId}/register`,
        {
          name: NAME,
          respondentType: "enterprise",
          stance: "against",
          points: "登记费标准过高，建议降低。",
          phone: PHONE,
          email: EMAIL,
          consent: "yes",
          idempotencyKey: options.key ?? crypto.randomUUID(),
          ...fields,
        },
        options.cookie ? { cookie: options.cookie } : {},
      ),
      ctx(),
      { hearingId },
    );
  }

  /** Registrations of every stance, the draw after registration closed, and the report. */
  async function heldAndReported(w: Awaited<ReturnType<typeof world>>) {
    const db = t.handle.db;
    expect((await register(w.hearingId, {})).status).toBe(201);
    const citizenCookie = await signInCookie(ctx(), w.citizen);
    expect(
      (
        await register(
          w.hearingId,
          {
            name: "市民甲",
            stance: "for",
            respondentType: "individual",
            email: "",
            phone: "",
            consent: "",
          },
          { cookie: citizenCookie },
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await register(
          w.hearingId,
          {
            name: "市民甲",
            stance: "for",
            respondentType: "individual",
            email: "",
            phone: "0513-1234567",
            consent: "",
          },
          { cookie: citizenCookie },
        )
      ).status,
    ).toBe(201);
    expect(
      (await register(w.hearingId, { name: "某协会", stance: "other", email: "" })).status,
    ).toBe(201);
    expect((await register(w.hearingId, { name: "乙", stance: "for", phone: "" })).status).toBe(
      201,
    );
    const later = new Date(Date.now() + 2 * DAY);
    await drawHearing(db, {
      hearingId: w.hearingId,
      userId: w.drafter.id,
      ip: null,
      render: noticeText,
      now: later,
    });
    const registrations = await db
      .selectFrom("hearing_registrations")
      .select(["id", "number", "name"])
      .where("hearing_id", "=", w.hearingId)
      .orderBy("number")
      .execute();
    await addReportPoint(db, {
      hearingId: w.hearingId,
      userId: w.drafter.id,
      ip: null,
      values: {
        registrationId: registrations[0]!.id,
        provisionPid: w.pid,
        point: "听证陈述要点：登记费应当与服务成本相当。",
        response: "委员会将研究降低收费标准。",
      },
    });
    await addReportPoint(db, {
      hearingId: w.hearingId,
      userId: w.drafter.id,
      ip: null,
      values: {
        speakerName: "特邀专家",
        respondentType: "expert",
        point: "建议整体评估收费必要性。",
      },
    });
    const published = await publishReport(db, {
      hearingId: w.hearingId,
      userId: w.drafter.id,
      ip: null,
      timeZone: "Asia/Shanghai",
      now: new Date(Date.now() + 4 * DAY),
    });
    expect(published.opinions).toBe(2);
    return { citizenCookie };
  }

  it("registers once per key: a repeat gets the same number, another body under the key is refused", async () => {
    const w = await world();
    const key = crypto.randomUUID();
    const first = await register(w.hearingId, {}, { key });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ ok: true, number: 1, stance: "against" });
    const again = await register(w.hearingId, {}, { key });
    expect(again.data).toMatchObject({ ok: true, number: 1 });
    const changed = await register(w.hearingId, { points: "另一种意见" }, { key });
    expect(changed.status).toBe(422);
    const next = await register(w.hearingId, { stance: "for" });
    expect(next.data).toMatchObject({ ok: true, number: 2, stance: "for" });
    const rows = await t.handle.db
      .selectFrom("hearing_registrations")
      .select("number")
      .where("hearing_id", "=", w.hearingId)
      .execute();
    expect(rows).toHaveLength(2);
  });

  it("takes one registration per signed-in person, and none without a contact or consent", async () => {
    const w = await world();
    const cookie = await signInCookie(ctx(), w.citizen);
    expect((await register(w.hearingId, { consent: "" }, { cookie })).status).toBe(201);
    const twice = await register(w.hearingId, { stance: "for" }, { cookie });
    expect(twice.status).toBe(409);
    const noContact = await register(w.hearingId, { phone: "", email: "" });
    expect(noContact.status).toBe(400);
    expect(noContact.data.fields.phone).toBe("hearings.error.contactRequired");
    const noConsent = await register(w.hearingId, { consent: "" });
    expect(noConsent.status).toBe(400);
    const page = await callRoute(
      hearingPage.loader,
      getRequest(`/hearings/${w.hearingId}`, cookie),
      ctx(),
      {
        hearingId: w.hearingId,
      },
    );
    expect(page.data.mine).toEqual({ number: 1 });
  });

  it("an unannounced hearing is nobody's to read or register for; after closing, registration is refused", async () => {
    const w = await world({ announce: false });
    const page = await callRoute(
      hearingPage.loader,
      getRequest(`/hearings/${w.hearingId}`),
      ctx(),
      {
        hearingId: w.hearingId,
      },
    );
    expect(page.status).toBe(404);
    expect((await register(w.hearingId, {})).status).toBe(404);
    const api = await callRoute(apiHearings.loader, getRequest("/api/v1/hearings"), ctx());
    expect(JSON.stringify(api.data)).not.toContain(w.hearingId);
  });

  it("lets only the bill's drafters manage the hearing, see contacts, and draw", async () => {
    const w = await world();
    await register(w.hearingId, {});
    const path = `/workspace/hearings/${w.hearingId}`;
    const read = (cookie?: string) =>
      callRoute(workspaceHearing.loader, getRequest(path, cookie), ctx(), {
        hearingId: w.hearingId,
      });
    expect((await read()).status).toBe(302);
    expect((await read(await signInCookie(ctx(), w.citizen))).status).toBe(403);
    const other = await signInCookie(ctx(), w.otherDrafter);
    expect((await read(other)).status).toBe(403);
    const drafter = await signInCookie(ctx(), w.drafter);
    const mine = await read(drafter);
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.data)).toContain(PHONE);
    expect(JSON.stringify(mine.data)).toContain(EMAIL);
    // Another legislature's drafter cannot draw, by the page or the service.
    const post = await callRoute(
      workspaceHearing.action,
      formRequest(path, { intent: "draw" }, { cookie: other }),
      ctx(),
      { hearingId: w.hearingId },
    );
    expect(post.status).toBe(403);
    await expect(
      drawHearing(t.handle.db, {
        hearingId: w.hearingId,
        userId: w.otherDrafter.id,
        ip: null,
        render: noticeText,
        now: new Date(Date.now() + 2 * DAY),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    // Before registration closes there is no draw.
    const early = await callRoute(
      workspaceHearing.action,
      formRequest(path, { intent: "draw" }, { cookie: drafter }),
      ctx(),
      { hearingId: w.hearingId },
    );
    expect(early.status).toBe(409);
    // The new-hearing page is the bill's drafters' too; creating writes an audit row.
    const newPath = `/consultations/${w.consultationId}/hearings/new`;
    expect(
      (
        await callRoute(hearingNew.loader, getRequest(newPath, other), ctx(), {
          consultationId: w.consultationId,
        })
      ).status,
    ).toBe(403);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "bill_id", "data"])
      .where("subject_id", "=", w.hearingId)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["hearing.create", "hearing.announce", "hearing.register"]),
    );
    expect(audit.every((a) => a.bill_id === w.billId)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).not.toContain(EMAIL);
  });

  it("draws reproducibly, tells the drawn and the not drawn, and publishes the report as opinions in the handling", async () => {
    const w = await world();
    await heldAndReported(w);
    const db = t.handle.db;

    // Re-run the draw from what the API publishes: the same outcome.
    const api = await callRoute(
      apiHearings.loader,
      getRequest("/api/v1/hearings?limit=100"),
      ctx(),
    );
    expect(api.status).toBe(200);
    const item = api.data.items.find((i: { id: string }) => i.id === w.hearingId);
    expect(item.status).toBe("reported");
    const again = drawSpeakers({
      seed: item.seed,
      registrations: item.registrations.map((r: { number: number; stance: "for" }) => ({
        number: r.number,
        stance: r.stance,
      })),
      seats: item.speakerSeats,
      reserves: item.reserveSeats,
    });
    const published = (outcome: string) =>
      item.registrations
        .filter((r: { outcome: string }) => r.outcome === outcome)
        .sort((a: { position: number }, b: { position: number }) => a.position - b.position)
        .map((r: { number: number }) => r.number);
    expect(again.selected.map((e) => e.number)).toEqual(published("selected"));
    expect(again.reserves.map((e) => e.number)).toEqual(published("reserve"));
    // Balanced: 2 seats among the stances (for, against, other all registered).
    expect(new Set(again.selected.map((e) => e.stance)).size).toBe(2);
    const doc = JSON.parse(await apiOpenapi.loader().text());
    const schema = doc.paths["/hearings"].get.responses["200"].content["application/json"].schema;
    expect(checkSchema(doc, schema, api.data, "GET /hearings")).toEqual([]);

    // The signed-in registrant is told in the app; the anonymous ones who gave an e-mail by mail.
    const citizenNotices = await db
      .selectFrom("notifications")
      .select("kind")
      .where("user_id", "=", w.citizen.id)
      .where("subject_id", "=", w.hearingId)
      .execute();
    expect(citizenNotices).toHaveLength(1);
    expect(citizenNotices[0]!.kind).toMatch(/^hearing_(selected|reserve|not_selected)$/);
    const mails = await db
      .selectFrom("mail_outbox")
      .select(["recipient", "subject"])
      .where("recipient", "=", EMAIL)
      .where("body", "like", `%${w.hearingId}%`)
      .execute();
    // Two anonymous registrations gave the address (the first and the last).
    expect(mails).toHaveLength(2);

    // Each point is an opinion of the hearing channel, on the consultation, in the handling.
    const opinions = await db
      .selectFrom("opinions")
      .select(["id", "channel", "provenance", "respondent_type", "provision_pid", "author_name"])
      .where("consultation_id", "=", w.consultationId)
      .orderBy("created_at")
      .execute();
    expect(opinions).toHaveLength(2);
    expect(opinions.every((o) => o.channel === "hearing")).toBe(true);
    expect(opinions[0]!.provenance).toContain("测试条例立法听证会");
    const byType = new Map(opinions.map((o) => [o.respondent_type, o]));
    expect(byType.get("enterprise")?.provision_pid).toBe(w.pid);
    expect(byType.get("expert")?.provision_pid).toBeNull();
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    const handling = await callRoute(
      handlingPage.loader,
      getRequest(`/consultations/${w.consultationId}/handling?pid=${w.pid}`, drafterCookie),
      ctx(),
      { id: w.consultationId },
    );
    expect(handling.status).toBe(200);
    expect(JSON.stringify(handling.data)).toContain("听证陈述要点");
  });

  it("never shows a registrant's phone or e-mail on the public page, in the API, search or an export", async () => {
    const w = await world();
    const { citizenCookie } = await heldAndReported(w);
    const db = t.handle.db;
    for (;;) {
      const { claimed, error } = await drainOnce(db, embeddedEngine(db));
      if (error) throw new Error(error);
      if (!claimed) break;
    }
    const drafterCookie = await signInCookie(ctx(), w.drafter);
    const answers = [
      await callRoute(hearingPage.loader, getRequest(`/hearings/${w.hearingId}`), ctx(), {
        hearingId: w.hearingId,
      }),
      await callRoute(
        hearingPage.loader,
        getRequest(`/hearings/${w.hearingId}`, citizenCookie),
        ctx(),
        {
          hearingId: w.hearingId,
        },
      ),
      await callRoute(
        hearingRegister.loader,
        getRequest(`/hearings/${w.hearingId}/register`),
        ctx(),
        {
          hearingId: w.hearingId,
        },
      ),
      await callRoute(apiHearings.loader, getRequest("/api/v1/hearings"), ctx()),
      await callRoute(
        apiOpinions.loader,
        getRequest(`/api/v1/consultations/${w.consultationId}/opinions`),
        ctx(),
        { id: w.consultationId },
      ),
      await callRoute(
        apiSearch.loader,
        getRequest(`/api/v1/search?q=${encodeURIComponent("听证陈述要点")}`),
        ctx(),
      ),
      await callRoute(apiSearch.loader, getRequest(`/api/v1/search?q=${PHONE}`), ctx()),
      await callRoute(
        reportExport.loader,
        getRequest(`/consultations/${w.consultationId}/export/opinions.csv`, drafterCookie),
        ctx(),
        { id: w.consultationId, file: "opinions.csv" },
      ),
    ];
    const page = JSON.stringify(answers[0]!.data);
    // The page shows the report and the draw: the test reads what it means to.
    expect(page).toContain("听证陈述要点");
    expect(page).toContain('"seed"');
    const search = JSON.stringify(answers[5]!.data);
    expect(search).toContain("听证陈述要点");
    expect(String(answers[7]!.data)).toContain("听证陈述要点");
    for (const answer of answers) {
      const text = typeof answer.data === "string" ? answer.data : JSON.stringify(answer.data);
      expect(text).not.toContain(PHONE);
      expect(text).not.toContain("0513-1234567");
      expect(text).not.toContain(EMAIL);
    }
    // The drawn list names registrations by number and stance, not by name.
    expect(JSON.stringify(answers[0]!.data.registrations)).not.toContain("某协会");
  });
});
