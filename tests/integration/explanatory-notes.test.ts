import { describe, expect, it } from "vitest";
import * as consultationPage from "../../app/routes/consultation.tsx";
import * as provisionOpinions from "../../app/routes/provision-opinions.tsx";
import * as versionNotes from "../../app/routes/version-notes.tsx";
import * as versionPage from "../../app/routes/version.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

describe("起草说明 per provision (issue 18 item 4)", () => {
  const t = useTestDatabase();
  const ctx = (overrides = {}) => makeContext(t.handle.db, t.handle.kind, overrides);

  /** A reading of three articles with its consultation, a drafter of its legislature and one of another. */
  async function reading() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const text = sampleText([
      "为了预防、控制动物疫病，制定本条例。",
      "本条例适用于本市行政区域内的动物防疫活动。",
      "本条例自公布之日起施行。",
    ]);
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      document: text.document,
      provisions: text.provisions,
    });
    const consultationId = await makeConsultation(db, { versionId });
    const pids = text.provisions.filter((p) => p.kind === "article").map((p) => p.pid);
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const otherOrg = await makeOrganization(db);
    const otherDrafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: otherOrg }],
    });
    const citizen = await makeUser(db);
    const path = `/bills/${billId}/versions/${versionId}/notes`;
    const params = { billId, versionId };
    return {
      billId,
      versionId,
      consultationId,
      pids,
      drafter,
      otherDrafter,
      citizen,
      path,
      params,
    };
  }

  async function save(
    r: Awaited<ReturnType<typeof reading>>,
    user: { email: string; password: string },
    notes: Record<string, string>,
  ) {
    const cookie = await signInCookie(ctx(), user);
    const fields = Object.fromEntries(Object.entries(notes).map(([pid, v]) => [`note.${pid}`, v]));
    return callRoute(
      versionNotes.action,
      formRequest(r.path, { intent: "save", ...fields }, { cookie }),
      ctx(),
      r.params,
    );
  }

  /** The reading's text as a page sends it (the prepared HTML of a data request). */
  async function preparedHtml(
    route: { loader: (args: never) => Promise<unknown> },
    path: string,
    params: Record<string, string>,
    language = "zh-CN",
  ) {
    const answer = await callRoute(
      route.loader,
      getRequest(path, undefined, { "Accept-Language": language }),
      ctx({ dataRequest: true, fragments: new Map() }),
      params,
    );
    expect(answer.status).toBe(200);
    return String(answer.data.text.html);
  }

  it("lets the bill's drafters save notes, with an audit row, and no one else", async () => {
    const r = await reading();
    const [a1] = r.pids;
    const saved = await save(r, r.drafter, { [a1!]: "说明立法目的。\n与上位法一致。" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`${r.path}?saved=1`);
    const page = await callRoute(
      versionNotes.loader,
      getRequest(r.path, await signInCookie(ctx(), r.drafter)),
      ctx(),
      r.params,
    );
    expect(page.data.rows.map((row: { note: string }) => row.note)).toEqual([
      "说明立法目的。\n与上位法一致。",
      "",
      "",
    ]);
    const audit = await t.handle.db
      .selectFrom("audit_log")
      .select(["action", "subject_id", "actor_user_id", "bill_id"])
      .where("subject_id", "=", r.versionId)
      .execute();
    expect(audit).toEqual([
      {
        action: "version.notes",
        subject_id: r.versionId,
        actor_user_id: r.drafter.id,
        bill_id: r.billId,
      },
    ]);

    for (const outsider of [r.otherDrafter, r.citizen]) {
      const refused = await save(r, outsider, { [a1!]: "篡改的说明" });
      expect(refused.status).toBe(403);
      const read = await callRoute(
        versionNotes.loader,
        getRequest(r.path, await signInCookie(ctx(), outsider)),
        ctx(),
        r.params,
      );
      expect(read.status).toBe(403);
    }
    const anonymous = await callRoute(
      versionNotes.action,
      formRequest(r.path, { intent: "save", [`note.${a1}`]: "匿名" }),
      ctx(),
      r.params,
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login/);
    const stored = await t.handle.db.selectFrom("explanatory_notes").selectAll().execute();
    expect(stored.filter((n) => n.version_id === r.versionId).map((n) => n.body)).toEqual([
      "说明立法目的。\n与上位法一致。",
    ]);
  });

  it("refuses a provision of another reading and a note over 5,000 characters, saving nothing", async () => {
    const r = await reading();
    const [a1, a2] = r.pids;
    const foreign = await save(r, r.drafter, { [a1!]: "有效的说明", "no-such-pid": "说明" });
    expect(foreign.status).toBe(400);
    const long = await save(r, r.drafter, { [a2!]: "长".repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.data.fields).toEqual({ [`note.${a2}`]: "notes.tooLong" });
    const stored = await t.handle.db
      .selectFrom("explanatory_notes")
      .select("pid")
      .where("version_id", "=", r.versionId)
      .execute();
    expect(stored).toEqual([]);
  });

  it("splits a pasted explanation into proposals without saving, and a blank note removes one", async () => {
    const r = await reading();
    const [a1, a2, a3] = r.pids;
    const cookie = await signInCookie(ctx(), r.drafter);
    const split = await callRoute(
      versionNotes.action,
      formRequest(
        r.path,
        {
          intent: "split",
          explanation: "一、总体情况\n草案共三条。\n第二条规定了适用范围。\n第3条规定了施行日期。",
        },
        { cookie },
      ),
      ctx(),
      r.params,
    );
    expect(split.status).toBe(200);
    expect(split.data.notes).toEqual({
      [a2!]: "第二条规定了适用范围。",
      [a3!]: "第3条规定了施行日期。",
    });
    expect(split.data.unmatched).toEqual(["一、总体情况", "草案共三条。"]);
    expect(
      await t.handle.db
        .selectFrom("explanatory_notes")
        .select("pid")
        .where("version_id", "=", r.versionId)
        .execute(),
    ).toEqual([]);

    await save(r, r.drafter, { [a1!]: "第一条的说明", [a2!]: "第二条的说明" });
    const cleared = await save(r, r.drafter, { [a1!]: "  ", [a2!]: "第二条的说明" });
    expect(cleared.headers.get("Location")).toBe(`${r.path}?saved=1`);
    const left = await t.handle.db
      .selectFrom("explanatory_notes")
      .select("pid")
      .where("version_id", "=", r.versionId)
      .execute();
    expect(left).toEqual([{ pid: a2 }]);
  });

  it("shows a note under its provision on the reading, consultation and article pages, escaped", async () => {
    const r = await reading();
    const [a1, a2] = r.pids;
    await save(r, r.drafter, { [a1!]: '<script>alert("x")</script>\n第二段说明' });
    const version = await preparedHtml(versionPage, `/bills/${r.billId}/versions/${r.versionId}`, {
      billId: r.billId,
      versionId: r.versionId,
    });
    const consultation = await preparedHtml(
      consultationPage,
      `/consultations/${r.consultationId}`,
      {
        id: r.consultationId,
      },
    );
    for (const html of [version, consultation]) {
      expect(html).not.toContain("<script>alert");
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
      expect(html).toContain("<p>第二段说明</p>");
      // One disclosure, closed, under the first article only.
      expect(html.match(/<details class="provision-note">/g)).toHaveLength(1);
      const first = html.indexOf(`id="p-${a1}"`);
      const second = html.indexOf(`id="p-${a2}"`);
      const note = html.indexOf("provision-note");
      expect(first).toBeGreaterThan(-1);
      expect(note).toBeGreaterThan(first);
      expect(note).toBeLessThan(second);
    }
    const english = await preparedHtml(
      consultationPage,
      `/consultations/${r.consultationId}`,
      { id: r.consultationId },
      "en",
    );
    expect(english).toContain("Explanatory note on Article 1");

    const article = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${r.consultationId}/provisions/${a1}`),
      ctx(),
      { id: r.consultationId, pid: a1! },
    );
    expect(article.data.provision.note).toBe('<script>alert("x")</script>\n第二段说明');
  });
});
