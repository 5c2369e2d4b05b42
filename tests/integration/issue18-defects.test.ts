import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createRoutesStub, Outlet } from "react-router";
import { describe, expect, it } from "vitest";
import * as activityPublic from "../../app/routes/activity-public.tsx";
import * as opinionsApi from "../../app/routes/api.opinions.ts";
import { ArticleTable } from "../../app/components/report-figures.tsx";
import { makeBillWithVersion, makeConsultation, makeOrganization } from "../../db/factories.ts";
import { translator } from "../../app/i18n/index.ts";
import { consultationStats } from "../../services/consultation-stats.ts";
import { chartViews } from "../../services/documents/charts.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { makeContext, settle } from "../support/routes.ts";

/** Renders a component as a page of the app would, in the given language. */
function renderPage(
  Component: ComponentType<never>,
  props: object,
  locale: "zh-CN" | "en" = "zh-CN",
): string {
  const Stub = createRoutesStub([
    {
      id: "root",
      path: "/",
      Component: () => createElement(Outlet),
      children: [
        { id: "page", index: true, Component: () => createElement(Component, props as never) },
      ],
    },
  ] as never);
  return renderToString(
    createElement(Stub, {
      initialEntries: ["/"],
      hydrationData: {
        loaderData: {
          root: { locale, timeZone: "Asia/Shanghai", csrfToken: "", cspNonce: "", user: null },
        },
      },
    } as never),
  ).replaceAll("<!-- -->", "");
}

/** The text of a table row's cells, tags stripped. */
function rowCells(html: string, heading: string): string[] {
  const row = html.split("<tr").find((r) => r.includes(heading));
  if (!row) return [];
  return [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>|<t[hd][^>]*\/>/g)].map((m) =>
    (m[1] ?? "").replace(/<[^>]+>/g, ""),
  );
}

describe("issue 18 item 5: smaller defects", () => {
  const t = useTestDatabase();

  it("fills the report's 草案整体 row with its handled and adopted counts", async () => {
    const f = await reportFixture(t.handle.db);
    await f.addOpinion({
      pid: null,
      body: "建议整体上加强基层防疫队伍建设。",
      disposition: { code: "adopted", reason: "已在总则中体现。" },
    });
    await f.addOpinion({
      pid: null,
      body: "建议删除全部罚则。",
      disposition: { code: "not_adopted", reason: "罚则是必要的。" },
    });
    await f.addOpinion({ pid: null, body: "尚未处理的整体意见。" });
    const stats = await consultationStats(t.handle.db, f.consultationId, "Asia/Shanghai");
    const html = renderPage(ArticleTable as ComponentType<never>, { stats, reading: "/r" });
    expect(rowCells(html, "草案整体")).toEqual(["草案整体", "3", "2", "1"]);
  });

  it("names articles in English in an English report's table and heat map (issue 18 item 7)", async () => {
    const f = await reportFixture(t.handle.db);
    await f.addOpinion({ pid: f.pids[1]!, region: "崇川区", body: "建议明确定义。" });
    const stats = await consultationStats(t.handle.db, f.consultationId, "Asia/Shanghai");
    const html = renderPage(ArticleTable as ComponentType<never>, { stats, reading: "/r" }, "en");
    expect(rowCells(html, "Article 2")).toEqual(["Article 2", "1", "0", "0"]);
    expect(html).not.toContain("第二条");
    const charts = chartViews(translator("en"), stats, "en");
    const heatmap = charts.find((c) => c.id === "heatmap")!;
    expect(heatmap.rows.map((r) => r.label)).toEqual(["Article 1", "Article 2", "Article 3"]);
    const regions = charts.find((c) => c.id === "by-region")!;
    expect(regions.rows.map((r) => r.label)).toContain("Chongchuan District");
  });

  it("reports an unknown top-level API property against its own name, not against body", async () => {
    const org = await makeOrganization(t.handle.db);
    const { versionId } = await makeBillWithVersion(t.handle.db, { organizationId: org });
    const id = await makeConsultation(t.handle.db, { versionId });
    const request = new Request(`http://localhost/api/v1/consultations/${id}/opinions`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
      body: JSON.stringify({ body: "意见正文没有问题。", colour: "red" }),
    });
    const answer = await settle(() =>
      opinionsApi.action({
        request,
        context: makeContext(t.handle.db, t.handle.kind),
        params: { id },
      } as never),
    );
    expect(answer.status).toBe(400);
    const fields = (answer.data as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields)).toEqual(["colour"]);
  });

  it("shows proposed wording on the public activity page under a display label, not the form's", () => {
    const loaderData = {
      attachments: [],
      activity: {
        id: "a1",
        kind: "symposium",
        held_on: "2026-11-02",
        place: "和平桥街道会议室",
        headcount: 12,
        start_time: null,
        host: null,
        title: null,
        pointName: "崇川区和平桥街道基层立法联系点",
        billTitle: "南通市动物防疫条例",
        consultationId: "c1",
      },
      submitted: true,
      opinions: [
        {
          id: "o1",
          target: "第一条",
          body: "建议明确适用范围。",
          proposed: "本条例适用于本市行政区域内的动物防疫活动。",
          headcount: 12,
          code: null,
          reason: null,
        },
      ],
    };
    const zh = renderPage(activityPublic.default as ComponentType<never>, { loaderData });
    expect(zh).toContain("建议修改为：本条例适用于");
    expect(zh).not.toContain("（可选）");
    const en = renderPage(activityPublic.default as ComponentType<never>, { loaderData }, "en");
    expect(en).toContain("Suggested wording: 本条例适用于");
    expect(en).not.toContain("(optional)");
    // An English reader reads the label in English, the law's text stays Chinese.
    expect(en).toContain("Article 1");
  });
});
