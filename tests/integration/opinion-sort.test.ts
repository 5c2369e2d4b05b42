// Issue 18, item 4: an article's public opinions, sorted by 附议 count or by date (newest or
// oldest first), with the order kept across pages and by the pager's links.
import { describe, expect, it } from "vitest";
import * as provisionOpinions from "../../app/routes/provision-opinions.tsx";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";
import { setSupport } from "../../services/supports.ts";
import { useTestDatabase } from "../support/database.ts";
import { callRoute, getRequest, makeContext } from "../support/routes.ts";

describe("sorting an article's opinions", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** An open consultation with 23 opinions on one article, a minute apart, some supported. */
  async function world() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const text = sampleText([
      "经营动物的集贸市场应当具备动物防疫条件。",
      "本条例自公布之日起施行。",
    ]);
    const { versionId } = await makeBillWithVersion(db, { organizationId: org, ...text });
    const consultation = await makeConsultation(db, { versionId });
    const pid = text.provisions[0]!.pid;
    const start = Date.now() - 60 * 60_000;
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const body = { provisionPid: pid, body: `第 ${i} 条意见。` };
      const answer = await submitOpinion(db, {
        consultationId: consultation,
        key: `sort-${i}`,
        hash: requestHash(body),
        body,
        userId: null,
        now: new Date(start + i * 60_000),
      });
      ids.push(answer.id);
    }
    // Supports: opinion 3 gets three, opinion 17 two, opinion 20 one; the rest none.
    const supporters = await Promise.all([0, 1, 2].map(() => makeUser(db)));
    for (const [index, count] of [
      [3, 3],
      [17, 2],
      [20, 1],
    ] as const)
      for (const supporter of supporters.slice(0, count))
        await setSupport(db, {
          opinionId: ids[index]!,
          userId: supporter.id,
          on: true,
          ip: "10.0.0.1",
        });
    return { consultation, pid, ids };
  }

  const load = async (w: { consultation: string; pid: string }, query: string) =>
    (
      await callRoute(
        provisionOpinions.loader,
        getRequest(`/consultations/${w.consultation}/provisions/${w.pid}${query}`),
        ctx(),
        { id: w.consultation, pid: w.pid },
      )
    ).data;
  const bodies = (data: { opinions: { body: string }[] }) => data.opinions.map((o) => o.body);

  it("puts the most supported first, then the newest among equals", async () => {
    const w = await world();
    const first = await load(w, "?sort=supports");
    expect(first.sort).toBe("supports");
    expect(bodies(first).slice(0, 5)).toEqual([
      "第 3 条意见。",
      "第 17 条意见。",
      "第 20 条意见。",
      "第 22 条意见。",
      "第 21 条意见。",
    ]);
    const supports = first.opinions.map((o: { supports: number }) => o.supports);
    expect(supports.slice(0, 4)).toEqual([3, 2, 1, 0]);
    // The second page goes on in the same order, and no opinion is shown twice.
    const second = await load(w, "?sort=supports&page=2");
    expect(bodies(second)).toEqual(["第 2 条意见。", "第 1 条意见。", "第 0 条意见。"]);
    expect(new Set([...bodies(first), ...bodies(second)]).size).toBe(23);
  });

  it("sorts by date, newest first by default and oldest first when asked", async () => {
    const w = await world();
    const newest = await load(w, "");
    expect(newest.sort).toBe("newest");
    expect(bodies(newest)[0]).toBe("第 22 条意见。");
    const oldest = await load(w, "?sort=oldest");
    expect(bodies(oldest).slice(0, 3)).toEqual(["第 0 条意见。", "第 1 条意见。", "第 2 条意见。"]);
    const oldestSecond = await load(w, "?sort=oldest&page=2");
    expect(bodies(oldestSecond)).toEqual(["第 20 条意见。", "第 21 条意见。", "第 22 条意见。"]);
    // An unknown order is the default one, not an error.
    expect(bodies(await load(w, "?sort=drop%20table"))[0]).toBe("第 22 条意见。");
  });
});
