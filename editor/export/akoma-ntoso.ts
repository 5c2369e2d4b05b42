// Akoma Ntoso 3.0, the OASIS XML standard for legislation, so other systems can read a Kaimen
// text with its structure: act > body > (part) > chapter > (section) > article > paragraph >
// point. A paragraph that ends in items holds its own text as the intro of a list of points,
// and an item with sub-items likewise. Cross-references become <ref href="#eId">.

import type {
  ArticleJSON,
  ChapterJSON,
  ItemJSON,
  LegalDocJSON,
  NoteJSON,
  ParagraphJSON,
  PartJSON,
  PreambleJSON,
  ProvisionNodeJSON,
  SectionJSON,
  SubitemJSON,
  TextJSON,
} from "../document-json.ts";
import { storedText } from "../document-json.ts";
import { numberProvisions, provisionLabel, walkProvisions } from "../numbering.ts";
import { countParagraphs } from "../xref.ts";
import { aknEids, aknGuid, eidsByPid } from "./akn-ids.ts";
import { identificationLines } from "./akn-meta.ts";
import type { AknMeta } from "./akn-meta.ts";
import { inlineSegments } from "./inline.ts";
import type { ReferenceContext } from "./inline.ts";
import { escapeXml, xmlAttributes } from "./xml.ts";

export type { AknMeta } from "./akn-meta.ts";

/** The namespace of Akoma Ntoso 3.0. */
export const AKN_NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

interface Writer {
  lines: string[];
  eids: ReadonlyMap<ProvisionNodeJSON, string>;
  refEids: ReadonlyMap<string, string>;
  context: ReferenceContext;
  /** Computed labels of articles and points: 第十条之一, and （四） for a list that continues. */
  labels: ReadonlyMap<ProvisionNodeJSON, string>;
}

function line(writer: Writer, depth: number, xml: string): void {
  writer.lines.push("  ".repeat(depth) + xml);
}

/** Inline content as escaped text with references as <ref>. */
function inlineXml(writer: Writer, runs: readonly TextJSON[] | undefined): string {
  return inlineSegments(runs, writer.context)
    .map((segment) => {
      const eid = segment.target === null ? undefined : writer.refEids.get(segment.target);
      const text = escapeXml(segment.text);
      return eid === undefined ? text : `<ref${xmlAttributes({ href: `#${eid}` })}>${text}</ref>`;
    })
    .join("");
}

function provisionAttributes(writer: Writer, node: ProvisionNodeJSON): string {
  return xmlAttributes({ eId: writer.eids.get(node), GUID: aknGuid(node.attrs.pid) });
}

/** Text followed by points: the text becomes the list's intro, as AKN has it. */
function textWithPoints(
  writer: Writer,
  depth: number,
  runs: readonly TextJSON[] | undefined,
  points: readonly (ItemJSON | SubitemJSON)[],
): void {
  if (points.length === 0) {
    line(writer, depth, `<content><p>${inlineXml(writer, runs)}</p></content>`);
    return;
  }
  line(writer, depth, "<list>");
  const intro = inlineXml(writer, runs);
  if (intro !== "") line(writer, depth + 1, `<intro><p>${intro}</p></intro>`);
  points.forEach((point, index) => writePoint(writer, depth + 1, point, index + 1));
  line(writer, depth, "</list>");
}

function writePoint(writer: Writer, depth: number, point: ItemJSON | SubitemJSON, n: number) {
  line(writer, depth, `<point${provisionAttributes(writer, point)}>`);
  const label = writer.labels.get(point) ?? provisionLabel(point.type, n);
  line(writer, depth + 1, `<num>${escapeXml(label)}</num>`);
  if (point.type === "item") {
    const [itemText, ...subitems] = point.content;
    textWithPoints(writer, depth + 1, itemText.content, subitems);
  } else {
    textWithPoints(writer, depth + 1, point.content[0].content, []);
  }
  line(writer, depth, "</point>");
}

function writeParagraph(writer: Writer, depth: number, paragraph: ParagraphJSON) {
  line(writer, depth, `<paragraph${provisionAttributes(writer, paragraph)}>`);
  const [paraText, ...items] = paragraph.content;
  textWithPoints(writer, depth + 1, paraText.content, items);
  line(writer, depth, "</paragraph>");
}

function writeArticle(writer: Writer, depth: number, article: ArticleJSON, n: number) {
  line(writer, depth, `<article${provisionAttributes(writer, article)}>`);
  const label = writer.labels.get(article) ?? provisionLabel("article", n);
  line(writer, depth + 1, `<num>${escapeXml(label)}</num>`);
  for (const paragraph of article.content) writeParagraph(writer, depth + 1, paragraph);
  line(writer, depth, "</article>");
}

function writeHeaded(
  writer: Writer,
  depth: number,
  node: PartJSON | ChapterJSON | SectionJSON,
  n: number,
  articleNumber: () => number,
) {
  line(writer, depth, `<${node.type}${provisionAttributes(writer, node)}>`);
  line(writer, depth + 1, `<num>${escapeXml(provisionLabel(node.type, n))}</num>`);
  const title = storedText(node.content[0]);
  if (title !== "") line(writer, depth + 1, `<heading>${escapeXml(title)}</heading>`);
  const counts = { chapter: 0, section: 0 };
  for (const child of node.content.slice(1) as (ChapterJSON | SectionJSON | ArticleJSON)[]) {
    if (child.type === "article") writeArticle(writer, depth + 1, child, articleNumber());
    else writeHeaded(writer, depth + 1, child, ++counts[child.type], articleNumber);
  }
  line(writer, depth, `</${node.type}>`);
}

/** The document as Akoma Ntoso 3.0 XML: an act with FRBR identification, preface, preamble and body. */
export function exportAkomaNtoso(doc: LegalDocJSON, meta: AknMeta = {}): string {
  const numbers = numberProvisions(doc);
  const eids = aknEids(doc);
  const writer: Writer = {
    lines: [],
    eids,
    refEids: eidsByPid(eids),
    context: { numbers, paragraphCounts: countParagraphs(numbers), locale: "zh" },
    labels: new Map(),
  };
  walkProvisions(doc, (visit) => {
    if (visit.kind === "article" || visit.kind === "item" || visit.kind === "subitem") {
      (writer.labels as Map<ProvisionNodeJSON, string>).set(
        visit.node,
        provisionLabel(visit.kind, visit.number, "zh", visit.suffix),
      );
    }
  });
  const title = doc.content.find((child) => child.type === "title");
  const titleText = title ? storedText(title) : "";
  const notes = doc.content.filter(
    (child): child is NoteJSON => child.type === "note" && storedText(child) !== "",
  );
  const preamble = doc.content.filter(
    (child): child is PreambleJSON => child.type === "preamble" && storedText(child) !== "",
  );

  line(writer, 0, '<?xml version="1.0" encoding="UTF-8"?>');
  line(writer, 0, `<akomaNtoso${xmlAttributes({ xmlns: AKN_NAMESPACE })}>`);
  line(
    writer,
    1,
    `<act${xmlAttributes({ name: meta.name ?? "act", contains: "originalVersion" })}>`,
  );
  line(writer, 2, "<meta>");
  for (const xml of identificationLines(meta)) line(writer, 3, xml);
  line(writer, 2, "</meta>");

  if (titleText !== "" || notes.length > 0) {
    line(writer, 2, "<preface>");
    if (titleText !== "")
      line(writer, 3, `<p class="title"><docTitle>${escapeXml(titleText)}</docTitle></p>`);
    for (const note of notes) line(writer, 3, `<p class="note">${escapeXml(storedText(note))}</p>`);
    line(writer, 2, "</preface>");
  }
  if (preamble.length > 0) {
    line(writer, 2, "<preamble>");
    for (const block of preamble) line(writer, 3, `<p>${inlineXml(writer, block.content)}</p>`);
    line(writer, 2, "</preamble>");
  }

  line(writer, 2, "<body>");
  let articleCount = 0;
  const nextArticle = () => ++articleCount;
  const counts = { part: 0, chapter: 0 };
  for (const child of doc.content) {
    if (child.type === "article") writeArticle(writer, 3, child, nextArticle());
    else if (child.type === "part" || child.type === "chapter")
      writeHeaded(writer, 3, child, ++counts[child.type], nextArticle);
  }
  line(writer, 2, "</body>");
  line(writer, 1, "</act>");
  line(writer, 0, "</akomaNtoso>");
  return writer.lines.join("\n") + "\n";
}
