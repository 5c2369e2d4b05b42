// The Akoma Ntoso export is well-formed XML (checked by a small strict parser below, since the
// project has no XML parser and a DOM is not available in Node), has the AKN structure and
// eIds, keeps pids as GUIDs, links references, and loses no text of a real law.

import { describe, expect, it } from "vitest";
import type { LegalDocJSON } from "../document-json.ts";
import { makeArticle, makeChapter, textblock } from "../document-json.ts";
import { importFile } from "../import/index.ts";
import { deriveProvisions } from "../provisions.ts";
import { AKN_NAMESPACE, exportAkomaNtoso } from "./akoma-ntoso.ts";
import { lawBytes, partedRegulation, sampleRegulation } from "./test-support.ts";

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

const NAME = "[A-Za-z_][\\w.:-]*";
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: string): string {
  if (raw.replace(ENTITY, "").includes("&")) throw new Error(`bare & in ${where}: ${raw}`);
  return raw.replace(ENTITY, (entity) => {
    const body = entity.slice(1, -1);
    if (body.startsWith("#x")) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith("#")) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return ENTITIES[body]!;
  });
}

/** Parses XML strictly enough to reject what a real parser would: bad nesting, quoting, escaping. */
function parseXml(xml: string): XmlElement {
  const token = new RegExp(
    `<!--[\\s\\S]*?-->|<\\?xml[^?]*\\?>|</(${NAME})\\s*>|<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>|([^<]+)|(<)`,
    "y",
  );
  const attribute = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "g");
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let match: RegExpExecArray | null;
  while (token.lastIndex < xml.length && (match = token.exec(xml))) {
    const [whole, closing, opening, attrText = "", selfClosing, text, stray] = match;
    if (stray) throw new Error(`stray < at ${match.index}`);
    if (whole.startsWith("<?xml") && match.index !== 0) throw new Error("late XML declaration");
    const parent = stack[stack.length - 1];
    if (text !== undefined) {
      if (parent) parent.children.push(decode(text, `<${parent.name}>`));
      else if (text.trim() !== "") throw new Error(`text outside the root: ${text}`);
    } else if (opening) {
      if (!parent && root) throw new Error("a second root element");
      const attrs: Record<string, string> = {};
      for (const [, name, double, single] of attrText.matchAll(attribute)) {
        if (name! in attrs) throw new Error(`attribute ${name} twice on <${opening}>`);
        attrs[name!] = decode(double ?? single ?? "", `@${name}`);
      }
      const element: XmlElement = { name: opening, attrs, children: [] };
      if (parent) parent.children.push(element);
      else root = element;
      if (!selfClosing) stack.push(element);
    } else if (closing) {
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name}>`);
    }
  }
  if (token.lastIndex !== xml.length && xml.slice(token.lastIndex).trim() !== "")
    throw new Error(`unparsed input at ${token.lastIndex}`);
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

function elements(node: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (element: XmlElement) => {
    for (const child of element.children) {
      if (typeof child === "string") continue;
      if (child.name === name) found.push(child);
      walk(child);
    }
  };
  walk(node);
  return found;
}

function child(node: XmlElement, name: string): XmlElement | undefined {
  return node.children.find((c): c is XmlElement => typeof c !== "string" && c.name === name);
}

function textOf(node: XmlElement | undefined): string {
  if (!node) return "";
  return node.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
}

// An article's text read back from the XML in the shape of its derived row: paragraphs and
// points each on a line, points led by their numbers.
function articleText(article: XmlElement): string {
  const lines: string[] = [];
  const body = (node: XmlElement, prefix: string) => {
    const list = child(node, "list");
    if (!list) return void lines.push(prefix + textOf(child(node, "content")));
    lines.push(prefix + textOf(child(list, "intro")));
    for (const point of list.children)
      if (typeof point !== "string" && point.name === "point")
        body(point, textOf(child(point, "num")));
  };
  for (const paragraph of article.children)
    if (typeof paragraph !== "string" && paragraph.name === "paragraph") body(paragraph, "");
  return lines.join("\n");
}

describe("the tiny XML checker used here", () => {
  it("rejects what is not well-formed", () => {
    expect(() => parseXml("<a><b></a></b>")).toThrow();
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow();
    expect(() => parseXml("<a>fish & chips</a>")).toThrow();
    expect(() => parseXml("<a>1 < 2</a>")).toThrow();
    expect(() => parseXml('<a x="say "hi""/>')).toThrow();
    expect(() => parseXml("<a/><b/>")).toThrow();
    expect(parseXml('<a x="&quot;">1 &lt; 2</a>')).toEqual({
      name: "a",
      attrs: { x: '"' },
      children: ["1 < 2"],
    });
  });
});

describe("exportAkomaNtoso on the 2021 动物防疫法", async () => {
  const file = "dongwu-fangyi-fa-2021-lawrefbook.md";
  const { doc } = await importFile(lawBytes(file), file);
  const xml = exportAkomaNtoso(doc, {
    frbrUri: "/akn/cn/act/2021-01-22/dongwu-fangyi-fa",
    date: "2021-01-22",
    author: "全国人民代表大会常务委员会",
  });
  const root = parseXml(xml);
  const rows = deriveProvisions(doc);

  it("is an AKN 3.0 act with FRBR identification", () => {
    expect(root.name).toBe("akomaNtoso");
    expect(root.attrs.xmlns).toBe(AKN_NAMESPACE);
    const act = child(root, "act")!;
    expect(act.attrs.name).toBe("act");
    expect(
      act.children.filter((c) => typeof c !== "string").map((c) => (c as XmlElement).name),
    ).toEqual(["meta", "preface", "body"]);
    const identification = elements(act, "identification")[0]!;
    expect(identification.attrs.source).toBe("#kaimen");
    const work = child(identification, "FRBRWork")!;
    expect(child(work, "FRBRthis")!.attrs.value).toBe(
      "/akn/cn/act/2021-01-22/dongwu-fangyi-fa/!main",
    );
    expect(child(work, "FRBRuri")!.attrs.value).toBe("/akn/cn/act/2021-01-22/dongwu-fangyi-fa");
    expect(child(work, "FRBRdate")!.attrs.date).toBe("2021-01-22");
    expect(child(work, "FRBRauthor")!.attrs.href).toBe("#author");
    expect(child(work, "FRBRcountry")!.attrs.value).toBe("cn");
    const expression = child(identification, "FRBRExpression")!;
    expect(child(expression, "FRBRuri")!.attrs.value).toBe(
      "/akn/cn/act/2021-01-22/dongwu-fangyi-fa/zho@2021-01-22",
    );
    expect(child(expression, "FRBRlanguage")!.attrs.language).toBe("zho");
    expect(child(child(identification, "FRBRManifestation")!, "FRBRthis")!.attrs.value).toBe(
      "/akn/cn/act/2021-01-22/dongwu-fangyi-fa/zho@2021-01-22/!main.xml",
    );
    const authors = elements(act, "TLCOrganization").map((o) => [o.attrs.eId, o.attrs.showAs]);
    expect(authors).toEqual([
      ["author", "全国人民代表大会常务委员会"],
      ["kaimen", "Kaimen"],
    ]);
    expect(textOf(elements(act, "docTitle")[0])).toBe("中华人民共和国动物防疫法");
  });

  it("has 12 chapters, 113 articles through art_113, with points", () => {
    const chapters = elements(root, "chapter");
    expect(chapters.map((c) => c.attrs.eId)).toEqual(
      Array.from({ length: 12 }, (_, i) => `chp_${i + 1}`),
    );
    expect(chapters.map((c) => textOf(child(c, "num")))[11]).toBe("第十二章");
    expect(textOf(child(chapters[0]!, "heading"))).toBe("总则");
    const articles = elements(root, "article");
    expect(articles).toHaveLength(113);
    expect(articles.map((a) => a.attrs.eId)).toEqual(
      Array.from({ length: 113 }, (_, i) => `art_${i + 1}`),
    );
    expect(textOf(child(articles[112]!, "num"))).toBe("第一百一十三条");
    const points = elements(root, "point");
    expect(points).toHaveLength(rows.filter((row) => row.kind === "item").length);
    expect(points[0]!.attrs.eId).toBe("art_4__para_1__point_1");
    expect(textOf(child(points[0]!, "num"))).toBe("（一）");
  });

  it("keeps every provision's pid as its GUID, with unique eIds", () => {
    const withEid = [
      ...["chapter", "article", "paragraph", "point"].flatMap((name) => elements(root, name)),
    ];
    expect(withEid).toHaveLength(rows.length);
    const eids = withEid.map((e) => e.attrs.eId);
    expect(new Set(eids).size).toBe(eids.length);
    expect(new Set(withEid.map((e) => e.attrs.GUID))).toEqual(
      new Set(rows.map((row) => `urn:uuid:${row.pid}`)),
    );
  });

  it("loses no text: each article reads back as its derived row", () => {
    const byGuid = new Map(rows.map((row) => [`urn:uuid:${row.pid}`, row.text]));
    for (const article of elements(root, "article")) {
      expect(articleText(article), article.attrs.eId).toBe(byGuid.get(article.attrs.GUID!));
    }
  });
});

describe("exportAkomaNtoso structure", () => {
  const { doc, duties, scopeSecond, review, citing } = sampleRegulation();
  const root = parseXml(exportAkomaNtoso(doc, { date: "2024-12-01" }));
  const byEid = new Map(
    ["chapter", "section", "article", "paragraph", "point"]
      .flatMap((name) => elements(root, name))
      .map((e) => [e.attrs.eId!, e]),
  );

  it("nests sections in chapters and sub-items in items, with the text as the list's intro", () => {
    expect(byEid.get("chp_2__sec_1")!.name).toBe("section");
    expect(textOf(child(byEid.get("chp_2__sec_1")!, "heading"))).toBe("一般规定");
    const paragraph = byEid.get("art_3__para_1")!;
    expect(textOf(child(child(paragraph, "list")!, "intro"))).toBe("有关部门应当履行下列职责：");
    const item = byEid.get("art_3__para_1__point_2")!;
    expect(item.attrs.GUID).toBe(`urn:uuid:${review.attrs.pid}`);
    expect(textOf(child(child(item, "list")!, "intro"))).toBe("审查下列事项：");
    const subitem = byEid.get("art_3__para_1__point_2__point_1")!;
    expect(textOf(child(subitem, "num"))).toBe("1.");
    expect(textOf(child(subitem, "content"))).toBe("设立申请；");
  });

  it("links references to the eIds of their targets' current numbers", () => {
    const article = elements(root, "article").find(
      (a) => a.attrs.GUID === `urn:uuid:${citing.attrs.pid}`,
    )!;
    const refs = elements(article, "ref").map((r) => [r.attrs.href, textOf(r)]);
    expect(refs).toEqual([
      ["#art_3", "第三条"],
      ["#art_2__para_2", "第二条第二款"],
      ["#art_3__para_1__point_2", "第三条第二项"],
    ]);
    for (const [href] of refs) expect(byEid.has(href!.slice(1))).toBe(true);
    expect(byEid.get("art_3")!.attrs.GUID).toBe(`urn:uuid:${duties.attrs.pid}`);
    expect(byEid.get("art_2__para_2")!.attrs.GUID).toBe(`urn:uuid:${scopeSecond.attrs.pid}`);
  });

  it("prefixes chapters with their part and numbers them afresh in each part", () => {
    const parted = parseXml(exportAkomaNtoso(partedRegulation(), { date: "2024-12-01" }));
    expect(elements(parted, "part").map((p) => p.attrs.eId)).toEqual(["part_1", "part_2"]);
    expect(elements(parted, "chapter").map((c) => c.attrs.eId)).toEqual([
      "part_1__chp_1",
      "part_2__chp_1",
      "part_2__chp_2",
    ]);
    expect(elements(parted, "article").map((a) => a.attrs.eId)).toEqual([
      "art_1",
      "art_2",
      "art_3",
      "art_4",
    ]);
  });
});

describe("exportAkomaNtoso escaping and meta", () => {
  const nasty = "a < b && c > \"d\" 'e'";

  it("escapes < & \" ' in every place text goes and drops characters XML cannot hold", () => {
    const chapter = makeChapter(`总则${nasty}`);
    const article = makeArticle(`条文${nasty}\u0001。`);
    article.attrs.pid = 'p"1<';
    chapter.content.push(article);
    const doc: LegalDocJSON = {
      type: "doc",
      content: [
        textblock("title", `标题${nasty}`),
        textblock("note", `（${nasty}）`),
        textblock("preamble", `序言${nasty}`),
        chapter,
      ],
    };
    const root = parseXml(
      exportAkomaNtoso(doc, {
        date: "2024-12-01",
        frbrUri: '/akn/cn/act/2024/"x"&y',
        author: nasty,
      }),
    );
    expect(textOf(elements(root, "docTitle")[0])).toBe(`标题${nasty}`);
    expect(textOf(elements(elements(root, "preface")[0]!, "p")[1])).toBe(`（${nasty}）`);
    expect(textOf(elements(elements(root, "preamble")[0]!, "p")[0])).toBe(`序言${nasty}`);
    expect(textOf(elements(root, "heading")[0])).toBe(`总则${nasty}`);
    expect(textOf(elements(root, "content")[0])).toBe(`条文${nasty}。`);
    expect(elements(root, "article")[0]!.attrs.GUID).toBe("urn:kaimen:pid:p%221%3C");
    expect(elements(root, "FRBRuri")[0]!.attrs.value).toBe('/akn/cn/act/2024/"x"&y');
    expect(elements(root, "TLCOrganization")[0]!.attrs.showAs).toBe(nasty);
  });

  it("defaults the FRBR URI and date, and refuses a date that is not YYYY-MM-DD", () => {
    const { doc } = sampleRegulation();
    const today = new Date().toISOString().slice(0, 10);
    const root = parseXml(exportAkomaNtoso(doc));
    expect(elements(root, "FRBRuri")[0]!.attrs.value).toBe(`/akn/cn/act/${today}/draft`);
    expect(() => exportAkomaNtoso(doc, { date: "2024/12/01" })).toThrow(/YYYY-MM-DD/);
  });
});
