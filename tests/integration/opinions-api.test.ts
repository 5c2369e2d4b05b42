import { describe, expect, it } from "vitest";
import * as consultationApi from "../../app/routes/api.consultation.ts";
import * as consultationsApi from "../../app/routes/api.consultations.ts";
import * as lookupApi from "../../app/routes/api.lookup.ts";
import * as opinionsApi from "../../app/routes/api.opinions.ts";
import type { AppContext } from "../../app/context.ts";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { useTestDatabase } from "../support/database.ts";
import { makeContext, settle } from "../support/routes.ts";

const DAY = 86_400_000;

describe("POST /api/v1/consultations/:id/opinions (CONTRACTS.md)", () => {
  const t = useTestDatabase();
  const ctx = (overrides: Partial<AppContext> = {}) =>
    makeContext(t.handle.db, t.handle.kind, overrides);

  async function openConsultation(
    overrides: Parameters<typeof makeConsultation>[1] extends infer T
      ? Partial<Omit<T & object, "versionId">>
      : never = {},
  ) {
    const org = await makeOrganization(t.handle.db);
    const { versionId } = await makeBillWithVersion(t.handle.db, { organizationId: org });
    const id = await makeConsultation(t.handle.db, { versionId, ...overrides });
    const article = await t.handle.db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", versionId)
      .where("kind", "=", "article")
      .orderBy("ordinal")
      .executeTakeFirstOrThrow();
    return { id, pid: article.pid };
  }

  function post(
    consultationId: string,
    body: unknown,
    key: string | null = crypto.randomUUID(),
    context = ctx(),
    headers: Record<string, string> = {},
  ) {
    const request = new Request(
      `http://localhost/api/v1/consultations/${consultationId}/opinions`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          ...(key ? { "Idempotency-Key": key } : {}),
          ...headers,
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      },
    );
    return settle(() =>
      opinionsApi.action({ request, context, params: { id: consultationId } } as never),
    );
  }

  it("creates an opinion on an article: 201 with id, receipt and lookup code", async () => {
    const c = await openConsultation();
    const created = await post(c.id, {
      provisionPid: c.pid,
      body: "建议增加养犬登记的具体期限。",
      proposedText: "应当在三十日内办理登记。",
      author: { name: "张三", region: "崇川区", respondentType: "individual" },
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.data).sort()).toEqual(["id", "lookupCode", "receipt"]);
    expect(created.data.receipt).toMatch(/^KM\d{8}[2-9A-Z]{6}$/);
    const row = await t.handle.db
      .selectFrom("opinions")
      .selectAll()
      .where("id", "=", created.data.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: "published",
      channel: "online",
      scope: "article",
      author_region: "崇川区",
    });
    expect(row.lookup_code_hash).not.toContain(created.data.lookupCode);
    const outbox = await t.handle.db
      .selectFrom("search_outbox")
      .select("entity")
      .where("entity_id", "=", created.data.id)
      .execute();
    expect(outbox).toEqual([{ entity: "opinion" }]);
  });

  it("answers a repeat with the first answer, refuses the key with another body (422), and needs a key (400)", async () => {
    const c = await openConsultation();
    const key = crypto.randomUUID();
    const first = await post(c.id, { provisionPid: c.pid, body: "第一份意见" }, key);
    const again = await post(c.id, { body: "第一份意见", provisionPid: c.pid }, key);
    expect(again.status).toBe(201);
    expect(again.data).toEqual(first.data);
    const different = await post(c.id, { provisionPid: c.pid, body: "另一份意见" }, key);
    expect(different.status).toBe(422);
    expect(different.data.error.code).toBe("idempotency_conflict");
    const noKey = await post(c.id, { provisionPid: c.pid, body: "没有键" }, null);
    expect(noKey.status).toBe(400);
    expect(noKey.data.error.message).toBe("请求缺少 Idempotency-Key 请求头。");
    // Keys are scoped to the consultation.
    const other = await openConsultation();
    expect(
      (await post(other.id, { provisionPid: other.pid, body: "第一份意见" }, key)).status,
    ).toBe(201);
    expect(
      await t.handle.db
        .selectFrom("opinions")
        .select("id")
        .where("consultation_id", "=", c.id)
        .execute(),
    ).toHaveLength(1);
  });

  it("stores one opinion for concurrent repeats", async () => {
    const c = await openConsultation();
    const key = crypto.randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => post(c.id, { provisionPid: c.pid, body: "并发提交" }, key)),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => a.data.id)).size).toBe(1);
    expect(
      await t.handle.db
        .selectFrom("opinions")
        .select("id")
        .where("consultation_id", "=", c.id)
        .execute(),
    ).toHaveLength(1);
  });

  it("refuses bad input with field messages in the request's language, and stores nothing", async () => {
    const c = await openConsultation();
    const blank = await post(c.id, { provisionPid: c.pid, body: "   " }, undefined, ctx(), {
      "Accept-Language": "en",
    });
    expect(blank.status).toBe(400);
    expect(blank.data.error.fields).toEqual({ body: "Please fill this in." });
    const long = await post(c.id, { provisionPid: c.pid, body: "长".repeat(5001) });
    expect(long.status).toBe(400);
    expect(long.data.error.fields.body).toBe("不能超过 5000 个字。");
    expect((await post(c.id, "{not json")).status).toBe(400);
    expect((await post(c.id, { provisionPid: c.pid, body: "多余字段", extra: 1 })).status).toBe(
      400,
    );
    expect(
      await t.handle.db
        .selectFrom("opinions")
        .select("id")
        .where("consultation_id", "=", c.id)
        .execute(),
    ).toEqual([]);
  });

  it("answers 404 for an unknown provision, 409 outside the comment period or where online opinions are not taken, 403 for anonymous where accounts are required", async () => {
    const c = await openConsultation();
    expect((await post(c.id, { provisionPid: "no-such-pid", body: "意见" })).status).toBe(404);
    const closed = await openConsultation({
      opensAt: new Date(Date.now() - 40 * DAY),
      closesAt: new Date(Date.now() - DAY),
    });
    const late = await post(closed.id, { provisionPid: closed.pid, body: "意见" });
    expect(late.status).toBe(409);
    expect(late.data.error).toMatchObject({
      code: "consultation_closed",
      message: "征求意见已经结束，不再接收意见。",
    });
    const upcoming = await openConsultation({
      opensAt: new Date(Date.now() + DAY),
      closesAt: new Date(Date.now() + 30 * DAY),
    });
    expect((await post(upcoming.id, { provisionPid: upcoming.pid, body: "意见" })).status).toBe(
      409,
    );
    const accounts = await openConsultation({ allowAnonymous: false });
    expect((await post(accounts.id, { provisionPid: accounts.pid, body: "意见" })).status).toBe(
      403,
    );
    // A consultation that gathers opinions offline only takes none online, and says so.
    const offline = await openConsultation({ channels: ["letter", "symposium"] });
    const refused = await post(offline.id, { provisionPid: offline.pid, body: "意见" });
    expect(refused.status).toBe(409);
    expect(refused.data.error).toMatchObject({
      code: "online_not_accepted",
      message: "本次征求意见不接收网上意见，请通过公告所列的其他渠道提出。",
    });
    // The whole draft: no provision, scope draft.
    expect((await post(c.id, { scope: "draft", body: "对草案整体的意见" })).status).toBe(201);
    expect(
      (await post(c.id, { scope: "draft", provisionPid: c.pid, body: "矛盾的范围" })).status,
    ).toBe(400);
  });

  it("limits submissions per address with 429 and Retry-After; replays do not count", async () => {
    const c = await openConsultation();
    const context = () => ctx({ clientIp: "198.51.100.9" });
    const key = crypto.randomUUID();
    expect((await post(c.id, { provisionPid: c.pid, body: "意见0" }, key, context())).status).toBe(
      201,
    );
    for (let i = 0; i < 10; i++)
      expect(
        (await post(c.id, { provisionPid: c.pid, body: "意见0" }, key, context())).status,
      ).toBe(201);
    for (let i = 1; i < 20; i++)
      expect(
        (await post(c.id, { provisionPid: c.pid, body: `意见${i}` }, undefined, context())).status,
      ).toBe(201);
    const limited = await post(c.id, { provisionPid: c.pid, body: "太多了" }, undefined, context());
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThan(0);
    // A replay still answers as before.
    expect((await post(c.id, { provisionPid: c.pid, body: "意见0" }, key, context())).status).toBe(
      201,
    );
  });

  it("answers from the consultation as it is now, not as an earlier submission found it", async () => {
    const c = await openConsultation();
    expect((await post(c.id, { provisionPid: c.pid, body: "结束前的意见" })).status).toBe(201);
    // The drafters close the period early, then switch it to pre-moderation and reopen it.
    await t.handle.db
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where("id", "=", c.id)
      .execute();
    const late = await post(c.id, { provisionPid: c.pid, body: "结束后的意见" });
    expect(late.status).toBe(409);
    expect(late.data.error.code).toBe("consultation_closed");
    await t.handle.db
      .updateTable("consultations")
      .set({ closes_at: new Date(Date.now() + DAY), moderation: "pre" })
      .where("id", "=", c.id)
      .execute();
    const held = await post(c.id, { provisionPid: c.pid, body: "重新开放后的意见" });
    expect(held.status).toBe(201);
    await t.handle.db
      .updateTable("consultations")
      .set({ moderation: "post" })
      .where("id", "=", c.id)
      .execute();
    expect((await post(c.id, { provisionPid: c.pid, body: "改回先发后审" })).status).toBe(201);
    const stored = await t.handle.db
      .selectFrom("opinions")
      .select(["body", "status"])
      .where("consultation_id", "=", c.id)
      .orderBy("created_at")
      .execute();
    expect(stored).toEqual([
      { body: "结束前的意见", status: "published" },
      { body: "重新开放后的意见", status: "pending" },
      { body: "改回先发后审", status: "published" },
    ]);
  });

  it("counts concurrent submissions from one address exactly: 20 taken, the rest 429", async () => {
    const c = await openConsultation();
    const context = () => ctx({ clientIp: "198.51.100.77" });
    // One to learn the consultation, then 24 at once (they share the limiter's statements).
    expect(
      (await post(c.id, { provisionPid: c.pid, body: "第一条意见" }, undefined, context())).status,
    ).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        post(c.id, { provisionPid: c.pid, body: `同时提交${i}` }, undefined, context()),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(19);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    const count = await t.handle.db
      .selectFrom("opinions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("consultation_id", "=", c.id)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(20);
  });

  it("publishes at once under post-moderation and lists opinions with masked names, page by page", async () => {
    const c = await openConsultation();
    for (let i = 0; i < 5; i++)
      await post(c.id, { provisionPid: c.pid, body: `意见${i}`, author: { name: "王小明" } });
    const pre = await openConsultation({ moderation: "pre" });
    await post(pre.id, { provisionPid: pre.pid, body: "待审核" });
    const list = (id: string, query = "") =>
      settle(() =>
        opinionsApi.loader({
          request: new Request(`http://localhost/api/v1/consultations/${id}/opinions${query}`),
          context: ctx(),
          params: { id },
        } as never),
      );
    const first = await list(c.id, `?provision=${c.pid}&limit=3`);
    expect(first.data.opinions).toHaveLength(3);
    expect(first.data.opinions[0].author).toEqual({
      name: "王**",
      region: null,
      respondentType: "individual",
    });
    const second = await list(c.id, `?provision=${c.pid}&limit=3&next=${first.data.next}`);
    expect(second.data.opinions).toHaveLength(2);
    expect(second.data.next).toBeNull();
    expect(
      new Set([...first.data.opinions, ...second.data.opinions].map((o: { id: string }) => o.id))
        .size,
    ).toBe(5);
    expect((await list(pre.id)).data.opinions).toEqual([]);
  });

  it("lists consultations and their provisions, and looks an opinion up by receipt and code only", async () => {
    const c = await openConsultation();
    const list = await settle(() =>
      consultationsApi.loader({
        request: new Request("http://localhost/api/v1/consultations"),
        context: ctx(),
        params: {},
      } as never),
    );
    expect(list.data.consultations.find((x: { id: string }) => x.id === c.id)).toMatchObject({
      status: "open",
      versionLabel: "first_reading",
    });
    const detail = await settle(() =>
      consultationApi.loader({
        request: new Request(`http://localhost/api/v1/consultations/${c.id}`),
        context: ctx(),
        params: { id: c.id },
      } as never),
    );
    expect(detail.data.provisions[0]).toMatchObject({ pid: c.pid, kind: "article", number: 1 });
    expect(Object.keys(detail.data.provisions[0]).sort()).toEqual([
      "kind",
      "label",
      "number",
      "parentPid",
      "pid",
      "text",
    ]);

    const created = await post(c.id, { provisionPid: c.pid, body: "查询测试" });
    const lookup = (receipt: string, code: string) =>
      settle(() =>
        lookupApi.loader({
          request: new Request(
            `http://localhost/api/v1/opinions/lookup?receipt=${receipt}&code=${code}`,
          ),
          context: ctx(),
          params: {},
        } as never),
      );
    const found = await lookup(created.data.receipt, created.data.lookupCode.toLowerCase());
    expect(found.status).toBe(200);
    expect(found.data).toMatchObject({
      id: created.data.id,
      status: "published",
      body: "查询测试",
    });
    expect((await lookup(created.data.receipt, "WRONGCODE")).status).toBe(404);
    expect((await lookup("", "")).status).toBe(400);
  });
});
