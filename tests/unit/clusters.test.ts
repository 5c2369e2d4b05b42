import { describe, expect, it } from "vitest";
import { clusterTexts, jaccard, normalizeOpinionText, shingles } from "../../services/clusters.ts";

const template =
  "我们是养殖户，建议第二十五条规定的强制免疫费用由财政全额承担，不要再向养殖户收取任何费用。";

describe("clusters of near-identical opinions", () => {
  it("folds width, punctuation and whitespace", () => {
    expect(normalizeOpinionText("建议：增加罚则（第５条）！ ABC")).toBe("建议增加罚则第5条abc");
  });

  it("groups a template campaign and the same letter filed twice, and leaves different opinions alone", () => {
    const texts = [
      template,
      "建议明确集贸市场动物防疫条件的检查频次，每季度至少检查一次。",
      // The template again, full-width punctuation swapped and one word changed.
      "我们是养殖户,建议第二十五条规定的强制免疫费用由财政全额承担,不要再向养殖户收取任何费用!",
      "我们是养殖户，建议第二十五条规定的强制免疫费用由财政全部承担，不要再向养殖户收取任何费用。",
      // Same subject, different opinion: must not join.
      "建议第二十五条的强制免疫费用由中央和地方财政按比例分担，养殖户承担疫苗运输费用。",
      "建议对犬只登记实行网上办理。",
      "建议对犬只登记实行网上办理！",
      // Short, and the opposite wish: must not join.
      "建议对犬只登记实行线下办理。",
      // The template with another district's name in it.
      template.replace("我们是养殖户", "我们是海门区的养殖户"),
    ];
    const clusters = clusterTexts(texts, (s) => s);
    expect(clusters).toEqual([
      [0, 2, 3, 8],
      [5, 6],
    ]);
  });

  it("scores one changed character in a long opinion above 0.8 and a different one far below", () => {
    const a = shingles(template);
    expect(jaccard(a, shingles(template.replace("全额", "全部")))).toBeGreaterThan(0.8);
    expect(jaccard(a, shingles("建议加强对病死动物无害化处理场所的监管。"))).toBeLessThan(0.2);
  });

  it("finds a campaign of a thousand copies among thousands of other opinions", () => {
    const many = Array.from({ length: 3000 }, (_, i) =>
      i % 3 === 0
        ? template
        : `第${i}号意见：建议在第${i % 90}条增加关于${i}的规定，细化执法程序和责任。`,
    );
    const clusters = clusterTexts(many, (s) => s);
    expect(clusters[0]).toHaveLength(1000);
  });
});
