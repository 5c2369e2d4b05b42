import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub, Outlet } from "react-router";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "../../app/api/openapi.ts";
import * as apiSearch from "../../app/routes/api.search.ts";
import * as handling from "../../app/routes/handling.tsx";
import * as healthz from "../../app/routes/healthz.ts";
import * as readyz from "../../app/routes/readyz.ts";
import * as reportExport from "../../app/routes/report-export.ts";
import * as searchPage from "../../app/routes/search.tsx";
import { connectDatabase } from "../../db/client.ts";
import { makeOrganization, makeUser, sampleText } from "../../db/factories.ts";
import { insertBill, insertVersion } from "../../db/queries/bills.ts";
import type { Database } from "../../db/schema.ts";
import type { Kysely } from "kysely";
import { embeddedEngine } from "../../search/embedded.ts";
import { drainOnce } from "../../search/indexer.ts";
import { meilisearchEngine } from "../../search/meilisearch.ts";
import * as searchVisibility from "../../db/migrations/0011_search_visibility.ts";
import type { SearchEngine } from "../../search/types.ts";
import { useTestDatabase } from "../support/database.ts";
import { checkSchema } from "../support/openapi.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { callRoute, getRequest, makeContext, signInCookie } from "../support/routes.ts";

// Issue 11: search must not leak unpublished bills or a contact point's unsubmitted opinions,
// must answer 503 (not 500) when its engine is down, and /readyz must say when it is degraded.

const marker = () => `标记${Math.random().toString(36).slice(2, 8)}`;

describe("search under faults: visibility, engine down, readiness", () => {
  const t = useTestDatabase();
  const ctx = (overrides: Parameters<typeof makeContext>[2] = {}) =>
    makeContext(t.handle.db, t.handle.kind, overrides);
  const drainAll = async (engine: SearchEngine = embeddedEngine(t.handle.db)) => {
    // Rows a failing engine pushed into the future are due again now.
    await sql`UPDATE search_outbox SET available_at = now()`.execute(t.handle.db);
    for (;;) {
      const { claimed, error } = await drainOnce(t.handle.db, engine);
      if (error) throw new Error(error);
      if (!claimed) return;
    }
  };
  const signIn = (user: { email: string; password: string }) => signInCookie(ctx(), user);
  const api = (query: string, cookie?: string, context = ctx()) =>
    callRoute(apiSearch.loader, getRequest(`/api/v1/search?${query}`, cookie), context);
  const ids = (answer: { data: { hits: { id: string }[] } }) =>
    answer.data.hits.map((h) => h.id).sort();

  it("keeps an unpublished bill's title out of public search; its drafters still find it", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const m = marker();
    const text = sampleText(["为了测试，制定本条例。"], `未公布条例${m}`);
    const billId = await insertBill(db, {
      organizationId: org,
      title: `未公布条例${m}`,
      kind: "new",
      document: text.document,
    });
    await drainAll();

    expect((await api(`q=${m}`)).data.hits).toEqual([]);
    const page = await callRoute(
      searchPage.loader,
      getRequest(`/search?q=${encodeURIComponent(m)}`),
      ctx(),
    );
    expect(page.data.search.result.hits).toEqual([]);
    expect(page.data.search.result.facets.bill).toEqual({});
    const citizen = await signIn(await makeUser(db));
    expect((await api(`q=${m}`, citizen)).data.hits).toEqual([]);
    const stranger = await signIn(
      await makeUser(db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(db) }],
      }),
    );
    expect((await api(`q=${m}`, stranger)).data.hits).toEqual([]);
    const drafter = await signIn(
      await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] }),
    );
    expect(ids(await api(`q=${m}`, drafter))).toEqual([billId]);

    // Its first reading makes it public.
    await insertVersion(db, {
      billId,
      label: "solicitation",
      title: `未公布条例${m}`,
      document: text.document,
      provisions: text.provisions,
    });
    await drainAll();
    expect(ids(await api(`q=${m}&kind=bill`))).toEqual([billId]);
  });

  it("takes an already indexed unpublished bill out of public search once migrated", async () => {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const m = marker();
    const billId = await insertBill(db, {
      organizationId: org,
      title: `旧索引中的条例${m}`,
      kind: "new",
      document: sampleText(["为了测试。"]).document,
    });
    await drainAll();
    // An index built before the fix holds the bill as public.
    await sql`UPDATE search_documents SET published = true WHERE entity_id = ${billId}`.execute(db);
    expect(ids(await api(`q=${m}`))).toEqual([billId]);
    await searchVisibility.up(db);
    await drainAll();
    expect((await api(`q=${m}`)).data.hits).toEqual([]);
  });

  it("hides a contact point's unsubmitted opinions from the drafters' search and ?all=1 export", async () => {
    const db = t.handle.db;
    const f = await reportFixture(db);
    const m = marker();
    const draft = await f.submission(f.pointA, "draft");
    const unsubmitted = await f.addOpinion({
      channel: "symposium",
      contactPointId: f.pointA,
      submissionId: draft,
      body: `联系点草稿中的意见${m}`,
    });
    const submittedReport = await f.submission(f.pointB, "submitted");
    const submitted = await f.addOpinion({
      channel: "visit",
      contactPointId: f.pointB,
      submissionId: submittedReport,
      body: `联系点已报送的意见${m}`,
    });
    // Stored with a contact point but in no report at all: never submitted either.
    await f.addOpinion({
      channel: "letter",
      contactPointId: f.pointA,
      body: `联系点无报告的意见${m}`,
    });
    await drainAll();

    const drafter = await signIn(
      await makeUser(db, { roles: [{ role: "drafter", organizationId: f.organizationId }] }),
    );
    expect(ids(await api(`q=${m}&kind=opinion`, drafter))).toEqual([submitted]);
    expect(ids(await api(`q=${m}&kind=opinion`))).toEqual([submitted]);
    const exported = async () => {
      const answer = (await reportExport.loader({
        request: getRequest(
          `/consultations/${f.consultationId}/export/opinions.csv?all=1`,
          drafter,
        ),
        context: ctx(),
        params: { id: f.consultationId, file: "opinions.csv" },
      } as never)) as Response;
      expect(answer.status).toBe(200);
      return answer.text();
    };
    const before = await exported();
    expect(before).toContain(`联系点已报送的意见${m}`);
    expect(before).not.toContain(`联系点草稿中的意见${m}`);
    expect(before).not.toContain(`联系点无报告的意见${m}`);

    // Once the point submits its report, the drafters see (and the public finds) its opinion.
    await db
      .updateTable("submissions")
      .set({ status: "submitted", submitted_at: new Date() })
      .where("id", "=", draft)
      .execute();
    await drainAll();
    expect(ids(await api(`q=${m}&kind=opinion`, drafter))).toEqual([submitted, unsubmitted].sort());
    expect(await exported()).toContain(`联系点草稿中的意见${m}`);
  });

  describe("with the engine down", () => {
    const unreachable = () =>
      ctx({ search: meilisearchEngine({ url: "http://127.0.0.1:2", indexUid: "kaimen_test" }) });
    const failing = (): SearchEngine => ({
      ...embeddedEngine(t.handle.db),
      async search() {
        throw new Error("connect ECONNREFUSED 10.0.0.9:7700");
      },
    });

    it("answers the API with 503 search_unavailable, Retry-After, in the documented shape", async () => {
      const answer = await api("q=%E6%B3%95", undefined, unreachable());
      expect(answer.status).toBe(503);
      expect(answer.data).toEqual({
        error: { code: "search_unavailable", message: "搜索暂时不可用，请稍后再试。" },
      });
      expect(answer.headers.get("Retry-After")).toBe("30");
      expect(answer.headers.get("Cache-Control")).toBe("no-store");
      const documented = (openApiDocument.paths["/search"].get.responses as Record<string, any>)[
        "503"
      ];
      expect(documented?.headers?.["Retry-After"]?.required).toBe(true);
      expect(
        checkSchema(
          openApiDocument as never,
          documented.content["application/json"].schema,
          answer.data,
        ),
      ).toEqual([]);

      const english = await callRoute(
        apiSearch.loader,
        getRequest("/api/v1/search?q=law", undefined, { "Accept-Language": "en" }),
        ctx({ search: failing() }),
      );
      expect(english.status).toBe(503);
      expect(english.data.error).toEqual({
        code: "search_unavailable",
        message: "Search is temporarily unavailable. Please try again later.",
      });
      // The checks that need no engine still answer as before.
      expect((await api("q=", undefined, unreachable())).status).toBe(400);
    });

    it("answers the page with 503 and says so in the reader's language, search box kept", async () => {
      const answer = await callRoute(
        searchPage.loader,
        getRequest(`/search?q=${encodeURIComponent("集贸市场")}`),
        ctx({ search: failing() }),
      );
      expect(answer.status).toBe(503);
      expect(answer.headers.get("Retry-After")).toBe("30");
      expect(answer.data).toMatchObject({ unavailable: true, search: null });
      const headers = searchPage.headers({
        loaderHeaders: answer.headers,
        parentHeaders: new Headers(),
        actionHeaders: new Headers(),
        errorHeaders: undefined,
      } as never);
      expect(new Headers(headers).get("Retry-After")).toBe("30");

      const render = (locale: "zh-CN" | "en") => {
        const Stub = createRoutesStub([
          {
            id: "root",
            path: "/",
            Component: () => createElement(Outlet),
            children: [{ id: "search", path: "search", Component: searchPage.default as never }],
          },
        ] as never);
        return renderToString(
          createElement(Stub, {
            initialEntries: ["/search?q=集贸市场"],
            hydrationData: {
              loaderData: {
                root: {
                  locale,
                  timeZone: "Asia/Shanghai",
                  csrfToken: "",
                  cspNonce: "",
                  user: null,
                },
                search: answer.data,
              },
            },
          } as never),
        );
      };
      const zh = render("zh-CN");
      expect(zh).toContain("搜索暂时不可用，请稍后再试。");
      expect(zh).toContain('role="search"');
      expect(zh).toContain('value="集贸市场"');
      expect(render("en")).toContain("Search is temporarily unavailable. Please try again later.");

      // Without a query the page needs no engine.
      const blank = await callRoute(
        searchPage.loader,
        getRequest("/search"),
        ctx({ search: failing() }),
      );
      expect(blank.status).toBe(200);
    });

    it("keeps the drafters' handling search working: it reads the database, not the engine", async () => {
      const db = t.handle.db;
      const f = await reportFixture(db);
      const m = marker();
      await f.addOpinion({ body: `网上意见${m}` });
      const drafter = await signIn(
        await makeUser(db, { roles: [{ role: "drafter", organizationId: f.organizationId }] }),
      );
      const answer = await callRoute(
        handling.loader,
        getRequest(`/consultations/${f.consultationId}/handling?q=${m}`, drafter),
        ctx({ search: failing() }),
        { id: f.consultationId },
      );
      expect(answer.status).toBe(200);
      expect(answer.data.total).toBe(1);
      expect(answer.data.groups[0].rows[0].members[0].body).toBe(`网上意见${m}`);
    });
  });

  describe("/readyz", () => {
    const ready = (context = ctx()) => callRoute(readyz.loader, getRequest("/readyz"), context);
    const health = (context = ctx()) => callRoute(healthz.loader, getRequest("/healthz"), context);

    it("is ready with the database up, migrations current and the outbox drained", async () => {
      await drainAll();
      const answer = await ready();
      expect(answer.status).toBe(200);
      expect(answer.headers.get("Cache-Control")).toBe("no-store");
      expect(answer.data).toMatchObject({
        status: "ok",
        checks: {
          database: { ok: true, kind: t.handle.kind },
          migrations: { ok: true, pending: [] },
          searchOutbox: { ok: true, engine: "embedded", failingBeyondBound: 0 },
        },
      });
    });

    it("reports degraded (503) while the engine keeps failing, and /healthz stays alive", async () => {
      const db = t.handle.db;
      await drainAll();
      const org = await makeOrganization(db);
      await insertBill(db, {
        organizationId: org,
        title: `索引失败${marker()}`,
        kind: "new",
        document: sampleText(["为了测试。"]).document,
      });
      const down: SearchEngine = {
        ...embeddedEngine(db),
        async upsert() {
          throw new Error("engine unreachable");
        },
      };
      for (let i = 0; i < 3; i++) {
        await sql`UPDATE search_outbox SET available_at = now()`.execute(db);
        expect((await drainOnce(db, down)).error).toBe("engine unreachable");
        // One failure is a blip, not yet degraded.
        if (i === 0) expect((await ready()).status).toBe(200);
      }
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.data.status).toBe("degraded");
      expect(answer.data.checks.searchOutbox).toMatchObject({ ok: false, failing: 1 });
      expect(answer.data.checks.searchOutbox.failingBeyondBound).toBeGreaterThan(0);
      expect(JSON.stringify(answer.data)).not.toContain("engine unreachable");
      const alive = await health();
      expect(alive.status).toBe(200);
      expect(alive.data.status).toBe("ok");

      await drainAll();
      expect((await ready()).status).toBe(200);
    });

    it("reports degraded when the oldest outbox row waits beyond the bound", async () => {
      const db = t.handle.db;
      await drainAll();
      await db
        .insertInto("search_outbox")
        .values({
          entity: "bill",
          entity_id: "no-such-bill",
          op: "upsert",
          created_at: new Date(Date.now() - 10 * 60_000),
        })
        .execute();
      const answer = await ready();
      expect(answer.status).toBe(503);
      expect(answer.data.checks.searchOutbox.ok).toBe(false);
      expect(answer.data.checks.searchOutbox.oldestSeconds).toBeGreaterThan(300);
      await drainAll();
      expect((await ready()).status).toBe(200);
    });

    it("reports degraded when a migration has not been applied", async () => {
      await drainAll();
      const rollback = new Error("rollback");
      const answer = await t.handle.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .deleteFrom("kysely_migration" as never)
            .where("name" as never, "=", "0010_submission_publishes" as never)
            .execute();
          const outcome = await ready(ctx({ db: trx as Kysely<Database> }));
          throw Object.assign(rollback, { outcome });
        })
        .catch((e: Error & { outcome?: Awaited<ReturnType<typeof ready>> }) => {
          if (e !== rollback) throw e;
          return e.outcome!;
        });
      expect(answer.status).toBe(503);
      expect(answer.data.status).toBe("degraded");
      expect(answer.data.checks.migrations).toEqual({
        ok: false,
        pending: ["0010_submission_publishes"],
      });
      expect((await ready()).status).toBe(200);
    });

    it("reports degraded when the database is unreachable, while /healthz says the process is alive", async () => {
      const nowhere = await connectDatabase({
        databaseUrl: "postgres://kaimen:kaimen@127.0.0.1:1/kaimen",
      });
      try {
        const context = makeContext(nowhere.db, nowhere.kind);
        const answer = await ready(context);
        expect(answer.status).toBe(503);
        expect(answer.data).toMatchObject({
          status: "degraded",
          checks: { database: { ok: false, kind: "postgres", error: "unreachable" } },
        });
        expect(JSON.stringify(answer.data)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
        const alive = await health(context);
        expect(alive.status).toBe(200);
        expect(alive.data).toMatchObject({ status: "ok", database: { ok: false } });
      } finally {
        await nowhere.close();
      }
    });
  });
});
