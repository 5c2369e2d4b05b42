// Shared by the export tests (not shipped code): the real laws of tests/fixtures/laws, a small
// hand-made regulation that has what the laws lack (sections, sub-items, parts, references),
// and the comparisons a round trip must pass.

import { readdirSync, readFileSync } from "node:fs";
import type { ArticleJSON, LegalDocJSON, MarkJSON, TextJSON } from "../document-json.ts";
import {
  makeArticle,
  makeChapter,
  makeItem,
  makeParagraph,
  makePart,
  makeSection,
  makeSubitem,
  textblock,
} from "../document-json.ts";
import { toImportJson } from "../import/contract.ts";
import type { ParseResult } from "../import/parse.ts";
import { deriveProvisions } from "../provisions.ts";

const lawsDir = new URL("../../tests/fixtures/laws/", import.meta.url);

/** The file names of every real law in the fixtures. */
export function lawFiles(): string[] {
  return readdirSync(lawsDir).sort();
}

/** The raw bytes of one real law. */
export function lawBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(file, lawsDir)));
}

/** The import contract's chapters and articles, without pids (a round trip makes new ones). */
export function comparableImport(result: ParseResult) {
  const json = toImportJson(result);
  return {
    title: json.title,
    chapters: json.chapters,
    articles: json.articles.map(({ pid: _pid, ...article }) => article),
  };
}

/** Every derived provision row without its pids. */
export function comparableRows(doc: LegalDocJSON) {
  return deriveProvisions(doc).map(({ pid: _pid, parentPid: _parent, ...row }) => row);
}

/** The title, notes and preamble lines, as types and texts. */
export function frontMatter(doc: LegalDocJSON): [string, string][] {
  return doc.content
    .filter((child) => child.type === "title" || child.type === "note" || child.type === "preamble")
    .map((child) => [child.type, (child.content ?? []).map((run: TextJSON) => run.text).join("")]);
}

function reference(text: string, pid: string): TextJSON {
  const mark: MarkJSON = { type: "xref", attrs: { pid } };
  return { type: "text", text, marks: [mark] };
}

function articleWith(...runs: TextJSON[]): ArticleJSON {
  const article = makeArticle("");
  article.content[0]!.content[0] = { type: "para_text", content: runs };
  return article;
}

/**
 * A regulation with chapters, a section, items, sub-items and references. The references
 * hold stale renderings (第九条) on purpose: exports must print the targets' current numbers.
 */
export function sampleRegulation() {
  const purpose = makeArticle("为了规范示例活动，保障公众参与立法，制定本条例。");
  const scope = makeArticle("本条例适用于本市行政区域内的示例活动。");
  const scopeSecond = makeParagraph("法律、行政法规另有规定的，从其规定。");
  scope.content.push(scopeSecond);
  const duties = makeArticle("有关部门应当履行下列职责：");
  const planning = makeItem("编制规划；");
  const review = makeItem("审查下列事项：");
  review.content.push(makeSubitem("设立申请；"), makeSubitem("变更申请。"));
  duties.content[0]!.content.push(planning, review, makeItem("其他职责。"));
  const citing = articleWith(
    { type: "text", text: "违反本条例" },
    reference("第九条", duties.attrs.pid),
    { type: "text", text: "、" },
    reference("第八条第五款", scopeSecond.attrs.pid),
    { type: "text", text: "或者" },
    reference("第一项", review.attrs.pid),
    { type: "text", text: "规定的，依法处理。" },
  );
  const effective = makeArticle("本条例自2025年1月1日起施行。");

  const general = makeChapter("总则");
  general.content.push(purpose, scope);
  const management = makeChapter("管理与监督");
  const section = makeSection("一般规定");
  section.content.push(duties, citing);
  management.content.push(section);
  const closing = makeChapter("附则");
  closing.content.push(effective);

  const doc: LegalDocJSON = {
    type: "doc",
    content: [
      textblock("title", "示例市公众参与立法条例"),
      textblock("note", "（2024年12月1日示例市第十六届人民代表大会常务委员会第五次会议通过）"),
      general,
      management,
      closing,
    ],
  };
  return { doc, duties, scopeSecond, review, citing };
}

/** A regulation divided into parts (编), whose chapters count afresh in each part. */
export function partedRegulation(): LegalDocJSON {
  const first = makePart("总则");
  const basics = makeChapter("基本规定");
  basics.content.push(makeArticle("为了示范分编结构，制定本法。"), makeArticle("本法适用于示例。"));
  first.content.push(basics);
  const second = makePart("分则");
  const rights = makeChapter("权利");
  rights.content.push(makeArticle("公民享有参与立法的权利。"));
  const duties = makeChapter("义务");
  duties.content.push(makeArticle("公民应当遵守本法。"));
  second.content.push(rights, duties);
  return { type: "doc", content: [textblock("title", "示例法"), first, second] };
}
