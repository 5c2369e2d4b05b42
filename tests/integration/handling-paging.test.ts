import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import * as handling from "../../app/routes/handling.tsx";
import type { Channel } from "../../db/codes.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { listHandlingPage } from "../../db/queries/handling.ts";
import type { Database } from "../../db/schema.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

// The handling view beyond one page (issue 13): a consultation with more opinions than a page
// holds is read page by page in a stable order, each scope counts its own total, the links keep
// the scope and the filters, and a search finds an opinion wherever it sits.

const PAGE = 50;
const START = Date.parse("2026-10-01T00:00:00Z");

/** Two chapters: 第一章 (第一条 with a paragraph, 第二条), 第二章 (第三条). */
async function makeBill(db: Kysely<Database>, organizationId: string) {
  const { document } = sampleText(["甲"]);
  const [ch1, a1, a1p, a2, ch2, a3] = Array.from({ length: 6 }, () => randomUUID()) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const row = (
    pid: string,
    kind: "chapter" | "article" | "paragraph",
    ordinal: number,
    label: string,
    parentPid: string | null,
    text: string,
  ) => ({
    pid,
    kind,
    ordinal,
    number: ordinal + 1,
    label,
    headingPath: parentPid ? ["第一章 总则"] : [],
    text,
    parentPid,
  });
  const { versionId } = await makeBillWithVersion(db, {
    organizationId,
    document,
    provisions: [
      row(ch1, "chapter", 0, "第一章", null, "总则"),
      row(a1, "article", 1, "第一条", ch1, "为了规范民事关系，制定本法。"),
      row(a1p, "paragraph", 2, "", a1, "为了规范民事关系，制定本法。"),
      row(a2, "article", 3, "第二条", ch1, "本法调整平等主体之间的关系。"),
      row(ch2, "chapter", 4, "第二章", null, "合同"),
      row(a3, "article", 5, "第三条", ch2, "当事人订立合同，应当遵循诚信原则。"),
    ],
  });
  return { versionId, pids: { ch1, a1, a1p, a2, ch2, a3 } };
}

describe("the handling view, page by page", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /**
   * 130 opinions: on 第一条 (some on its paragraph), 第二条, 第三条 and the whole draft, several
   * sharing one second (the order must not depend on the clock alone), the 7 copies of one
   * letter campaign, a few letters, and one opinion (the 118th) that says 高空抛物.
   */
  async function world() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const bill = await makeBill(db, org);
    const consultationId = await makeConsultation(db, { versionId: bill.versionId });
    const user = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    const drafter = await signInCookie(ctx(), user);
    const on = [bill.pids.a1, bill.pids.a1p, bill.pids.a2, bill.pids.a3, null] as const;
    const rows = Array.from({ length: 130 }, (_, i) => {
      const pid = on[i % on.length]!;
      const campaign = i % 17 === 3;
      const channel: Channel = campaign || i % 11 === 0 ? "letter" : "online";
      const body = campaign
        ? `我们是${["海门", "启东"][i % 2]}的居民：建议删除本条第二款。`.replace(
            /海门|启东/,
            "本市",
          )
        : i === 117
          ? "建议对高空抛物造成损害的责任作出更明确的规定。"
          : `第${i}号意见：建议完善本条的表述。`;
      return {
        consultation_id: consultationId,
        version_id: bill.versionId,
        provision_pid: pid,
        scope: pid ? ("article" as const) : ("draft" as const),
        body,
        channel,
        headcount: i % 10 === 0 ? 3 : 1,
        status: "published" as const,
        receipt: `KMP${randomUUID().slice(0, 13)}`,
        lookup_code_hash: "x",
        // Three opinions a second: ties are broken by id.
        created_at: new Date(START + Math.floor(i / 3) * 1000),
      };
    });
    const ids = (
      await db.insertInto("opinions").values(rows).returning(["id", "created_at"]).execute()
    )
      .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    const byBody = async (body: string) =>
      (
        await db
          .selectFrom("opinions")
          .select("id")
          .where("consultation_id", "=", consultationId)
          .where("body", "=", body)
          .executeTakeFirstOrThrow()
      ).id;
    return { db, consultationId, drafter, ids, rows, byBody, ...bill };
  }
  type World = Awaited<ReturnType<typeof world>>;

  const view = async (w: World, query = "") => {
    const answer = await callRoute(
      handling.loader,
      getRequest(
        `/consultations/${w.consultationId}/handling${query.startsWith("?") || !query ? query : `?${query}`}`,
        w.drafter,
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(answer.status).toBe(200);
    return answer.data;
  };
  const shownIds = (data: { groups: { rows: { members: { id: string }[] }[] }[] }) =>
    data.groups.flatMap((g) => g.rows.flatMap((r) => r.members.map((m) => m.id)));
  /** Follows a page link (relative "?…", or the bare path for no parameters). */
  const follow = (w: World, link: string) =>
    view(w, link.startsWith("?") ? link : link.replace(/^[^?]*/, ""));

  it("reads every opinion once, page after page, in a stable order, and back again", async () => {
    const w = await world();
    const first = await view(w);
    expect(first.total).toBe(130);
    expect(first.people).toBe(130 + 2 * 13);
    expect(first.shown).toBe(PAGE);
    expect(first.pages.previous).toBeNull();
    expect(first.pages.first).toBeNull();
    const second = await follow(w, first.pages.next);
    const third = await follow(w, second.pages.next);
    expect(third.shown).toBe(30);
    expect(third.pages.next).toBeNull();
    // Within a page the rows are grouped by article; as a set, the pages are the order's slices.
    const pages = [first, second, third].map((p) => new Set(shownIds(p)));
    expect(pages.map((p) => p.size)).toEqual([50, 50, 30]);
    expect([...pages[0]!, ...pages[1]!, ...pages[2]!].sort()).toEqual([...w.ids].sort());
    expect(pages[1]).toEqual(new Set(w.ids.slice(50, 100)));
    expect(pages[2]).toEqual(new Set(w.ids.slice(100)));
    // Back from the third page: the second page again, then the first, which has no previous.
    const back = await follow(w, third.pages.previous);
    expect(new Set(shownIds(back))).toEqual(pages[1]);
    const start = await follow(w, back.pages.previous);
    expect(new Set(shownIds(start))).toEqual(pages[0]);
    expect(start.pages.previous).toBeNull();
    expect(start.pages.next).toBeTruthy();
    // Every page counts the whole scope, not itself.
    expect(third.total).toBe(130);
  });

  it("scopes by article (with its paragraphs), by chapter, by the whole draft and by channel, each with its total", async () => {
    const w = await world();
    const count = (pred: (r: World["rows"][number]) => boolean) => w.rows.filter(pred).length;
    const article = await view(w, `provision=${w.pids.a1}`);
    expect(article.total).toBe(
      count((r) => r.provision_pid === w.pids.a1 || r.provision_pid === w.pids.a1p),
    );
    expect(article.scope.provision).toBe("第一条");
    const chapter = await view(w, `provision=${w.pids.ch1}`);
    expect(chapter.total).toBe(
      count((r) => [w.pids.a1, w.pids.a1p, w.pids.a2].includes(r.provision_pid ?? "")),
    );
    expect(chapter.total).toBeGreaterThan(PAGE);
    // The next page of the chapter stays in the chapter.
    expect(chapter.pages.next).toContain(`provision=${w.pids.ch1}`);
    const chapterNext = await follow(w, chapter.pages.next);
    expect(chapterNext.shown).toBe(chapter.total - PAGE);
    expect(chapterNext.groups.map((g: { label: string | null }) => g.label).sort()).toEqual([
      "第一条",
      "第二条",
    ]);
    // The navigation counts every chapter and lists the articles of the chosen one.
    expect(
      chapter.outline.top.map((e: { label: string; count: number }) => [e.label, e.count]),
    ).toEqual([
      ["第一章", chapter.total],
      ["第二章", count((r) => r.provision_pid === w.pids.a3)],
    ]);
    expect(chapter.outline.articles.map((e: { label: string }) => e.label)).toEqual([
      "第一条",
      "第二条",
    ]);
    expect(chapter.outline.all).toBe(130);
    const draft = await view(w, "provision=draft");
    expect(draft.total).toBe(count((r) => r.provision_pid === null));
    expect(draft.groups.map((g: { label: string | null }) => g.label)).toEqual([null]);
    const letters = await view(w, `provision=${w.pids.ch1}&channel=letter`);
    expect(letters.total).toBe(
      count(
        (r) =>
          r.channel === "letter" &&
          [w.pids.a1, w.pids.a1p, w.pids.a2].includes(r.provision_pid ?? ""),
      ),
    );
    // A provision of another bill is no scope at all.
    expect((await view(w, `provision=${randomUUID()}`)).total).toBe(130);
  });

  it("scopes by handling state and disposition code, and a decision moves an opinion between them", async () => {
    const w = await world();
    expect((await view(w, "handled=no")).total).toBe(130);
    expect((await view(w, "handled=yes")).total).toBe(0);
    const late = w.ids[120]!;
    const saved = await callRoute(
      handling.action,
      formRequest(
        `/consultations/${w.consultationId}/handling`,
        { opinionId: late, code: "not_adopted", reason: "已有规定。" },
        { cookie: w.drafter },
      ),
      ctx(),
      { id: w.consultationId },
    );
    expect(saved.data).toMatchObject({ ok: true, count: 1 });
    const unhandled = await view(w, "handled=no");
    expect(unhandled.total).toBe(129);
    expect(unhandled.unhandled).toBe(129);
    const notAdopted = await view(w, "handled=not_adopted");
    expect(shownIds(notAdopted)).toEqual([late]);
    expect((await view(w, "handled=adopted")).total).toBe(0);
    // The drafters' working copy decides: a draft is handled for them.
    // Changed, the disposition moves it to its new code.
    await w.db
      .updateTable("disposition_work")
      .set({ code: "adopted", updated_at: new Date() })
      .where("opinion_id", "=", late)
      .execute();
    expect(shownIds(await view(w, "handled=adopted"))).toEqual([late]);
    await w.db.deleteFrom("disposition_work").where("opinion_id", "=", late).execute();
    expect((await view(w, "handled=no")).total).toBe(130);
  });

  it("finds an opinion beyond the first page by searching, within a scope too", async () => {
    const w = await world();
    const target = await w.byBody("建议对高空抛物造成损害的责任作出更明确的规定。");
    expect(w.ids.indexOf(target)).toBeGreaterThan(100);
    const first = await view(w);
    expect(shownIds(first)).not.toContain(target);
    const found = await view(w, `q=${encodeURIComponent("高空抛物")}`);
    expect(shownIds(found)).toEqual([target]);
    expect(found.total).toBe(1);
    // A two-character word, two words (both must occur), and a scope holding it or not.
    expect(shownIds(await view(w, `q=${encodeURIComponent("抛物")}`))).toEqual([target]);
    expect(shownIds(await view(w, `q=${encodeURIComponent("高空 损害")}`))).toEqual([target]);
    expect((await view(w, `q=${encodeURIComponent("高空 合同")}`)).total).toBe(0);
    const pid = w.rows[117]!.provision_pid;
    const inScope = await view(
      w,
      `provision=${pid ?? "draft"}&q=${encodeURIComponent("高空抛物")}`,
    );
    expect(shownIds(inScope)).toEqual([target]);
    const elsewhere = pid === w.pids.a3 ? w.pids.ch1 : w.pids.ch2;
    expect(
      (await view(w, `provision=${elsewhere}&q=${encodeURIComponent("高空抛物")}`)).total,
    ).toBe(0);
    // A common word pages like any scope, and its links keep the query.
    const common = await view(w, `q=${encodeURIComponent("完善")}`);
    expect(common.total).toBe(w.rows.filter((r) => r.body.includes("完善")).length);
    expect(common.pages.next).toContain(`q=${encodeURIComponent("完善")}`);
    const rest = await follow(w, common.pages.next);
    expect(rest.shown).toBe(Math.min(PAGE, common.total - PAGE));
    expect(shownIds(rest).filter((id) => shownIds(common).includes(id))).toEqual([]);
    // Words in thousands of opinions are found by walking the order instead of the index: the
    // same page either way.
    const scope = { words: ["完善"] };
    const byIndex = await listHandlingPage(w.db, w.consultationId, scope, { size: PAGE });
    const byWalk = await listHandlingPage(w.db, w.consultationId, scope, {
      size: PAGE,
      common: true,
    });
    expect(byWalk.rows.map((r) => r.id)).toEqual(byIndex.rows.map((r) => r.id));
    expect(byWalk.rows).toHaveLength(PAGE);
    expect(byWalk.rows.every((r) => r.body.includes("完善"))).toBe(true);
  });

  it("scopes by the copies of one wording across articles and channels", async () => {
    const w = await world();
    const copies = w.rows.filter((r) => r.body.startsWith("我们是本市的居民"));
    expect(copies.length).toBeGreaterThan(5);
    const one = await w.byBody(copies[0]!.body);
    const data = await view(w, `like=${one}`);
    expect(data.total).toBe(copies.length);
    expect(data.scope.like).toBe(copies[0]!.body);
    // Each row of a page says how many opinions share its wording and links to them.
    const all = await view(w);
    const head = Object.entries(
      all.rows as Record<string, { copies: number; copiesHref: string | null }>,
    ).find(([, r]) => r.copies > 1);
    expect(head![1].copies).toBe(copies.length);
    expect(head![1].copiesHref).toContain("like=");
  });

  it("opens one row for handling at a time, keeping the page", async () => {
    const w = await world();
    const first = await view(w);
    // Closed, no row has a form and the later readings are not even read.
    const links = Object.values(first.rows as Record<string, { open: boolean; openHref: string }>);
    expect(links.every((r) => !r.open)).toBe(true);
    const second = await follow(w, first.pages.next);
    const [headId, row] = Object.entries(
      second.rows as Record<string, { open: boolean; openHref: string }>,
    )[0]!;
    expect(row.openHref).toContain("after=");
    const opened = await follow(w, row.openHref.replace(/#.*$/, ""));
    expect(
      Object.entries(opened.rows as Record<string, { open: boolean }>)
        .filter(([, r]) => r.open)
        .map(([id]) => id),
    ).toEqual([headId]);
    expect(new Set(shownIds(opened))).toEqual(new Set(shownIds(second)));
  });
});
