import { describe, expect, it } from "vitest";
import * as apiSearch from "../../app/routes/api.search.ts";
import * as handling from "../../app/routes/handling.tsx";
import * as readyz from "../../app/routes/readyz.ts";
import * as login from "../../app/routes/login.tsx";
import * as searchPage from "../../app/routes/search.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { noticeText } from "../../app/lib/notice-text.ts";
import {
  publishDispositions,
  reviewDispositions,
  saveDispositions,
} from "../../services/disposition-workflow.ts";
import { makeReviewer } from "../support/dispositions.ts";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce, startIndexer } from "../../search/indexer.ts";
import type { SearchEngine } from "../../search/types.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";

describe("search: outbox, indexer, permissions, API and pages", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const drainAll = async (engine: SearchEngine = embeddedEngine(t.handle.db)) => {
    for (;;) {
      const { claimed, error } = await drainOnce(t.handle.db, engine);
      if (error) throw new Error(error);
      if (!claimed) return;
    }
  };
  const signIn = async (user: { email: string; password: string }) =>
    cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );
  const api = (query: string, cookie?: string) =>
    callRoute(apiSearch.loader, getRequest(`/api/v1/search?${query}`, cookie), ctx());

  async function setup(options: { moderation?: "post" | "pre" } = {}) {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const marker = `标记${Math.random().toString(36).slice(2, 8)}`;
    const text = sampleText(
      [`集贸市场应当具备动物防疫条件，${marker}。`, "犬只应当按照规定免疫。"],
      `测试条例${marker}`,
    );
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      title: `测试条例${marker}`,
      label: "second_reading",
      ...text,
    });
    const consultationId = await makeConsultation(db, {
      versionId,
      moderation: options.moderation ?? "post",
    });
    const pid = (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", versionId)
        .where("kind", "=", "article")
        .orderBy("ordinal")
        .executeTakeFirstOrThrow()
    ).pid;
    const submit = async (body: string, key = Math.random().toString(36)) => {
      const input = { provisionPid: pid, body };
      const answer = await submitOpinion(db, {
        consultationId,
        key,
        hash: requestHash(input),
        body: input,
        userId: null,
      });
      return answer.id;
    };
    return { org, marker, billId, versionId, consultationId, pid, submit };
  }

  it("indexes articles and opinions through the outbox, with their bill, reading and disposition", async () => {
    const s = await setup();
    const opinionId = await s.submit(`关于${s.marker}的意见：建议明确集贸市场的责任。`);
    // The writes left outbox rows in their own transactions; nothing is searchable until drained.
    expect((await api(`q=${s.marker}`)).data.total).toBe(0);
    await drainAll();
    const found = await api(`q=${s.marker}`);
    expect(found.status).toBe(200);
    const kinds = found.data.hits.map((h: { kind: string }) => h.kind).sort();
    expect(kinds).toEqual(["bill", "opinion", "provision"]);
    const article = found.data.hits.find((h: { kind: string }) => h.kind === "provision");
    expect(article).toMatchObject({
      id: `${s.versionId}/${s.pid}`,
      billId: s.billId,
      versionId: s.versionId,
      pid: s.pid,
      number: 1,
    });
    expect(article.snippet).toContain(s.marker);
    const [from, to] = article.highlights[0];
    expect(article.snippet.slice(from, to)).toBe(s.marker);
    expect(found.data.facets.reading).toEqual({ second_reading: 2 });
    expect(found.data.totalIsEstimate).toBe(false);

    // A disposition in the drafters' working copy is not in the index; once published, it
    // changes the opinion's document (trigger on dispositions).
    const reviewer = await makeUser(t.handle.db);
    await makeReviewer(t.handle.db, s.billId, reviewer.id);
    await saveDispositions(t.handle.db, {
      consultationId: s.consultationId,
      billId: s.billId,
      versionSeq: 1,
      values: { opinionIds: [opinionId], code: "adopted", reason: "", changed: "" },
      submit: true,
      actorId: reviewer.id,
      ip: null,
    });
    await drainAll();
    const drafted = await api(`q=${s.marker}&kind=opinion`);
    expect(drafted.data.facets.disposition ?? {}).toEqual({});
    await reviewDispositions(t.handle.db, {
      consultationId: s.consultationId,
      opinionIds: [opinionId],
      decision: "approve",
      comment: "",
      actorId: reviewer.id,
      ip: null,
    });
    await publishDispositions(t.handle.db, {
      consultationId: s.consultationId,
      actorId: reviewer.id,
      ip: null,
      render: noticeText,
    });
    await drainAll();
    const adopted = await api(`q=${s.marker}&kind=opinion`);
    expect(adopted.data.facets.disposition).toEqual({ adopted: 1 });
    expect(adopted.data.hits.map((h: { id: string }) => h.id)).toEqual([opinionId]);
  });

  it("never blocks a write when the engine is down, and catches up once it is back", async () => {
    const s = await setup();
    const working = embeddedEngine(t.handle.db);
    let down = true;
    const flaky: SearchEngine = {
      ...working,
      async upsert(documents) {
        if (down) throw new Error("engine unreachable");
        return working.upsert(documents);
      },
    };
    const opinionId = await s.submit(`引擎停止时提交的意见${s.marker}`);
    const failed = await drainOnce(t.handle.db, flaky);
    expect(failed.error).toBe("engine unreachable");
    const kept = await t.handle.db
      .selectFrom("search_outbox")
      .select(["attempts", "last_error"])
      .where("entity", "=", "opinion")
      .where("entity_id", "=", opinionId)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ attempts: 1, last_error: "engine unreachable" });
    expect((await api(`q=${s.marker}&kind=opinion`)).data.total).toBe(0);
    const ready = await callRoute(readyz.loader, getRequest("/readyz"), ctx());
    expect(ready.data.checks.searchOutbox.pending).toBeGreaterThan(0);
    expect(ready.data.checks.searchOutbox.failing).toBeGreaterThan(0);

    // The engine comes back: the running indexer retries after its backoff and catches up.
    down = false;
    const indexer = startIndexer(t.handle.db, flaky, { pollMs: 100 });
    try {
      for (let i = 0; i < 200; i++) {
        if ((await api(`q=${s.marker}&kind=opinion`)).data.total === 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await indexer.stop();
    }
    expect((await api(`q=${s.marker}&kind=opinion`)).data.hits[0].id).toBe(opinionId);
  });

  it("finds a new opinion within seconds while the indexer runs", async () => {
    const s = await setup();
    await drainAll();
    const indexer = startIndexer(t.handle.db, embeddedEngine(t.handle.db), { pollMs: 200 });
    try {
      const opinionId = await s.submit(`新提交的意见：${s.marker}需要修改。`);
      let hits: { id: string }[] = [];
      for (let i = 0; i < 100 && !hits.length; i++) {
        await new Promise((r) => setTimeout(r, 100));
        hits = (await api(`q=${s.marker}&kind=opinion`)).data.hits;
      }
      expect(hits.map((h) => h.id)).toEqual([opinionId]);
    } finally {
      await indexer.stop();
    }
  });

  it("shows unpublished opinions to the bill's drafters only, never to the public", async () => {
    const s = await setup({ moderation: "pre" });
    const pending = await s.submit(`待审核的意见${s.marker}`);
    await drainAll();
    expect((await api(`q=${s.marker}&kind=opinion`)).data.hits).toEqual([]);
    const citizen = await signIn(await makeUser(t.handle.db));
    expect((await api(`q=${s.marker}&kind=opinion`, citizen)).data.hits).toEqual([]);
    const stranger = await signIn(
      await makeUser(t.handle.db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(t.handle.db) }],
      }),
    );
    expect((await api(`q=${s.marker}&kind=opinion`, stranger)).data.hits).toEqual([]);
    const drafter = await signIn(
      await makeUser(t.handle.db, { roles: [{ role: "drafter", organizationId: s.org }] }),
    );
    expect(
      (await api(`q=${s.marker}&kind=opinion`, drafter)).data.hits.map((h: { id: string }) => h.id),
    ).toEqual([pending]);
    // The search page follows the same rule.
    const publicPage = await callRoute(
      searchPage.loader,
      getRequest(`/search?q=${encodeURIComponent(s.marker)}`),
      ctx(),
    );
    expect(
      publicPage.data.search.result.hits.some(
        (h: { document: { kind: string } }) => h.document.kind === "opinion",
      ),
    ).toBe(false);

    // Published, it is public.
    await t.handle.db
      .updateTable("opinions")
      .set({ status: "published" })
      .where("id", "=", pending)
      .execute();
    await drainAll();
    expect(
      (await api(`q=${s.marker}&kind=opinion`)).data.hits.map((h: { id: string }) => h.id),
    ).toEqual([pending]);
  });

  it("filters the drafters' handling view by a query", async () => {
    const s = await setup();
    const about = await s.submit(`建议${s.marker}增加停车收费的规定。`);
    await s.submit(`${s.marker}其他内容。`);
    await drainAll();
    const drafter = await signIn(
      await makeUser(t.handle.db, { roles: [{ role: "drafter", organizationId: s.org }] }),
    );
    const page = await callRoute(
      handling.loader,
      getRequest(
        `/consultations/${s.consultationId}/handling?q=${encodeURIComponent("停车收费")}`,
        drafter,
      ),
      ctx(),
      { id: s.consultationId },
    );
    const ids = (page.data.groups as { rows: { members: { id: string }[] }[] }[]).flatMap((g) =>
      g.rows.flatMap((r) => r.members.map((m) => m.id)),
    );
    expect(ids).toEqual([about]);
  });

  it("answers 400 in the contract's error shape for an empty query or a bad kind", async () => {
    const empty = await api("q=%20%20");
    expect(empty.status).toBe(400);
    expect(empty.data).toEqual({
      error: {
        code: "bad_request",
        message: "请输入要搜索的词语。",
        fields: { q: "请输入要搜索的词语。" },
      },
    });
    const english = await callRoute(
      apiSearch.loader,
      getRequest("/api/v1/search", undefined, { "Accept-Language": "en" }),
      ctx(),
    );
    expect(english.data.error.message).toBe("Enter words to search for.");
    expect((await api("q=法&kind=article")).status).toBe(400);
  });

  it("pages with a next cursor", async () => {
    const s = await setup();
    for (let i = 0; i < 5; i++) await s.submit(`第${i}条意见 ${s.marker}`);
    await drainAll();
    const first = await api(`q=${s.marker}&kind=opinion&limit=3`);
    expect(first.data.hits).toHaveLength(3);
    expect(first.data.total).toBe(5);
    const second = await api(`q=${s.marker}&kind=opinion&limit=3&next=${first.data.next}`);
    expect(second.data.hits).toHaveLength(2);
    expect(second.data.next).toBeNull();
    const ids = [...first.data.hits, ...second.data.hits].map((h: { id: string }) => h.id);
    expect(new Set(ids).size).toBe(5);
  });
});
