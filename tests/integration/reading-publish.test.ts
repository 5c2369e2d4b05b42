import { describe, expect, it } from "vitest";
import * as billRoute from "../../app/routes/bill.tsx";
import * as compareRoute from "../../app/routes/compare.tsx";
import * as versionExport from "../../app/routes/version-export.ts";
import { replaceDraftDocument } from "../../db/queries/drafts.ts";
import { makeBillWithVersion, makeOrganization, makeUser, sampleText } from "../../db/factories.ts";
import { inTransaction } from "../../db/transaction.ts";
import { isServiceError } from "../../services/errors.ts";
import { readingImportSettled } from "../../services/reading-imports.ts";
import { addReadingFromFile } from "../../services/readings.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute as call,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
  TEST_CSRF,
} from "../support/routes.ts";

// Issue 15, items 5 and 6, and issue 16, item 4: an imported or pasted reading is previewed and
// confirmed before it is published; identical readings and unexplained large swings are
// refused with nothing written; comparison defaults pair a reading with the one before it; and
// every reading downloads as a PDF with its Chinese font embedded.

const TITLE = "发布测试条例";
const ARTICLES = [
  "为了规范养犬行为，制定本条例。",
  "本条例适用于本市行政区域内的养犬活动。",
  "市公安机关是养犬管理的主管部门。",
  "养犬人应当依法免疫犬只。",
  "禁止携带犬只进入学校和医院。",
  "养犬人应当及时清除犬只粪便。",
  "违反本条例的，由公安机关责令改正。",
  "本条例自公布之日起施行。",
];
const numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/** The text of articles as a drafter would paste it. */
const pasted = (articles: string[], title = TITLE) =>
  [title, ...articles.map((text, i) => `第${numerals[i]}条　${text}`)].join("\n");

describe("publishing a reading safely", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const db = () => t.handle.db;

  /** A bill whose latest reading holds ARTICLES, and a drafter of its legislature. */
  async function world() {
    const org = await makeOrganization(db());
    const drafter = await makeUser(db(), { roles: [{ role: "drafter", organizationId: org }] });
    const { billId, versionId } = await makeBillWithVersion(db(), {
      organizationId: org,
      title: TITLE,
      ...sampleText(ARTICLES, TITLE),
    });
    return { billId, versionId, drafter, cookie: await signInCookie(ctx(), drafter) };
  }

  function post(w: { billId: string; cookie: string }, fields: Record<string, string>) {
    const body = new FormData();
    body.set("_csrf", TEST_CSRF);
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return call(
      billRoute.action,
      new Request(`http://localhost/bills/${w.billId}`, {
        method: "POST",
        body,
        headers: { Cookie: w.cookie },
      }),
      ctx(),
      { billId: w.billId },
    );
  }

  /** Pastes a text into the import form and waits for its job; the bill page's data after. */
  async function paste(w: { billId: string; cookie: string }, text: string, key: string) {
    const sent = await post(w, { intent: "import", label: "second_reading", text, importKey: key });
    expect(sent.status).toBe(302);
    await readingImportSettled(w.billId, key);
    return page(w, key);
  }

  async function page(w: { billId: string; cookie: string }, key: string) {
    const answer = await call(
      billRoute.loader,
      getRequest(`/bills/${w.billId}?import=${key}`, w.cookie),
      ctx(),
      { billId: w.billId },
    );
    return answer.data;
  }

  const versions = async (billId: string) =>
    db()
      .selectFrom("versions")
      .select(["id", "label"])
      .where("bill_id", "=", billId)
      .orderBy("seq")
      .execute();

  const audits = async (action: string, versionId: string) =>
    db()
      .selectFrom("audit_log")
      .select(["actor_user_id", "data"])
      .where("action", "=", action)
      .where("subject_id", "=", versionId)
      .execute();

  it("previews a pasted reading against the latest one and publishes it only when confirmed", async () => {
    const w = await world();
    const next = [...ARTICLES];
    next[2] = "市公安机关是养犬管理的主管部门，城市管理部门予以配合。";
    next.splice(5, 0, "养犬人应当为犬只办理登记。");
    // A table of contents is not the body: its lines are listed as not placed.
    const preview = await paste(
      w,
      pasted(next).replace(TITLE, `${TITLE}\n目录\n第一章 总则\n第一章 总则`),
      "preview-key-0001",
    );
    expect(preview.importJob).toMatchObject({
      state: "preview",
      label: "second_reading",
      preview: {
        articles: 9,
        chapters: 1,
        previous: {
          versionId: w.versionId,
          label: "first_reading",
          articles: 8,
          chapters: 0,
          summary: { added: 1, deleted: 0, modified: 1 },
        },
        swing: { large: false },
      },
    });
    expect(preview.importJob.unplaced.map((u: { text: string }) => u.text)).toEqual([
      "目录",
      "第一章 总则",
    ]);
    // The page never carries the kept document; nothing is published yet.
    expect(preview.importJob).not.toHaveProperty("document");
    expect(await versions(w.billId)).toHaveLength(1);

    const confirmed = await post(w, { intent: "confirm-import", importKey: "preview-key-0001" });
    expect(confirmed.status).toBe(302);
    // A second click finds it published and publishes nothing more.
    expect(
      (await post(w, { intent: "confirm-import", importKey: "preview-key-0001" })).status,
    ).toBe(302);
    const after = await versions(w.billId);
    expect(after.map((v) => v.label)).toEqual(["first_reading", "second_reading"]);
    expect((await page(w, "preview-key-0001")).importJob).toMatchObject({
      state: "done",
      versionId: after[1]!.id,
    });
    const [audit] = await audits("version.import", after[1]!.id);
    expect(audit).toMatchObject({
      actor_user_id: w.drafter.id,
      data: { articles: 9, previousArticles: 8, previousVersionId: w.versionId },
    });
    expect(audit!.data).not.toHaveProperty("swingReason");
  });

  it("leaves no reading when a preview is discarded or never confirmed", async () => {
    const w = await world();
    const next = [...ARTICLES, "本条例由市人民政府负责解释。"];
    await paste(w, pasted(next), "discard-key-0001");
    await paste(w, pasted(next.slice(1)), "abandon-key-0001");
    const discarded = await post(w, { intent: "discard-import", importKey: "discard-key-0001" });
    expect(discarded.status).toBe(302);
    expect((await page(w, "discard-key-0001")).importJob).toMatchObject({ state: "discarded" });
    // A discarded preview cannot be published afterwards.
    const late = await post(w, { intent: "confirm-import", importKey: "discard-key-0001" });
    expect(late.status).toBe(409);
    expect(late.data.message).toBe("bill.import.notPending");
    // The abandoned one is still only a preview; neither wrote a version or an audit row.
    expect((await page(w, "abandon-key-0001")).importJob.state).toBe("preview");
    expect(await versions(w.billId)).toHaveLength(1);
    const rows = await db()
      .selectFrom("audit_log")
      .select("id")
      .where("action", "in", ["version.import", "version.publish"])
      .where("actor_user_id", "=", w.drafter.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses a pasted reading identical to the latest one, writing nothing", async () => {
    const w = await world();
    // Spacing differs from the stored text; the words do not.
    const job = await paste(w, pasted(ARTICLES).replace(/　/g, " "), "same-key-00001");
    expect(job.importJob).toMatchObject({
      state: "failed",
      error: { message: "bill.publish.identical", detail: "first_reading" },
    });
    expect(await versions(w.billId)).toHaveLength(1);
  });

  it("refuses to publish the unchanged working draft as a second identical reading", async () => {
    const w = await world();
    const answer = await call(
      billRoute.action,
      formRequest(
        `/bills/${w.billId}`,
        { intent: "publish", label: "second_reading" },
        { cookie: w.cookie },
      ),
      ctx(),
      { billId: w.billId },
    );
    expect(answer.status).toBe(409);
    expect(answer.data).toMatchObject({
      ok: false,
      message: "bill.publish.identical",
      params: { label: "一审稿" },
    });
    expect(await versions(w.billId)).toHaveLength(1);
    expect(
      await db()
        .selectFrom("audit_log")
        .select("id")
        .where("action", "=", "version.publish")
        .where("actor_user_id", "=", w.drafter.id)
        .execute(),
    ).toEqual([]);
  });

  it("refuses an identical reading from the command line's import too", async () => {
    const w = await world();
    const refusal = await addReadingFromFile(db(), {
      billId: w.billId,
      bytes: new TextEncoder().encode(pasted(ARTICLES)),
      filename: "same.txt",
      label: "second_reading",
    }).catch((error: unknown) => error);
    expect(isServiceError(refusal) && refusal.messageKey).toBe("bill.publish.identical");
    expect(await versions(w.billId)).toHaveLength(1);
  });

  it("publishes a large swing only with a typed reason, which the audit log keeps", async () => {
    const w = await world();
    const unrelated = pasted([
      "为了保护古树名木，制定本条例。",
      "本条例自二〇二七年一月一日起施行。",
    ]);
    const preview = await paste(w, unrelated, "swing-key-00001");
    expect(preview.importJob.preview.swing).toEqual({
      previousArticles: 8,
      articles: 2,
      deleted: expect.any(Number),
      large: true,
    });

    const first = await post(w, { intent: "confirm-import", importKey: "swing-key-00001" });
    expect(first.status).toBe(409);
    expect(first.data).toMatchObject({
      message: "bill.publish.swingReason",
      swing: {
        request: { intent: "confirm-import", importKey: "swing-key-00001" },
        counts: { previous: 8, articles: 2 },
      },
    });
    const blank = await post(w, {
      intent: "confirm-import",
      importKey: "swing-key-00001",
      swingReason: "   ",
    });
    expect(blank.status).toBe(409);
    expect(await versions(w.billId)).toHaveLength(1);

    const reason = "常委会决定将本条例改为古树名木保护条例，条文全部重写。";
    const second = await post(w, {
      intent: "confirm-import",
      importKey: "swing-key-00001",
      swingReason: reason,
    });
    expect(second.status).toBe(302);
    const after = await versions(w.billId);
    expect(after).toHaveLength(2);
    const [audit] = await audits("version.import", after[1]!.id);
    expect(audit!.data).toMatchObject({
      swingReason: reason,
      articles: 2,
      previousArticles: 8,
      summary: { deleted: preview.importJob.preview.swing.deleted },
    });
  });

  it("publishes a draft that lost most of the latest reading only with a typed reason", async () => {
    const w = await world();
    // The drafter replaced the text with two new articles (new pids: the old eight are gone).
    await inTransaction(db(), (trx) =>
      replaceDraftDocument(trx, {
        billId: w.billId,
        document: sampleText(["为了保护古树名木，制定本条例。", "本条例自公布之日起施行。"], TITLE)
          .document,
        userId: w.drafter.id,
        published: false,
      }),
    );
    const publish = (fields: Record<string, string>) =>
      call(
        billRoute.action,
        formRequest(
          `/bills/${w.billId}`,
          { intent: "publish", label: "second_reading", note: "重写", ...fields },
          { cookie: w.cookie },
        ),
        ctx(),
        { billId: w.billId },
      );
    const first = await publish({});
    expect(first.status).toBe(409);
    expect(first.data).toMatchObject({
      message: "bill.publish.swingReason",
      swing: {
        request: { intent: "publish", label: "second_reading", note: "重写" },
        counts: { previous: 8, deleted: 8, articles: 2 },
      },
    });
    expect(await versions(w.billId)).toHaveLength(1);
    const second = await publish({ swingReason: "主任会议决定调整立法项目。" });
    expect(second.status).toBe(302);
    const after = await versions(w.billId);
    expect(after).toHaveLength(2);
    const [audit] = await audits("version.publish", after[1]!.id);
    expect(audit!.data).toEqual({
      label: "second_reading",
      previousVersionId: w.versionId,
      previousArticles: 8,
      articles: 2,
      deleted: 8,
      swingReason: "主任会议决定调整立法项目。",
    });
  });

  it("pairs a reading with the one before it on the comparison page by default", async () => {
    const w = await world();
    await paste(w, pasted([...ARTICLES, "本条例由市人民政府负责解释。"]), "pair-key-000001");
    await post(w, { intent: "confirm-import", importKey: "pair-key-000001" });
    await paste(w, pasted([...ARTICLES.slice(0, 7), "本条例自2027年起施行。"]), "pair-key-000002");
    await post(w, { intent: "confirm-import", importKey: "pair-key-000002" });
    const [first, second, third] = await versions(w.billId);
    const open = (query: string) =>
      call(compareRoute.loader, getRequest(`/bills/${w.billId}/compare${query}`), ctx(), {
        billId: w.billId,
      });
    expect((await open("")).data).toMatchObject({ from: second!.id, to: third!.id });
    expect((await open(`?to=${second!.id}`)).data).toMatchObject({
      from: first!.id,
      to: second!.id,
    });
    expect((await open(`?from=${first!.id}`)).data).toMatchObject({
      from: first!.id,
      to: second!.id,
    });
    // The oldest reading has none before it: no default pair, a reading is not compared with itself.
    expect((await open(`?to=${first!.id}`)).status).toBe(400);
    expect((await open(`?from=${first!.id}&to=${first!.id}`)).status).toBe(400);
  });

  it("downloads a reading as a PDF with its Chinese font embedded", async () => {
    const w = await world();
    const answer = await versionExport.loader({
      request: getRequest(`/bills/${w.billId}/versions/${w.versionId}/export/pdf`),
      context: ctx(),
      params: { billId: w.billId, versionId: w.versionId, format: "pdf" },
    } as never);
    expect(answer.headers.get("Content-Type")).toBe("application/pdf");
    expect(decodeURIComponent(answer.headers.get("Content-Disposition")!)).toContain(
      `${TITLE}-一审稿.pdf`,
    );
    const bytes = Buffer.from(await answer.arrayBuffer());
    const text = bytes.toString("latin1");
    expect(text.startsWith("%PDF-")).toBe(true);
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
    // The Noto CJK faces are embedded (subset, as CFF font files), not merely named.
    expect(text).toMatch(/\/FontFile[23]/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSerifCJKsc-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansCJKsc-Bold/);
  });
});
