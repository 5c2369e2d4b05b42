import { mkdtemp, readdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as activityPage from "../../app/routes/coordinator.activity.tsx";
import * as activityPublic from "../../app/routes/activity-public.tsx";
import * as attachmentFile from "../../app/routes/attachment-file.ts";
import * as attachments from "../../app/routes/coordinator.activity-attachments.ts";
import * as workPage from "../../app/routes/coordinator.consultation.tsx";
import * as submissionsPage from "../../app/routes/consultation-submissions.tsx";
import * as login from "../../app/routes/login.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { ATTACHMENT_MAX_BYTES } from "../../services/activity-attachments.ts";
import { useTestDatabase } from "../support/database.ts";
import { publishDisposition } from "../support/dispositions.ts";
import {
  callRoute as call,
  cookieFrom,
  formRequest,
  getRequest,
  makeContext,
  TEST_CSRF,
} from "../support/routes.ts";

// Issue 18 items 6 and 8: a provision typed by its number, photos of written opinions attached to
// an activity (checked, stored outside the database, private unless marked), a notice per opinion
// when its disposition is published, and sign-in limits per account and per address.

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%…\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

describe("coordinator tools (issue 18)", () => {
  const t = useTestDatabase();
  const db = () => t.handle.db;
  let filesDir = "";
  const ctx = (overrides = {}) =>
    makeContext(t.handle.db, t.handle.kind, { filesDir, ...overrides });

  async function signIn(user: { email: string; password: string }) {
    const r = await call(
      login.action,
      formRequest("/login", { email: user.email, password: user.password }),
      ctx(),
    );
    expect(r.status).toBe(302);
    return cookieFrom(r.headers);
  }

  /** A bill of 30 articles open for comment, two points with their coordinators, a drafter. */
  async function world() {
    filesDir = await mkdtemp(path.join(os.tmpdir(), "kaimen-files-"));
    const org = await makeOrganization(db());
    const text = sampleText(Array.from({ length: 30 }, (_, i) => `第${i + 1}条的规定。`));
    const { billId } = await makeBillWithVersion(db(), { organizationId: org, ...text });
    const { versionId } = await db()
      .selectFrom("versions")
      .select("id as versionId")
      .where("bill_id", "=", billId)
      .executeTakeFirstOrThrow();
    const consultationId = await makeConsultation(db(), { versionId });
    const pointA = await makeContactPoint(db(), { organizationId: org });
    const pointB = await makeContactPoint(db(), { organizationId: org });
    const coordA = await makeUser(db(), {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointA }],
    });
    const coordB = await makeUser(db(), {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: pointB }],
    });
    const drafter = await makeUser(db(), { roles: [{ role: "drafter", organizationId: org }] });
    const citizen = await makeUser(db(), { roles: [{ role: "citizen", organizationId: org }] });
    return {
      consultationId,
      pids: text.provisions.filter((p) => p.kind === "article").map((p) => p.pid),
      coordA,
      a: await signIn(coordA),
      b: await signIn(coordB),
      drafter: { ...drafter, cookie: await signIn(drafter) },
      citizen: await signIn(citizen),
    };
  }
  type World = Awaited<ReturnType<typeof world>>;

  async function recordActivity(w: World, extra: Record<string, string> = {}) {
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
          notes: "",
          ...extra,
        },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(r.status).toBe(302);
    return r.headers.get("Location")!.split("/").pop()!.split("?")[0]!;
  }

  function addOpinion(w: World, activityId: string, fields: Record<string, string>) {
    return call(
      activityPage.action,
      formRequest(
        `/coordinator/activities/${activityId}`,
        {
          intent: "addOpinion",
          body: "应当写明登记的期限。",
          proposedText: "",
          headcount: "3",
          respondentType: "individual",
          ...fields,
        },
        { cookie: w.a },
      ),
      ctx(),
      { activityId },
    );
  }

  function upload(
    w: World,
    activityId: string,
    bytes: Uint8Array,
    name: string,
    options: { public?: boolean; cookie?: string } = {},
  ) {
    const form = new FormData();
    form.set("_csrf", TEST_CSRF);
    form.set("intent", "upload");
    if (options.public) form.set("public", "on");
    form.set("file", new File([Buffer.from(bytes)], name));
    return call(
      attachments.action,
      new Request(`http://localhost/coordinator/activities/${activityId}/attachments`, {
        method: "POST",
        body: form,
        headers: { Cookie: options.cookie ?? w.a },
      }),
      ctx(),
      { activityId },
    );
  }

  const outcomeOf = (r: { headers: Headers }) =>
    new URL(r.headers.get("Location")!, "http://localhost").searchParams.get("attachment");
  const storedFiles = async () =>
    (await readdir(path.join(filesDir, "attachments")).catch(() => [] as string[])).sort();
  const rowsOf = (activityId: string) =>
    db()
      .selectFrom("activity_attachments")
      .selectAll()
      .where("activity_id", "=", activityId)
      .execute();
  const fetchFile = (id: string, cookie?: string) =>
    call(attachmentFile.loader, getRequest(`/attachments/${id}`, cookie), ctx(), {
      attachmentId: id,
    });

  async function submitReport(w: World) {
    const r = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        { intent: "submit", confirm: "yes" },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(r.data).toMatchObject({ ok: true });
  }

  it("resolves a typed article number on the server, and names an unknown one", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    for (const typed of ["25", "第二十五条", "二十五"]) {
      const r = await addOpinion(w, activityId, { targetText: typed, target: "" });
      expect(r.data, typed).toMatchObject({ ok: true });
    }
    const stored = await db()
      .selectFrom("opinions")
      .select("provision_pid")
      .where("activity_id", "=", activityId)
      .execute();
    expect(stored.map((o) => o.provision_pid)).toEqual([w.pids[24], w.pids[24], w.pids[24]]);

    const unknown = await addOpinion(w, activityId, { targetText: "99", target: "" });
    expect(unknown.status).toBe(400);
    expect(unknown.data.fields).toEqual({ target: "picker.error.unknown" });
    // The page without JavaScript shows the typed number and the body again.
    expect(unknown.data.echo).toMatchObject({ targetText: "99", body: "应当写明登记的期限。" });
    // A stale pid (the text was changed after a choice) loses to the text.
    const changed = await addOpinion(w, activityId, { targetText: "3", target: w.pids[24]! });
    expect(changed.data).toMatchObject({ ok: true });
    const last = await db()
      .selectFrom("opinions")
      .select("provision_pid")
      .where("activity_id", "=", activityId)
      .orderBy("created_at", "desc")
      .executeTakeFirstOrThrow();
    expect(last.provision_pid).toBe(w.pids[2]);
  });

  it("keeps an activity's time, host and title", async () => {
    const w = await world();
    const morning = await recordActivity(w, { startTime: "09:30", host: "王主任", title: "养犬" });
    const afternoon = await recordActivity(w, { startTime: "14:00", host: "李科长" });
    const page = await call(
      workPage.loader,
      getRequest(`/coordinator/consultations/${w.consultationId}`, w.a),
      ctx(),
      { id: w.consultationId },
    );
    const listed = page.data.draft.activities.map(
      (a: { id: string; start_time: string; host: string; title: string }) => [
        a.id,
        a.start_time,
        a.host,
        a.title,
      ],
    );
    expect(listed).toEqual([
      [morning, "09:30", "王主任", "养犬"],
      [afternoon, "14:00", "李科长", ""],
    ]);
    const bad = await call(
      workPage.action,
      formRequest(
        `/coordinator/consultations/${w.consultationId}`,
        {
          intent: "activity",
          kind: "symposium",
          heldOn: "2026-11-20",
          headcount: "3",
          startTime: "25:00",
        },
        { cookie: w.a },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(bad.status).toBe(400);
    expect(bad.data.fields).toMatchObject({ startTime: "cp.error.time" });
  });

  it("refuses a file of the wrong kind or size, leaving no file and no row", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    const script = new TextEncoder().encode("<script>alert(1)</script>");
    expect(outcomeOf(await upload(w, activityId, script, "photo.jpg"))).toBe("error.type");
    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    big.set(JPEG);
    expect(outcomeOf(await upload(w, activityId, big, "big.jpg"))).toBe("error.tooLarge");
    expect(outcomeOf(await upload(w, activityId, new Uint8Array(0), "empty.jpg"))).toBe(
      "error.noFile",
    );
    expect(await rowsOf(activityId)).toEqual([]);
    expect(await storedFiles()).toEqual([]);

    // Twenty fit; the twenty-first is refused and leaves nothing behind.
    for (let i = 0; i < 20; i++)
      expect(outcomeOf(await upload(w, activityId, JPEG, `p${i}.jpg`))).toBe("saved");
    expect(outcomeOf(await upload(w, activityId, PDF, "more.pdf"))).toBe("error.tooMany");
    const rows = await rowsOf(activityId);
    expect(rows).toHaveLength(20);
    expect(await storedFiles()).toEqual(rows.map((r) => r.storage_key).sort());
    expect(rows[0]).toMatchObject({ media_type: "image/jpeg", byte_size: JPEG.byteLength });
  });

  it("serves a private attachment to its point and the drafters only, a public one to all", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    expect(outcomeOf(await upload(w, activityId, JPEG, "签名页.jpg"))).toBe("saved");
    expect(outcomeOf(await upload(w, activityId, PDF, "书面意见.pdf", { public: true }))).toBe(
      "saved",
    );
    const [privateFile, publicFile] = await db()
      .selectFrom("activity_attachments")
      .select(["id", "public"])
      .where("activity_id", "=", activityId)
      .orderBy("public")
      .execute();

    const own = await fetchFile(privateFile!.id, w.a);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("image/jpeg");
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    for (const cookie of [undefined, w.b, w.citizen, w.drafter.cookie])
      expect((await fetchFile(privateFile!.id, cookie)).status).toBe(404);
    // Nothing is public before the report is submitted, not even what is marked so.
    expect((await fetchFile(publicFile!.id)).status).toBe(404);
    // Another point cannot upload to, or delete from, this activity.
    expect((await upload(w, activityId, JPEG, "x.jpg", { cookie: w.b })).status).toBe(404);

    await addOpinion(w, activityId, { targetText: "1", target: "" });
    await submitReport(w);
    expect((await fetchFile(privateFile!.id, w.drafter.cookie)).status).toBe(200);
    // The drafters find them beside the point's report.
    const reports = await call(
      submissionsPage.loader,
      getRequest(`/consultations/${w.consultationId}/submissions`, w.drafter.cookie),
      ctx(),
      { id: w.consultationId },
    );
    expect(reports.data.attachments.map((f: { id: string }) => f.id).sort()).toEqual(
      [privateFile!.id, publicFile!.id].sort(),
    );
    for (const cookie of [undefined, w.b, w.citizen])
      expect((await fetchFile(privateFile!.id, cookie)).status).toBe(404);
    const open = await fetchFile(publicFile!.id);
    expect(open.status).toBe(200);
    expect(open.headers.get("Content-Type")).toBe("application/pdf");

    const token = (
      await db()
        .selectFrom("contact_point_activities")
        .select("lookup_token")
        .where("id", "=", activityId)
        .executeTakeFirstOrThrow()
    ).lookup_token;
    const page = await call(activityPublic.loader, getRequest(`/activities/${token}`), ctx(), {
      token,
    });
    expect(page.data.attachments.map((a: { id: string }) => a.id)).toEqual([publicFile!.id]);
  });

  it("deletes an attachment's row and file, and audits both changes", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    await upload(w, activityId, JPEG, "a.jpg");
    const [row] = await rowsOf(activityId);
    expect(await storedFiles()).toEqual([row!.storage_key]);
    const r = await call(
      attachments.action,
      formRequest(
        `/coordinator/activities/${activityId}/attachments`,
        { intent: "delete", attachmentId: row!.id },
        { cookie: w.a },
      ),
      ctx(),
      { activityId },
    );
    expect(outcomeOf(r)).toBe("deleted");
    expect(await rowsOf(activityId)).toEqual([]);
    expect(await storedFiles()).toEqual([]);
    const audit = await db()
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", activityId)
      .where("action", "like", "activity.attachment%")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      "activity.attachment_add",
      "activity.attachment_delete",
    ]);

    // Deleting the activity removes its attachments' files too.
    await upload(w, activityId, PDF, "b.pdf");
    expect(await storedFiles()).toHaveLength(1);
    const gone = await call(
      activityPage.action,
      formRequest(`/coordinator/activities/${activityId}`, { intent: "delete" }, { cookie: w.a }),
      ctx(),
      { activityId },
    );
    expect(gone.status).toBe(302);
    expect(await rowsOf(activityId)).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it("tells the coordinators of each opinion's disposition once, when it is published", async () => {
    const w = await world();
    const activityId = await recordActivity(w);
    await addOpinion(w, activityId, { targetText: "2", target: "", body: "第二条太宽。" });
    await addOpinion(w, activityId, { targetText: "5", target: "", body: "第五条应删去。" });
    await submitReport(w);
    const opinions = await db()
      .selectFrom("opinions")
      .select(["id", "body"])
      .where("activity_id", "=", activityId)
      .execute();
    const opinionIds = opinions.map((o) => o.id);
    const onFifth = opinions.find((o) => o.body === "第五条应删去。")!.id;
    const perOpinion = () =>
      db()
        .selectFrom("notifications")
        .select(["subject_id", "data"])
        .where("user_id", "=", w.coordA.id)
        .where("kind", "=", "point_opinion_disposed")
        .execute();
    expect(await perOpinion()).toEqual([]);

    await publishDisposition(db(), {
      opinionIds,
      code: "adopted",
      reason: "已修改。",
      actorId: w.drafter.id,
    });
    const told = await perOpinion();
    expect(told.map((n) => n.subject_id).sort()).toEqual([...opinionIds].sort());
    const data = told.find((n) => n.subject_id === onFifth)!.data as Record<string, string>;
    // The fixture's labels are written with digits (第5条).
    expect(data).toMatchObject({ code: "adopted", target: "第5条", excerpt: "第五条应删去。" });
    expect(data.link).toBe(`/coordinator/activities/${activityId}#opinion-${onFifth}`);

    // Published again unchanged: nobody is told twice.
    await publishDisposition(db(), {
      opinionIds,
      code: "adopted",
      reason: "已修改。",
      actorId: w.drafter.id,
    });
    expect(await perOpinion()).toHaveLength(2);
  });

  describe("sign-in limits", () => {
    const attempt = (email: string, password: string, ip: string) =>
      call(login.action, formRequest("/login", { email, password }), ctx({ clientIp: ip }));

    it("does not lock an office behind one address out after many people mistype", async () => {
      const ip = "203.0.113.7";
      const people = await Promise.all(Array.from({ length: 31 }, () => makeUser(db())));
      for (const p of people.slice(0, 30))
        expect((await attempt(p.email, "wrong-password", ip)).status).toBe(400);
      const last = people[30]!;
      expect((await attempt(last.email, last.password, ip)).status).toBe(302);
    });

    it("locks an account after six wrong passwords, only that account, with when to retry", async () => {
      const target = await makeUser(db());
      const other = await makeUser(db());
      const statuses = [];
      // A guesser spreads over addresses: the account is what is counted.
      for (let i = 0; i < 6; i++)
        statuses.push((await attempt(target.email, `guess-${i}`, `198.51.100.${i + 1}`)).status);
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
      const locked = await attempt(target.email, target.password, "198.51.100.99");
      expect(locked.status).toBe(429);
      expect(locked.data.formError).toBe("auth.signIn.accountLocked");
      expect(locked.data.formErrorParams.minutes).toBeGreaterThan(0);
      expect(Number(locked.headers.get("Retry-After"))).toBeGreaterThan(0);
      // Another account from the guesser's own address is untouched.
      expect((await attempt(other.email, other.password, "198.51.100.1")).status).toBe(302);
    });
  });
});
