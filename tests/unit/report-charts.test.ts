import { describe, expect, it } from "vitest";
import { translator } from "../../app/i18n/index.ts";
import { consultationCharts, heatmapChart } from "../../services/documents/charts.ts";
import type { ConsultationStats } from "../../services/consultation-stats.ts";

function stats(articleCount: number, chapters: number): ConsultationStats {
  const articles = Array.from({ length: articleCount }, (_, i) => ({
    pid: `p${i}`,
    number: i + 1,
    label: `第${i + 1}条`,
    chapter: `第${Math.floor((i * chapters) / articleCount) + 1}章`,
    count: i % 7,
    handled: 0,
    adopted: 0,
  }));
  return {
    total: articles.reduce((s, a) => s + a.count, 0),
    headcount: 0,
    byChannel: { online: 3 } as ConsultationStats["byChannel"],
    byProvision: [],
    articles,
    wholeDraft: 0,
    wholeDraftHandled: 0,
    wholeDraftAdopted: 0,
    byContactPoint: [],
    byRespondentType: {} as ConsultationStats["byRespondentType"],
    byRegion: [{ region: 'A&B "区" <b>', count: 2 }],
    byDisposition: {} as ConsultationStats["byDisposition"],
    handled: 0,
    adopted: 0,
    perDay: [],
  };
}

const cellsOf = (svg: string) => (svg.match(/ecmeta_series_index="0"/g) ?? []).length;

describe("the statistics pictures", () => {
  const t = translator("zh-CN");

  it("draws one heat-map cell per article, and one per chapter for a long text", () => {
    const short = heatmapChart(t, stats(23, 3));
    expect(cellsOf(short.svg!)).toBe(23);
    expect(short.rows).toHaveLength(23);
    const long = heatmapChart(t, stats(1260, 7));
    expect(cellsOf(long.svg!)).toBe(7);
    expect(long.svg!.length).toBeLessThan(short.svg!.length * 2);
  });

  it("escapes labels, and leaves a chart with nothing to show without a picture", () => {
    const charts = consultationCharts(t, stats(5, 1));
    const region = charts.find((c) => c.id === "by-region")!;
    expect(region.svg).toContain("A&amp;B &quot;区&quot; &lt;b&gt;");
    const perDay = charts.find((c) => c.id === "per-day")!;
    expect(perDay.svg).toBeNull();
    expect(perDay.summary).toBe("每日意见数：暂无数据。");
  });
});
