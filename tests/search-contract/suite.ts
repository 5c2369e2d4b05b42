// The search contract: what any engine must do. The embedded engine runs it in the pglite and
// postgres projects (tests/integration/search-contract.test.ts); Meilisearch runs it in its own
// project whenever MEILI_URL is set (tests/search-contract/meilisearch.test.ts).

import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { SearchDocument, SearchEngine, SearchFilters } from "../../search/types.ts";

const billA = randomUUID();
const billB = randomUUID();
const orgA = randomUUID();
const orgB = randomUUID();
const v2 = randomUUID();
const v3 = randomUUID();
const consultation = randomUUID();

function doc(
  partial: Partial<SearchDocument> & Pick<SearchDocument, "id" | "kind" | "text">,
): SearchDocument {
  return {
    entityId: partial.id,
    billId: billA,
    organizationId: orgA,
    versionId: null,
    consultationId: null,
    pid: null,
    number: null,
    label: null,
    title: "",
    reading: null,
    stage: null,
    channel: null,
    contactPointId: null,
    region: null,
    respondentType: null,
    disposition: null,
    published: true,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...partial,
  };
}

export const contractDocuments: SearchDocument[] = [
  doc({
    id: "bill-a",
    kind: "bill",
    title: "动物防疫法（修订草案）",
    text: "动物防疫法（修订草案）",
  }),
  doc({
    id: "provision-a1",
    kind: "provision",
    versionId: v2,
    pid: "a1",
    number: 40,
    label: "第四十条",
    reading: "second_reading",
    text: "县级以上地方人民政府应当加强对集贸市场的监督管理，落实动物防疫措施。",
  }),
  doc({
    id: "provision-a2",
    kind: "provision",
    versionId: v3,
    pid: "a1",
    number: 41,
    label: "第四十一条",
    reading: "promulgated",
    text: "本行政区域内的集贸市场应当具备与其规模相适应的动物防疫条件。",
  }),
  doc({
    id: "provision-a3",
    kind: "provision",
    versionId: v2,
    pid: "a3",
    number: 3,
    label: "第三条",
    reading: "second_reading",
    // 集贸 and 市场 apart: not a match for the phrase 集贸市场.
    text: "集贸活动应当在规定的市场内进行。",
  }),
  doc({
    id: "provision-b1",
    kind: "provision",
    billId: billB,
    organizationId: orgB,
    versionId: randomUUID(),
    pid: "b1",
    number: 10,
    label: "第十条",
    reading: "promulgated",
    text: "全国人民代表大会常务委员会依照宪法规定行使职权。犬只应当免疫。",
  }),
  doc({
    id: "opinion-1",
    kind: "opinion",
    versionId: v2,
    consultationId: consultation,
    pid: "a1",
    reading: "second_reading",
    channel: "online",
    respondentType: "individual",
    disposition: "adopted",
    text: "建议集贸市场增加无害化处理设施。",
  }),
  doc({
    id: "opinion-2",
    kind: "opinion",
    versionId: v2,
    consultationId: consultation,
    pid: "a1",
    reading: "second_reading",
    channel: "symposium",
    contactPointId: "cp-1",
    respondentType: "enterprise",
    text: "集贸市场的经营者希望明确犬只检疫的责任。",
  }),
  doc({
    id: "opinion-hidden",
    kind: "opinion",
    versionId: v2,
    consultationId: consultation,
    channel: "online",
    respondentType: "individual",
    published: false,
    text: "这条未公开的意见也提到集贸市场。",
  }),
];

const publicOnly: SearchFilters = { organizations: [] };

/** Registers the contract tests for an engine made (and emptied) by `engine()`. */
export function describeSearchContract(name: string, engine: () => SearchEngine) {
  describe(`search contract: ${name}`, () => {
    const ids = async (q: string, filters: SearchFilters = publicOnly) =>
      (await engine().search({ q, filters, offset: 0, limit: 50 })).hits
        .map((h) => h.document.id)
        .sort();

    beforeAll(async () => {
      await engine().prepare();
      await engine().clear();
      await engine().upsert(contractDocuments);
    });

    it("finds a phrase wherever it occurs and not where its words stand apart", async () => {
      expect(await ids("集贸市场")).toEqual(
        ["opinion-1", "opinion-2", "provision-a1", "provision-a2"].sort(),
      );
    });

    it("finds a word inside a longer compound and two-character words", async () => {
      expect(await ids("人民代表大会")).toEqual(["provision-b1"]);
      expect(await ids("常务委员会")).toEqual(["provision-b1"]);
      expect(await ids("犬只")).toEqual(["opinion-2", "provision-b1"]);
    });

    it("requires every phrase of a query with several", async () => {
      expect(await ids("集贸市场 犬只")).toEqual(["opinion-2"]);
      expect(await ids("集贸市场 宪法")).toEqual([]);
    });

    it("filters by kind, bill, version, reading, channel and disposition, and counts facets", async () => {
      const s = (filters: Partial<SearchFilters>) => ids("集贸市场", { ...publicOnly, ...filters });
      expect(await s({ kinds: ["provision"] })).toEqual(["provision-a1", "provision-a2"]);
      expect(await s({ versionId: v3 })).toEqual(["provision-a2"]);
      expect(await s({ reading: "second_reading", kinds: ["provision"] })).toEqual([
        "provision-a1",
      ]);
      expect(await s({ channel: "symposium" })).toEqual(["opinion-2"]);
      expect(await s({ disposition: "adopted" })).toEqual(["opinion-1"]);
      expect(await s({ consultationId: consultation })).toEqual(["opinion-1", "opinion-2"]);
      expect(await ids("犬只", { ...publicOnly, billId: billB })).toEqual(["provision-b1"]);

      const result = await engine().search({
        q: "集贸市场",
        filters: publicOnly,
        offset: 0,
        limit: 1,
      });
      expect(result.total).toBe(4);
      expect(result.totalIsEstimate).toBe(false);
      expect(result.facets.kind).toEqual({ provision: 2, opinion: 2 });
      expect(result.facets.channel).toEqual({ online: 1, symposium: 1 });
      expect(result.facets.reading).toEqual({ second_reading: 3, promulgated: 1 });
      expect(result.facets.contactPoint).toEqual({ "cp-1": 1 });
      expect(result.facets.respondentType).toEqual({ individual: 1, enterprise: 1 });
      expect(result.facets.disposition).toEqual({ adopted: 1 });
    });

    it("shows unpublished documents only to their organization", async () => {
      expect(await ids("未公开")).toEqual([]);
      expect(await ids("未公开", { organizations: [orgB] })).toEqual([]);
      expect(await ids("未公开", { organizations: [orgA] })).toEqual(["opinion-hidden"]);
    });

    it("returns a snippet with the matches marked", async () => {
      const [hit] = (
        await engine().search({ q: "无害化处理", filters: publicOnly, offset: 0, limit: 5 })
      ).hits;
      expect(hit?.document.id).toBe("opinion-1");
      expect(hit!.highlights.length).toBeGreaterThan(0);
      for (const [a, b] of hit!.highlights) expect(hit!.snippet.slice(a, b)).toBe("无害化处理");
    });

    it("pages without repeating or losing hits", async () => {
      const seen: string[] = [];
      for (let offset = 0; offset < 4; offset += 3) {
        const page = await engine().search({
          q: "集贸市场",
          filters: publicOnly,
          offset,
          limit: 3,
        });
        seen.push(...page.hits.map((h) => h.document.id));
      }
      expect(seen.sort()).toEqual(await ids("集贸市场"));
    });

    it("replaces a document on upsert and forgets it on remove", async () => {
      const changed = { ...contractDocuments[1]!, text: "县级以上地方人民政府应当加强监督管理。" };
      await engine().upsert([changed]);
      expect(await ids("集贸市场", { ...publicOnly, kinds: ["provision"] })).toEqual([
        "provision-a2",
      ]);
      await engine().remove(["provision-a2", "no-such-document"]);
      expect(await ids("集贸市场", { ...publicOnly, kinds: ["provision"] })).toEqual([]);
      await engine().upsert([contractDocuments[1]!, contractDocuments[2]!]);
      expect(await ids("集贸市场", { ...publicOnly, kinds: ["provision"] })).toHaveLength(2);
    });

    it("answers an empty or punctuation-only query with nothing", async () => {
      expect(
        (await engine().search({ q: "  ，。 ", filters: publicOnly, offset: 0, limit: 5 })).total,
      ).toBe(0);
    });
  });
}
