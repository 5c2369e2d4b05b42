import { describe, expect, it } from "vitest";
import * as apiOpinions from "../../app/routes/api.opinions.ts";
import * as consultationPage from "../../app/routes/consultation.tsx";
import * as draftOpinions from "../../app/routes/draft-opinions.tsx";
import * as login from "../../app/routes/login.tsx";
import * as me from "../../app/routes/me.tsx";
import * as opinionNew from "../../app/routes/opinion-new.tsx";
import * as provisionOpinions from "../../app/routes/provision-opinions.tsx";
import { translator } from "../../app/i18n/index.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";

const ARTICLE_ONE = "经营动物的集贸市场应当具备动物防疫条件；县级人民政府可以决定禁止活禽交易。";

describe("participation: quotes, public lists, 附议, earlier readings", () => {
  const t = useTestDatabase();
  const ctx = (ip?: string) => makeContext(t.handle.db, t.handle.kind, ip ? { clientIp: ip } : {});
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

  /** A bill whose first reading had a (closed) consultation and whose second has an open one. */
  async function twoReadings() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const text = sampleText([ARTICLE_ONE, "本条例自公布之日起施行。"]);
    const { billId, versionId: first } = await makeBillWithVersion(db, {
      organizationId: org,
      label: "first_reading",
      ...text,
    });
    // The second reading keeps the pids (readings carry them forward).
    const second = await insertVersion(db, {
      billId,
      label: "second_reading",
      title: "二审稿",
      document: text.document,
      provisions: text.provisions,
    });
    const day = 86_400_000;
    const closed = await makeConsultation(db, {
      versionId: first,
      opensAt: new Date(Date.now() - 60 * day),
      closesAt: new Date(Date.now() - 30 * day),
    });
    const open = await makeConsultation(db, { versionId: second });
    const [article, last] = text.provisions.map((p) => p.pid) as [string, string];
    return { billId, first, second, closed, open, article, last };
  }

  let keys = 0;
  async function opinion(
    consultationId: string,
    body: Record<string, unknown>,
    userId: string | null = null,
    now?: Date,
  ) {
    const answer = await submitOpinion(t.handle.db, {
      consultationId,
      key: `key-${++keys}`,
      hash: requestHash(body),
      body,
      userId,
      ...(now ? { now } : {}),
    });
    return answer.id;
  }

  it("stores a quoted sentence or selection with its offsets, and refuses a quote that is not the article's text", async () => {
    const db = t.handle.db;
    const { open, article } = await twoReadings();
    const citizen = await makeUser(db);
    const cookie = await signIn(citizen);
    const submit = (fields: Record<string, string>) =>
      callRoute(
        opinionNew.action,
        formRequest(`/consultations/${open}/opinions/new`, { pid: article, ...fields }, { cookie }),
        ctx(),
        { id: open },
      );
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("opinions")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("consultation_id", "=", open)
            .executeTakeFirstOrThrow()
        ).n,
      );

    // A sentence picked from the list (works without script): "start:end" of the text.
    const start = ARTICLE_ONE.indexOf("县级");
    const sentence = await submit({
      body: "活禽交易的禁止应当有过渡期。",
      quote: `${start}:${ARTICLE_ONE.length}`,
      idempotencyKey: "q1",
    });
    expect(sentence.data).toMatchObject({ ok: true });
    expect(
      await db
        .selectFrom("opinions")
        .select(["quote_text", "quote_start", "quote_end"])
        .where("idempotency_key", "=", "q1")
        .executeTakeFirstOrThrow(),
    ).toEqual({
      quote_text: "县级人民政府可以决定禁止活禽交易。",
      quote_start: start,
      quote_end: ARTICLE_ONE.length,
    });

    // A selection made in the text area: its text is sent and checked against the span.
    const selection = await submit({
      body: "“动物防疫条件”应当列明。",
      quote: "selection",
      quoteText: "动物防疫条件",
      quoteStart: String(ARTICLE_ONE.indexOf("动物防疫条件")),
      quoteEnd: String(ARTICLE_ONE.indexOf("动物防疫条件") + 6),
      idempotencyKey: "q2",
    });
    expect(selection.data).toMatchObject({ ok: true });

    const before = await count();
    // Text that is not that span of the article: refused with a clear message, nothing stored.
    const wrong = await submit({
      body: "意见",
      quote: "selection",
      quoteText: "动物防疫条件",
      quoteStart: "0",
      quoteEnd: "6",
      idempotencyKey: "q3",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.fields).toEqual({ quote: "api.quoteMismatch" });
    // A span past the end of the text.
    const past = await submit({
      body: "意见",
      quote: `${start}:${ARTICLE_ONE.length + 40}`,
      idempotencyKey: "q4",
    });
    expect(past.status).toBe(400);
    expect(await count()).toBe(before);

    // Through the API: the same check, and a quote on the whole draft is refused, not a 500.
    const api = (body: unknown, key: string) =>
      callRoute(
        apiOpinions.action,
        new Request(`http://localhost/api/v1/consultations/${open}/opinions`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "Idempotency-Key": key },
          body: JSON.stringify(body),
        }),
        ctx(),
        { id: open },
      );
    const mismatch = await api(
      { provisionPid: article, body: "意见", quote: { text: "不在条文中", start: 0, end: 5 } },
      "api-q1",
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.data.error.fields).toEqual({ quote: "引用的文字与条文不一致。" });
    const onDraft = await api(
      { scope: "draft", body: "意见", quote: { text: "经营动物", start: 0, end: 4 } },
      "api-q2",
    );
    expect(onDraft.status).toBe(400);
    expect(await count()).toBe(before);

    // The quote is shown with the opinion: in the public list and under 我的意见.
    const list = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${open}/provisions/${article}`),
      ctx(),
      { id: open, pid: article },
    );
    expect(list.data.opinions.map((o: { quoteText: string }) => o.quoteText).sort()).toEqual(
      ["动物防疫条件", "县级人民政府可以决定禁止活禽交易。"].sort(),
    );
    const mine = await callRoute(me.loader, getRequest("/me", cookie), ctx());
    expect(mine.data.opinions.map((o: { quote_text: string }) => o.quote_text)).toContain(
      "动物防疫条件",
    );
  });

  it("lets a signed-in person support an opinion once, withdraw it, and nobody else", async () => {
    const db = t.handle.db;
    const { open, closed, article } = await twoReadings();
    const author = await makeUser(db);
    const opinionId = await opinion(
      open,
      { provisionPid: article, body: "建议增加罚则。" },
      author.id,
    );
    const earlier = await opinion(
      closed,
      { provisionPid: article, body: "一审稿上的意见。" },
      null,
      new Date(Date.now() - 45 * 86_400_000),
    );
    const supporter = await signIn(await makeUser(db));
    const path = `/consultations/${open}/provisions/${article}`;
    const press = (cookie: string | undefined, fields: Record<string, string>, csrf?: null) =>
      callRoute(
        provisionOpinions.action,
        formRequest(path, fields, {
          ...(cookie ? { cookie } : {}),
          ...(csrf === null ? { csrf } : {}),
        }),
        ctx(),
        { id: open, pid: article },
      );
    const shown = async (cookie?: string) =>
      (
        await callRoute(provisionOpinions.loader, getRequest(path, cookie), ctx(), {
          id: open,
          pid: article,
        })
      ).data.opinions.find((o: { id: string }) => o.id === opinionId);

    // Not signed in: sent to sign in, nothing stored; the page offers a sign-in link.
    const anonymous = await press(undefined, { opinionId, intent: "support" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?next=/);
    expect(await shown()).toMatchObject({ supports: 0, supported: false });

    // Without the CSRF token: refused.
    expect((await press(supporter, { opinionId, intent: "support" }, null)).status).toBe(403);

    const first = await press(supporter, { opinionId, intent: "support" });
    expect(first.data).toEqual({ opinionId, outcome: "added", supports: 1 });
    // Pressing 附议 again (a double submit, a stale page) is answered, and counts once.
    const again = await press(supporter, { opinionId, intent: "support" });
    expect(again.data).toEqual({ opinionId, outcome: "already", supports: 1 });
    expect(await shown(supporter)).toMatchObject({ supports: 1, supported: true });
    expect(await shown()).toMatchObject({ supports: 1, supported: false });
    const rows = await db
      .selectFrom("supports")
      .selectAll()
      .where("opinion_id", "=", opinionId)
      .execute();
    expect(rows).toHaveLength(1);

    // The API counts it too.
    const api = await callRoute(
      apiOpinions.loader,
      getRequest(`/api/v1/consultations/${open}/opinions?provision=${article}`),
      ctx(),
      { id: open },
    );
    expect(api.data.opinions.find((o: { id: string }) => o.id === opinionId).supports).toBe(1);

    // 取消附议 withdraws it.
    const withdrawn = await press(supporter, { opinionId, intent: "unsupport" });
    expect(withdrawn.data).toEqual({ opinionId, outcome: "withdrawn", supports: 0 });
    expect(await shown(supporter)).toMatchObject({ supports: 0, supported: false });

    // Authors cannot support their own opinion; earlier readings' consultations are closed.
    const own = await press(await signIn(author), { opinionId, intent: "support" });
    expect(own.status).toBe(403);
    expect(own.data.outcome).toBe("own");
    const late = await press(supporter, { opinionId: earlier, intent: "support" });
    expect(late.status).toBe(409);
    expect(late.data.outcome).toBe("closed");

    // A hidden opinion cannot be supported.
    await db
      .updateTable("opinions")
      .set({ status: "hidden", hidden_reason: "广告" })
      .where("id", "=", opinionId)
      .execute();
    const hidden = await press(supporter, { opinionId, intent: "support" });
    expect(hidden.status).toBe(404);
    expect(
      await db
        .selectFrom("supports")
        .select("user_id")
        .where("opinion_id", "=", opinionId)
        .execute(),
    ).toEqual([]);
    expect(
      (
        await db
          .selectFrom("audit_log")
          .select("action")
          .where("subject_id", "=", opinionId)
          .orderBy("id")
          .execute()
      )
        .map((a) => a.action)
        .sort(),
    ).toEqual(["opinion.support", "opinion.unsupport"]);
  });

  it("limits how often one address can press 附议", async () => {
    const db = t.handle.db;
    const { open, article } = await twoReadings();
    const opinionId = await opinion(open, { provisionPid: article, body: "意见。" });
    const cookie = await signIn(await makeUser(db));
    const ip = "10.9.8.7";
    let last = 0;
    for (let i = 0; i < 61; i++) {
      const answer = await callRoute(
        provisionOpinions.action,
        formRequest(
          `/consultations/${open}/provisions/${article}`,
          { opinionId, intent: i % 2 ? "unsupport" : "support" },
          { cookie },
        ),
        ctx(ip),
        { id: open, pid: article },
      );
      last = answer.status;
      if (i < 60) expect(answer.status).toBe(200);
      else expect(answer.headers.get("Retry-After")).toMatch(/^\d+$/);
    }
    expect(last).toBe(429);
  });

  it("shows a hidden opinion as a placeholder with the reason, never its text; pending ones not at all", async () => {
    const db = t.handle.db;
    const { open, article } = await twoReadings();
    const hiddenId = await opinion(open, {
      provisionPid: article,
      body: "机密的广告文字 ABC-SECRET",
      proposedText: "修改文字 DEF-SECRET",
      quote: { text: "经营动物", start: 0, end: 4 },
      author: { name: "隐藏者GHI", region: "崇川区" },
    });
    await db
      .updateTable("opinions")
      .set({ status: "hidden", hidden_reason: "含有广告信息" })
      .where("id", "=", hiddenId)
      .execute();
    await db
      .insertInto("dispositions")
      .values({ opinion_id: hiddenId, code: "not_adopted", reason: "理由 JKL-SECRET" })
      .execute();
    const pendingId = await opinion(open, { provisionPid: article, body: "待审核 MNO-SECRET" });
    await db
      .updateTable("opinions")
      .set({ status: "pending" })
      .where("id", "=", pendingId)
      .execute();
    const visible = await opinion(open, {
      provisionPid: article,
      body: "<b>公开的意见</b>",
      author: { name: "张三丰" },
    });
    const draftHidden = await opinion(open, { scope: "draft", body: "整体 PQR-SECRET" });
    await db
      .updateTable("opinions")
      .set({ status: "hidden", hidden_reason: "与草案无关" })
      .where("id", "=", draftHidden)
      .execute();

    const list = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${open}/provisions/${article}`, await signIn(await makeUser(db))),
      ctx(),
      { id: open, pid: article },
    );
    const text = JSON.stringify(list.data);
    for (const secret of ["ABC-SECRET", "DEF-SECRET", "GHI", "JKL-SECRET", "MNO-SECRET"])
      expect(text).not.toContain(secret);
    expect(list.data.opinions.map((o: { id: string }) => o.id).sort()).toEqual(
      [hiddenId, visible].sort(),
    );
    const hidden = list.data.opinions.find((o: { id: string }) => o.id === hiddenId);
    expect(hidden).toMatchObject({ hidden: true, hiddenReason: "含有广告信息", body: null });
    // Published text is passed as text (React escapes it), with the author's name masked.
    expect(list.data.opinions.find((o: { id: string }) => o.id === visible)).toMatchObject({
      body: "<b>公开的意见</b>",
      author: "张**",
      hiddenReason: null,
    });

    const draft = await callRoute(
      draftOpinions.loader,
      getRequest(`/consultations/${open}/opinions`),
      ctx(),
      { id: open },
    );
    expect(JSON.stringify(draft.data)).not.toContain("PQR-SECRET");
    expect(draft.data.opinions).toMatchObject([{ hidden: true, hiddenReason: "与草案无关" }]);
  });

  it("lists opinions given on the first reading on the same provision of the second, marked with their reading", async () => {
    const db = t.handle.db;
    const { open, closed, article, last } = await twoReadings();
    const then = new Date(Date.now() - 45 * 86_400_000);
    const earlier = await opinion(
      closed,
      { provisionPid: article, body: "一审稿时的意见。" },
      null,
      then,
    );
    await db
      .insertInto("dispositions")
      .values({ opinion_id: earlier, code: "adopted", reason: "二审稿已修改。" })
      .execute();
    const current = await opinion(open, { provisionPid: article, body: "二审稿的意见。" });
    await opinion(closed, { provisionPid: last, body: "另一条的意见。" }, null, then);

    const list = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${open}/provisions/${article}`),
      ctx(),
      { id: open, pid: article },
    );
    expect(list.data.counts).toEqual({ total: 2, earlier: 1 });
    expect(
      list.data.opinions.map((o: Record<string, unknown>) => [o.id, o.earlier, o.versionLabel]),
    ).toEqual([
      [current, false, "second_reading"],
      [earlier, true, "first_reading"],
    ]);
    expect(list.data.opinions[1]).toMatchObject({
      dispositionCode: "adopted",
      dispositionReason: "二审稿已修改。",
    });

    // The reading page counts them under the article; beside 提意见, this consultation's own.
    // (The counts are in the page's prepared text, which a client navigation's data carries.)
    const page = await callRoute(
      consultationPage.loader,
      getRequest(`/consultations/${open}`),
      { ...ctx(), dataRequest: true },
      { id: open },
    );
    const under = (pid: string) =>
      (page.data.text.html as string)
        .split('<p class="give-opinion')
        .find((links) => links.includes(`pid=${pid}"`))!;
    const zh = translator("zh-CN");
    expect(under(article)).toContain(zh("opinion.giveCount", { count: 1 }));
    expect(under(article)).toContain(zh("participation.viewEarlier", { count: 2, earlier: 1 }));
    expect(under(last)).toContain(`>${zh("opinion.give")}</a>`);
    expect(under(last)).toContain(zh("participation.viewEarlier", { count: 1, earlier: 1 }));

    // The first reading's own page does not list the later reading's opinions.
    const back = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${closed}/provisions/${article}`),
      ctx(),
      { id: closed, pid: article },
    );
    expect(back.data.opinions.map((o: { id: string }) => o.id)).toEqual([earlier]);

    // A pid that is not in this reading has no page.
    const unknown = await callRoute(
      provisionOpinions.loader,
      getRequest(`/consultations/${open}/provisions/00000000-0000-0000-0000-000000000000`),
      ctx(),
      { id: open, pid: "00000000-0000-0000-0000-000000000000" },
    );
    expect(unknown.status).toBe(404);

    // The API keeps to the consultation's own opinions, as the contract says.
    const api = await callRoute(
      apiOpinions.loader,
      getRequest(`/api/v1/consultations/${open}/opinions?provision=${article}`),
      ctx(),
      { id: open },
    );
    expect(api.data.opinions.map((o: { id: string }) => o.id)).toEqual([current]);
  });

  it("pages long lists twenty at a time, newest first", async () => {
    const { open, article } = await twoReadings();
    const ids: string[] = [];
    for (let i = 0; i < 23; i++)
      ids.push(await opinion(open, { provisionPid: article, body: `第 ${i} 条意见。` }));
    const page = async (n: number) =>
      (
        await callRoute(
          provisionOpinions.loader,
          getRequest(`/consultations/${open}/provisions/${article}?page=${n}`),
          ctx(),
          { id: open, pid: article },
        )
      ).data;
    const first = await page(1);
    const second = await page(2);
    expect(first.pages).toBe(2);
    expect(first.opinions).toHaveLength(20);
    expect(second.opinions.map((o: { body: string }) => o.body)).toHaveLength(3);
    const seen = [...first.opinions, ...second.opinions].map((o: { id: string }) => o.id);
    expect(new Set(seen).size).toBe(23);
    expect(second.opinions.at(-1).body).toBe("第 0 条意见。");
  });
});
