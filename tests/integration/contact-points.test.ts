import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import * as activityPage from "../../app/routes/coordinator.activity.tsx";
import * as activityPublic from "../../app/routes/activity-public.tsx";
import * as adminPoints from "../../app/routes/admin.contact-points.tsx";
import * as apiPoints from "../../app/routes/api.contact-points.ts";
import * as contactPointsPage from "../../app/routes/contact-points.tsx";
import * as coordinator from "../../app/routes/coordinator.tsx";
import * as workPage from "../../app/routes/coordinator.consultation.tsx";
import * as importUpload from "../../app/routes/coordinator.import-upload.ts";
import * as template from "../../app/routes/coordinator.template.ts";
import * as submissionsPage from "../../app/routes/consultation-submissions.tsx";
import * as reportDocx from "../../app/routes/submission-report.ts";
import * as login from "../../app/routes/login.tsx";
import { seedDemo } from "../../cli/seed/demo.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { coordinatorsOfReportingPoints } from "../../db/queries/contact-points.ts";
import { listPendingOpinions } from "../../db/queries/opinions.ts";
import { publishDisposition } from "../support/dispositions.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute as call,
  cookieFrom,
  formRequest,
  getRequest,
  makeContext,
  TEST_CSRF,
} from "../support/routes.ts";

describe("contact points (基层立法联系点)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const db = () => t.handle.db;

  async function signIn(user: { email: string; password: string }) {
    const r = await call(
      login.action,
      formRequest("/login", { email: user.email, password: user.password }),
      ctx(),
    );
    expect(r.status).toBe(302);
    return cookieFrom(r.headers);
  }

  /** A legislature with a bill of five articles open for comment, two points, their coordinators and a drafter. */
  async function world() {
    const org = await makeOrganization(db());
    const text = sampleText([
      "为了测试，制定本条例。",
      "本条例适用于本市。",
      "饲养犬只应当登记。",
      "病死动物应当无害化处理。",
      "本条例自公布之日起施行。",
    ]);
    const { billId, versionId } = await makeBillWithVersion(db(), {
      organizationId: org,
      ...text,
    });
    const consultationId = await makeConsultation(db(), { versionId });
    const pointA = await makeContactPoint(db(), { organizationId: org, district: "崇川区" });
    const pointB = await makeContactPoint(db(), { organizationId: org });
    const coordA = await makeUser(db(), {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointA }],
    });
    const coordB = await makeUser(db(), {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointB }],
    });
    const drafter = await makeUser(db(), { roles: [{ role: "drafter", organizationId: org }] });
    const citizen = await makeUser(db(), { roles: [{ role: "citizen", organizationId: org }] });
    const pids = text.provisions.map((p) => p.pid);
    return {
      org,
      billId,
      versionId,
      consultationId,
      pointA,
      pointB,
      pids,
      a: await signIn(coordA),
      b: await signIn(coordB),
      drafter: { ...drafter, cookie: await signIn(drafter) },
      citizen: await signIn(citizen),
    };
  }

  async function recordActivity(w: Awaited<ReturnType<typeof world>>, cookie = w.a) {
    const r = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        {
          intent: "activity",
          kind: "symposium",
          heldOn: "2026-11-20",
          place: "社区会议室",
          headcount: "15",
          participants: "resident",
          notes: "",
        },
        { cookie },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(r.status).toBe(302);
    return r.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
  }

  async function addOpinion(
    w: Awaited<ReturnType<typeof world>>,
    activityId: string,
    fields: { target: string; body: string; headcount: string },
    cookie = w.a,
  ) {
    return call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        { intent: "addOpinion", proposedText: "", respondentType: "individual", ...fields },
        { cookie },
      ),
      ctx(),
      { activityId },
    );
  }

  function upload(
    w: Awaited<ReturnType<typeof world>>,
    bytes: Uint8Array,
    filename: string,
    headers: Record<string, string> = {},
  ) {
    const form = new FormData();
    form.set("_csrf", TEST_CSRF);
    form.set("file", new File([Buffer.from(bytes)], filename));
    return call(
      importUpload.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}/import/upload`, {
        method: "POST",
        body: form,
        headers: { Cookie: w.a, ...headers },
      }),
      ctx(),
      { id: w.consultationId },
    );
  }

  it("freezes a submitted report (server and database) and lets a correction replace it", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    expect(
      (
        await addOpinion(w, activityId, {
          target: w.pids[2]!,
          body: "登记应当免费。",
          headcount: "9",
        })
      ).data,
    ).toMatchObject({ ok: true });
    expect(
      (
        await addOpinion(w, activityId, {
          target: w.pids[3]!,
          body: "处理点太远。",
          headcount: "4",
        })
      ).data,
    ).toMatchObject({ ok: true });
    // More people than took part is refused.
    expect(
      (await addOpinion(w, activityId, { target: w.pids[3]!, body: "多。", headcount: "16" }))
        .status,
    ).toBe(400);
    const ops = await db()
      .selectFrom("opinions")
      .select(["id", "status", "channel", "headcount", "submission_id"])
      .where("activity_id", "=", activityId)
      .orderBy("headcount", "desc")
      .execute();
    expect(ops.map((o) => [o.status, o.channel, o.headcount])).toEqual([
      ["pending", "symposium", 9],
      ["pending", "symposium", 4],
    ]);

    // Waiting for the report, they are neither public nor in the moderators' queue.
    expect((await listPendingOpinions(db())).some((o) => o.id === ops[0]!.id)).toBe(false);
    await expect(
      db()
        .updateTable("opinions")
        .set({ status: "published" })
        .where("id", "=", ops[0]!.id)
        .execute(),
    ).rejects.toThrow(/submission_draft/);

    // Submitting needs the confirmation, then freezes.
    const noConfirm = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "submit" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(noConfirm.status).toBe(400);
    const submitted = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "submit", confirm: "yes", note: "第一次报送" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(submitted.data).toMatchObject({ ok: true, message: "cp.saved.submitted" });
    const original = ops[0]!.submission_id!;
    expect(
      (
        await db()
          .selectFrom("opinions")
          .select("status")
          .where("submission_id", "=", original)
          .execute()
      ).map((o) => o.status),
    ).toEqual(["published", "published"]);

    const edit = await call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        {
          intent: "editOpinion",
          opinionId: ops[0]!.id,
          target: w.pids[2]!,
          body: "改了",
          headcount: "9",
        },
        { cookie: w.a },
      ),
      ctx(),
      { activityId },
    );
    expect(edit.status).toBe(409);
    expect(edit.data.message).toBe("cp.error.frozen");
    expect(
      (await addOpinion(w, activityId, { target: w.pids[1]!, body: "再加一条", headcount: "1" }))
        .status,
    ).toBe(409);
    // The database refuses too, whoever asks.
    await expect(
      db().updateTable("opinions").set({ body: "偷偷改" }).where("id", "=", ops[0]!.id).execute(),
    ).rejects.toThrow(/submission_frozen/);
    await expect(
      db().deleteFrom("opinions").where("id", "=", ops[1]!.id).execute(),
    ).rejects.toThrow(/submission_frozen/);
    await expect(
      db()
        .updateTable("contact_point_activities")
        .set({ headcount: 99 })
        .where("id", "=", activityId)
        .execute(),
    ).rejects.toThrow(/submission_frozen/);
    await expect(
      db()
        .updateTable("submissions")
        .set({ status: "draft", submitted_at: null })
        .where("id", "=", original)
        .execute(),
    ).rejects.toThrow(/submission_frozen/);
    expect(
      (
        await db()
          .selectFrom("opinions")
          .select("body")
          .where("id", "=", ops[0]!.id)
          .executeTakeFirstOrThrow()
      ).body,
    ).toBe("登记应当免费。");

    // A correction copies the report, is edited, and replaces it when submitted.
    const correct = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "correct" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(correct.data).toMatchObject({ ok: true });
    const page = await call(
      workPage.loader,
      getRequest(`/coordinator/consultations/${w.consultationId}`, w.a),
      ctx(),
      {
        id: w.consultationId,
      },
    );
    expect(page.data.draft.replacesId).toBe(original);
    expect(page.data.draft.opinions).toHaveLength(2);
    const copyActivity = page.data.draft.activities[0].id as string;
    expect(copyActivity).not.toBe(activityId);
    const copy = page.data.draft.opinions.find((o: { headcount: number }) => o.headcount === 4);
    const fixed = await call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${copyActivity}`,
        {
          intent: "editOpinion",
          opinionId: copy.id,
          target: w.pids[3]!,
          body: "无害化处理点离村太远。",
          headcount: "5",
          respondentType: "individual",
          proposedText: "",
        },
        { cookie: w.a },
      ),
      ctx(),
      { activityId: copyActivity },
    );
    expect(fixed.data).toMatchObject({ ok: true });
    // Until the correction is submitted, the original stands.
    const token = (
      await db()
        .selectFrom("contact_point_activities")
        .select("lookup_token")
        .where("id", "=", activityId)
        .executeTakeFirstOrThrow()
    ).lookup_token;
    const before = await call(activityPublic.loader, getRequest(`/activities/${token}`), ctx(), {
      token,
    });
    expect(before.data.opinions.map((o: { body: string }) => o.body).sort()).toEqual([
      "处理点太远。",
      "登记应当免费。",
    ]);
    await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "submit", confirm: "yes" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    const statuses = await db()
      .selectFrom("opinions")
      .select(["submission_id", "status", "body"])
      .where("contact_point_id", "=", w.pointA)
      .execute();
    expect(statuses.filter((o) => o.submission_id === original).map((o) => o.status)).toEqual([
      "hidden",
      "hidden",
    ]);
    expect(
      statuses.filter((o) => o.submission_id !== original && o.status === "published"),
    ).toHaveLength(2);
    const corrected = await db()
      .selectFrom("submissions")
      .select(["replaces_id", "status"])
      .where("replaces_id", "=", original)
      .executeTakeFirstOrThrow();
    expect(corrected.status).toBe("submitted");
    // The printed QR code of the original activity now shows the correction.
    const after = await call(activityPublic.loader, getRequest(`/activities/${token}`), ctx(), {
      token,
    });
    expect(after.data.opinions.map((o: { body: string }) => o.body).sort()).toEqual([
      "无害化处理点离村太远。",
      "登记应当免费。",
    ]);
    const newActivity = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "activity", kind: "visit", heldOn: "2026-11-21", headcount: "3" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(newActivity.status).toBe(302);
    // New work after a submission is a further report (补充报送), which replaces nothing.
    const batches = await db()
      .selectFrom("submissions")
      .select(["status", "replaces_id"])
      .where("contact_point_id", "=", w.pointA)
      .orderBy("created_at")
      .execute();
    expect(batches.map((b) => [b.status, b.replaces_id === null])).toEqual([
      ["submitted", true],
      ["submitted", false],
      ["draft", true],
    ]);
  });

  it("imports a spreadsheet all or nothing, naming each bad row in the user's language", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    await addOpinion(w, activityId, { target: w.pids[0]!, body: "已有的意见", headcount: "1" });

    const tpl = await call(
      template.loader,
      getRequest(`/coordinator/consultations/${w.consultationId}/template.xlsx`, w.a),
      ctx(),
      {
        id: w.consultationId,
      },
    );
    expect(tpl.status).toBe(200);
    const response = (await template.loader({
      request: getRequest(`/coordinator/consultations/${w.consultationId}/template.xlsx`, w.a),
      context: ctx(),
      params: { id: w.consultationId },
    } as never)) as Response;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await response.arrayBuffer()) as never);
    const sheet = wb.getWorksheet("意见")!;
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      "条文（第N条或N）",
      "意见内容",
      "建议修改为",
      "活动",
      "人数",
    ]);
    const activityName = String(wb.getWorksheet("活动列表")!.getCell("A2").value);
    expect(activityName).toMatch(/^1\. 2026-11-20 座谈会 社区会议室$/);
    const rows = [
      ["第三条", "登记费用应当减免。", "饲养犬只应当免费登记。", activityName, 5],
      ["第九条", "没有这一条。", "", activityName, 1],
      ["4", "", "", activityName, 1],
      ["第四条", "处理点太远。", "", activityName, "三"],
      ["第三条", "登记费用应当减免。", "", activityName, 2],
      ["第一条", "已有的意见", "", activityName, 1],
    ];
    rows.forEach((r, i) => {
      sheet.getRow(i + 2).values = r;
    });
    const bad = new Uint8Array(await wb.xlsx.writeBuffer());
    const rejected = await upload(w, bad, "意见.xlsx");
    expect(rejected.status).toBe(422);
    expect(rejected.data.ok).toBe(false);
    expect(rejected.data.problems.map((p: { line: number; message: string }) => p.message)).toEqual(
      [
        "第 3 行：条文“第九条”在本稿中不存在",
        "第 4 行：意见内容为空",
        "第 5 行：人数“三”不是正整数",
        "第 6 行：与第 2 行重复",
        "第 7 行：与已录入的意见重复",
      ],
    );
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom("opinions")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("activity_id", "=", activityId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBe(1);

    // In English, the same reasons in English.
    const english = await upload(w, bad, "opinions.xlsx", { "Accept-Language": "en" });
    expect(english.data.problems[0].message).toBe("Row 3: no article “第九条” in this reading");

    // A CSV in GB18030 with the rows fixed goes in whole (no activity: the one chosen on the page).
    const csv = [
      "条文（第N条或N）,意见内容,建议修改为,活动,人数",
      `第三条,登记费用应当减免。,饲养犬只应当免费登记。,"${activityName}",5`,
      '第四条,"处理点太远，建议就近设置。",,1,3',
      "整体,希望加强宣传。,,,",
    ].join("\r\n");
    const formFixed = new FormData();
    formFixed.set("_csrf", TEST_CSRF);
    formFixed.set("activityId", activityId);
    formFixed.set("file", new File([new Uint8Array(iconv.encode(csv, "gb18030"))], "意见.csv"));
    const done = await call(
      importUpload.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}/import/upload`, {
        method: "POST",
        body: formFixed,
        headers: { Cookie: w.a },
      }),
      ctx(),
      { id: w.consultationId },
    );
    expect(done.data).toMatchObject({ ok: true, imported: 3, message: "已导入 3 条意见。" });
    const stored = await db()
      .selectFrom("opinions")
      .select(["body", "headcount", "provision_pid", "scope", "proposed_text"])
      .where("activity_id", "=", activityId)
      .orderBy("created_at")
      .orderBy("headcount", "desc")
      .execute();
    expect(stored).toHaveLength(4);
    expect(stored.find((o) => o.body === "处理点太远，建议就近设置。")).toMatchObject({
      headcount: 3,
      provision_pid: w.pids[3],
    });
    expect(stored.find((o) => o.body === "希望加强宣传。")).toMatchObject({
      scope: "draft",
      provision_pid: null,
      headcount: 1,
    });

    // Without the CSRF token nothing is read.
    const form = new FormData();
    form.set("file", new File([new Uint8Array(iconv.encode(csv, "gb18030"))], "x.csv"));
    const forged = await call(
      importUpload.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}/import/upload`, {
        method: "POST",
        body: form,
        headers: { Cookie: w.a },
      }),
      ctx(),
      { id: w.consultationId },
    );
    expect(forged.status).toBe(403);
    expect(await count()).toBe(4);
  });

  it("lets a coordinator see and change only their own point's work; citizens and forged forms are refused", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    await addOpinion(w, activityId, { target: w.pids[2]!, body: "A 点的意见", headcount: "2" });
    const opinion = await db()
      .selectFrom("opinions")
      .select("id")
      .where("activity_id", "=", activityId)
      .executeTakeFirstOrThrow();

    // Coordinator B: the activity of A is not found, and B's own page shows nothing of A.
    expect(
      (
        await call(
          activityPage.loader,
          getRequest(`/coordinator/activities/${activityId}`, w.b),
          ctx(),
          { activityId },
        )
      ).status,
    ).toBe(404);
    const bEdit = await call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        { intent: "deleteOpinion", opinionId: opinion.id },
        { cookie: w.b },
      ),
      ctx(),
      { activityId },
    );
    expect(bEdit.status).toBe(404);
    const bPage = await call(
      workPage.loader,
      getRequest(`/coordinator/consultations/${w.consultationId}`, w.b),
      ctx(),
      {
        id: w.consultationId,
      },
    );
    expect(bPage.data.draft).toBeNull();
    expect(bPage.data.reports).toEqual([]);
    // B cannot merge A's opinions into B's own draft either.
    const bActivity = await recordActivity(w, w.b);
    await addOpinion(w, bActivity, { target: w.pids[2]!, body: "B 点的意见", headcount: "1" }, w.b);
    const bOpinion = await db()
      .selectFrom("opinions")
      .select("id")
      .where("activity_id", "=", bActivity)
      .executeTakeFirstOrThrow();
    const mergeForm = new URLSearchParams({ intent: "merge", _csrf: TEST_CSRF });
    mergeForm.append("opinionId", bOpinion.id);
    mergeForm.append("opinionId", opinion.id);
    const merged = await call(
      workPage.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}`, {
        method: "POST",
        body: mergeForm,
        headers: { Cookie: w.b, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      ctx(),
      { id: w.consultationId },
    );
    expect(merged.status).toBe(404);
    // A's report as Word: A yes, B no, the citizen no; the drafters only once submitted.
    const sid = (
      await db()
        .selectFrom("opinions")
        .select("submission_id")
        .where("id", "=", opinion.id)
        .executeTakeFirstOrThrow()
    ).submission_id!;
    const docx = (cookie: string) =>
      call(reportDocx.loader, getRequest(`/submissions/${sid}/report.docx`, cookie), ctx(), {
        submissionId: sid,
      });
    expect((await docx(w.a)).status).toBe(200);
    expect((await docx(w.b)).status).toBe(403);
    expect((await docx(w.citizen)).status).toBe(403);
    expect((await docx(w.drafter.cookie)).status).toBe(403);

    // Citizens have no coordinator pages; a write without the CSRF token is refused.
    expect(
      (await call(coordinator.loader, getRequest("/coordinator", w.citizen), ctx())).status,
    ).toBe(403);
    expect(
      (
        await call(
          workPage.loader,
          getRequest(`/coordinator/consultations/${w.consultationId}`, w.citizen),
          ctx(),
          { id: w.consultationId },
        )
      ).status,
    ).toBe(403);
    const forged = await call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        { intent: "deleteOpinion", opinionId: opinion.id },
        { cookie: w.a, csrf: null },
      ),
      ctx(),
      { activityId },
    );
    expect(forged.status).toBe(403);
    const crossSite = await call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        { intent: "deleteOpinion", opinionId: opinion.id },
        { cookie: w.a, origin: "https://evil.example" },
      ),
      ctx(),
      { activityId },
    );
    expect(crossSite.status).toBe(403);
    expect(
      await db()
        .selectFrom("opinions")
        .select("id")
        .where("id", "=", opinion.id)
        .executeTakeFirst(),
    ).toBeTruthy();

    // Merging in A's own draft sums headcounts.
    await addOpinion(w, activityId, { target: w.pids[2]!, body: "同样的意见", headcount: "3" });
    const both = await db()
      .selectFrom("opinions")
      .select("id")
      .where("activity_id", "=", activityId)
      .orderBy("created_at")
      .orderBy("headcount")
      .execute();
    const own = new URLSearchParams({ intent: "merge", _csrf: TEST_CSRF });
    for (const o of both) own.append("opinionId", o.id);
    const ok = await call(
      workPage.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}`, {
        method: "POST",
        body: own,
        headers: { Cookie: w.a, "Content-Type": "application/x-www-form-urlencoded" },
      }),
      ctx(),
      { id: w.consultationId },
    );
    expect(ok.data).toMatchObject({ ok: true });
    expect(
      await db()
        .selectFrom("opinions")
        .select(["headcount"])
        .where("activity_id", "=", activityId)
        .execute(),
    ).toEqual([{ headcount: 5 }]);

    // Admins only manage the registry.
    expect(
      (await call(adminPoints.loader, getRequest("/admin/contact-points", w.a), ctx())).status,
    ).toBe(403);
  });

  it("counts a point's work once submitted: dashboard, drafters' list, public list and API", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    await addOpinion(w, activityId, { target: w.pids[2]!, body: "一", headcount: "6" });
    await addOpinion(w, activityId, { target: w.pids[3]!, body: "二", headcount: "2" });
    await addOpinion(w, activityId, { target: w.pids[4]!, body: "三", headcount: "1" });
    const dash = async () =>
      (await call(coordinator.loader, getRequest("/coordinator", w.a), ctx())).data.open.find(
        (c: { id: string }) => c.id === w.consultationId,
      ).work;
    expect(await dash()).toMatchObject({
      activities: 1,
      opinions: 3,
      headcount: 15,
      status: "draft",
    });
    const publicRow = async () =>
      (await call(contactPointsPage.loader, getRequest("/contact-points"), ctx())).data.points.find(
        (p: { id: string }) => p.id === w.pointA,
      ).work;
    expect(await publicRow()).toMatchObject({ activities: 0, total: 0, headcount: 0 });
    const list = async () =>
      (
        await call(
          submissionsPage.loader,
          getRequest(`/consultations/${w.consultationId}/submissions`, w.drafter.cookie),
          ctx(),
          { id: w.consultationId },
        )
      ).data.submissions;
    expect(await list()).toEqual([]);
    expect(
      (
        await call(
          submissionsPage.loader,
          getRequest(`/consultations/${w.consultationId}/submissions`, w.a),
          ctx(),
          { id: w.consultationId },
        )
      ).status,
    ).toBe(403);

    await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "submit", confirm: "yes" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    // Whom the handling area notifies when the drafters publish the handling: A's coordinator only.
    const told = await coordinatorsOfReportingPoints(db(), w.consultationId);
    expect(told.map((c) => c.contactPointId)).toEqual([w.pointA]);
    const [sub] = await list();
    expect(sub).toMatchObject({ status: "submitted", opinions: 3, headcount: 9 });
    const received = await call(
      submissionsPage.action,
      formRequest(
        `/consultations/${w.consultationId}/submissions`,
        { submissionId: sub.id },
        { cookie: w.drafter.cookie },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(received.data).toMatchObject({ ok: true });
    expect((await list())[0].status).toBe("received");
    const ops = await db()
      .selectFrom("opinions")
      .select(["id", "body"])
      .where("activity_id", "=", activityId)
      .execute();
    const byBody = (b: string) => ops.find((o) => o.body === b)!.id;
    await publishDisposition(db(), {
      opinionIds: [byBody("一")],
      code: "adopted",
      reason: "采纳。",
      actorId: w.drafter.id,
    });
    await publishDisposition(db(), {
      opinionIds: [byBody("二")],
      code: "not_adopted",
      reason: "已有规定。",
      actorId: w.drafter.id,
    });
    expect(await dash()).toMatchObject({
      status: "received",
      opinions: 3,
      feedback: { total: 3, handled: 2, adopted: 1, rate: 50 },
    });
    const page = await call(
      workPage.loader,
      getRequest(`/coordinator/consultations/${w.consultationId}`, w.a),
      ctx(),
      { id: w.consultationId },
    );
    expect(
      page.data.reports[0].opinions.find((o: { body: string }) => o.body === "一"),
    ).toMatchObject({
      dispositionCode: "adopted",
      dispositionReason: "采纳。",
    });
    expect(await publicRow()).toMatchObject({
      activities: 1,
      total: 3,
      headcount: 15,
      handled: 2,
      adopted: 1,
      rate: 50,
    });

    // The drafters' copy of the 意见汇总表 carries the handling.
    const file = (await reportDocx.loader({
      request: getRequest(`/submissions/${sub.id}/report.docx`, w.drafter.cookie),
      context: ctx(),
      params: { submissionId: sub.id },
    } as never)) as Response;
    const xml = await (
      await JSZip.loadAsync(await file.arrayBuffer())
    )
      .file("word/document.xml")!
      .async("string");
    for (const text of [
      "意见汇总表",
      "第3条",
      "座谈会",
      "处理情况",
      "采纳：采纳。",
      "未采纳：已有规定。",
    ])
      expect(xml).toContain(text);

    const api = await call(apiPoints.loader, getRequest("/api/v1/contact-points"), ctx());
    expect(api.status).toBe(200);
    const mine = api.data.contactPoints.find((p: { id: string }) => p.id === w.pointA);
    expect(Object.keys(mine).sort()).toEqual(["address", "district", "id", "name"]);
    expect(typeof mine.id).toBe("string");
    // After the deadline the dashboard keeps the consultation, with its feedback.
    await db()
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where("id", "=", w.consultationId)
      .execute();
    const later = (await call(coordinator.loader, getRequest("/coordinator", w.a), ctx())).data;
    expect(later.open.some((c: { id: string }) => c.id === w.consultationId)).toBe(false);
    expect(later.closed.find((c: { id: string }) => c.id === w.consultationId).work).toMatchObject({
      feedback: { rate: 50 },
    });
    // An inactive point leaves the API.
    await db()
      .updateTable("contact_points")
      .set({ active: false })
      .where("id", "=", w.pointB)
      .execute();
    const again = await call(apiPoints.loader, getRequest("/api/v1/contact-points"), ctx());
    expect(again.data.contactPoints.some((p: { id: string }) => p.id === w.pointB)).toBe(false);
  });

  it("lets admins register points and assign one point per coordinator", async () => {
    const org = await makeOrganization(db());
    const admin = await makeUser(db(), { roles: [{ role: "admin", organizationId: org }] });
    const cookie = await signIn(admin);
    const created = await call(
      adminPoints.action,
      formRequest(
        "/admin/contact-points",
        {
          intent: "create",
          organizationId: org,
          name: "测试镇基层立法联系点",
          district: "如东县",
          address: "测试路 1 号",
          hostOrganization: "测试镇人大主席团",
          phone: "0513-1234",
        },
        { cookie },
      ),
      ctx(),
    );
    expect(created.data).toMatchObject({ ok: true });
    const point = await db()
      .selectFrom("contact_points")
      .selectAll()
      .where("name", "=", "测试镇基层立法联系点")
      .executeTakeFirstOrThrow();
    expect(point).toMatchObject({
      host_organization: "测试镇人大主席团",
      active: true,
      phone: "0513-1234",
    });
    const user = await makeUser(db());
    const assign = (pointId: string) =>
      call(
        adminPoints.action,
        formRequest(
          "/admin/contact-points",
          { intent: "assign", pointId, email: user.email },
          { cookie },
        ),
        ctx(),
      );
    expect((await assign(point.id)).data).toMatchObject({ ok: true });
    const other = await makeContactPoint(db(), { organizationId: org });
    const second = await assign(other);
    expect(second.status).toBe(409);
    expect(second.data.message).toBe("admin.users.onePoint");
    const m = await db()
      .selectFrom("memberships")
      .select(["role", "contact_point_id"])
      .where("user_id", "=", user.id)
      .execute();
    expect(m).toEqual([{ role: "coordinator", contact_point_id: point.id }]);
    const deactivate = await call(
      adminPoints.action,
      formRequest(
        "/admin/contact-points",
        {
          intent: "update",
          pointId: point.id,
          organizationId: org,
          name: point.name,
          district: "如东县",
          address: "测试路 2 号",
          hostOrganization: "",
          phone: "",
        },
        { cookie },
      ),
      ctx(),
    );
    expect(deactivate.data).toMatchObject({ ok: true });
    expect(
      await db()
        .selectFrom("contact_points")
        .select(["active", "address"])
        .where("id", "=", point.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      active: false,
      address: "测试路 2 号",
    });
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("actor_user_id", "=", admin.id)
      .execute();
    expect(
      audit
        .map((a) => a.action)
        .filter((a) => a !== "user.sign_in")
        .sort(),
    ).toEqual(["contact_point.create", "contact_point.update", "role.grant"]);
  });

  it("seeds the demo loop once: five points at work, three submitted, one received, some handled", async () => {
    await seedDemo(db());
    const count = async () => ({
      activities: (await db().selectFrom("contact_point_activities").select("id").execute()).length,
      opinions: (
        await db()
          .selectFrom("opinions")
          .select("id")
          .where("contact_point_id", "is not", null)
          .execute()
      ).length,
      submissions: (await db().selectFrom("submissions").select(["status"]).execute())
        .map((s) => s.status)
        .sort(),
    });
    const first = await count();
    await seedDemo(db());
    expect(await count()).toEqual(first);
    const points = await db()
      .selectFrom("contact_point_activities")
      .select("contact_point_id")
      .distinct()
      .execute();
    expect(points.length).toBeGreaterThanOrEqual(5);
    expect(first.submissions.filter((s) => s !== "draft").length).toBeGreaterThanOrEqual(3);
    expect(first.submissions).toContain("received");
    const coordinatorUser = await db()
      .selectFrom("users")
      .select(["email"])
      .where("email", "=", "coordinator@demo.kaimen.cn")
      .executeTakeFirstOrThrow();
    const cookie = await signIn({
      email: coordinatorUser.email,
      password: "kaimen-coordinator-2026",
    });
    const dash = await call(coordinator.loader, getRequest("/coordinator", cookie), ctx());
    const work = dash.data.open[0].work;
    expect(work.status).toBe("received");
    expect(work.feedback.handled).toBeGreaterThanOrEqual(3);
    expect(work.feedback.rate).not.toBeNull();
    const handled = await db()
      .selectFrom("dispositions as d")
      .innerJoin("opinions as o", "o.id", "d.opinion_id")
      .select(["d.reason"])
      .where("o.contact_point_id", "is not", null)
      .execute();
    expect(handled.every((h) => h.reason.length > 0)).toBe(true);
  });
});
