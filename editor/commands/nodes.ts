// Fresh provision nodes for commands. Every provision a command creates gets its pid here, at
// creation, so a new 条 or 款 has its identity before the pid plugin ever sees it; a provision
// that only changes kind (款 → 项 on Tab) is rebuilt with the pid it had.

import type { Fragment, Node as PMNode, Schema } from "prosemirror-model";
import { newPid } from "../pid.ts";

function nodeType(schema: Schema, name: string) {
  const type = schema.nodes[name];
  if (!type) throw new Error(`The schema has no ${name} node`);
  return type;
}

/** A paragraph (款) holding `text` then `items`, keeping `pid` when one is given. */
export function paragraphNode(
  schema: Schema,
  text: Fragment | null = null,
  items: readonly PMNode[] = [],
  pid: string = newPid(),
): PMNode {
  const paraText = nodeType(schema, "para_text").create(null, text);
  return nodeType(schema, "paragraph").create({ pid }, [paraText, ...items]);
}

/** An item (项) holding `text` then `subitems`, keeping `pid` when one is given. */
export function itemNode(
  schema: Schema,
  text: Fragment | null = null,
  subitems: readonly PMNode[] = [],
  pid: string = newPid(),
): PMNode {
  const itemText = nodeType(schema, "item_text").create(null, text);
  return nodeType(schema, "item").create({ pid }, [itemText, ...subitems]);
}

/** A sub-item (目) holding `text`, keeping `pid` when one is given. */
export function subitemNode(
  schema: Schema,
  text: Fragment | null = null,
  pid: string = newPid(),
): PMNode {
  const subitemText = nodeType(schema, "subitem_text").create(null, text);
  return nodeType(schema, "subitem").create({ pid }, subitemText);
}

/** A new, empty article (条) with one empty paragraph, both with fresh pids. */
export function articleNode(schema: Schema, paragraphs?: readonly PMNode[]): PMNode {
  const content = paragraphs && paragraphs.length > 0 ? paragraphs : [paragraphNode(schema)];
  return nodeType(schema, "article").create({ pid: newPid(), printedNumber: null }, content);
}

// A division starts without an article so that Enter in its heading adds the first one (see
// splitProvision): drafters write the heading first.
/** A new chapter, section or part holding only an empty heading, with a fresh pid. */
export function divisionNode(schema: Schema, typeName: "part" | "chapter" | "section"): PMNode {
  const heading = nodeType(schema, "heading").create();
  return nodeType(schema, typeName).create({ pid: newPid(), printedNumber: null }, heading);
}

/** The text a provision starts with: the content of its first child textblock. */
export function leadingText(provision: PMNode): Fragment {
  return provision.child(0).content;
}

/** The children of a node from `fromIndex` on. */
export function childrenFrom(parent: PMNode, fromIndex: number): PMNode[] {
  const children: PMNode[] = [];
  for (let index = fromIndex; index < parent.childCount; index++) {
    children.push(parent.child(index));
  }
  return children;
}
