// Akoma Ntoso identifiers. eIds follow the AKN naming convention from computed numbers:
// containers prefix what they hold (part_1__chp_2__sec_1), except that an article starts a
// fresh prefix (art_12, since articles count across the whole act) for its paragraphs and
// points (art_12__para_2__point_3). The pid, the identity that survives renumbering, travels
// as the GUID attribute.

import type { LegalDocJSON, NumberedKind, ProvisionNodeJSON } from "../document-json.ts";
import { walkProvisions } from "../numbering.ts";

const PREFIX: Record<NumberedKind, string> = {
  part: "part",
  chapter: "chp",
  section: "sec",
  article: "art",
  paragraph: "para",
  item: "point",
  subitem: "point",
};

/** The eId of every provision node of a document, keyed by the node itself. */
export function aknEids(doc: LegalDocJSON): Map<ProvisionNodeJSON, string> {
  const eids = new Map<ProvisionNodeJSON, string>();
  walkProvisions(doc, ({ node, kind, number, suffix, ancestors }) => {
    // 第十条之一 is art_10-1: its own article, apart from art_10.
    const own = `${PREFIX[kind]}_${number}${suffix > 0 ? `-${suffix}` : ""}`;
    const parent = ancestors[ancestors.length - 1];
    const prefix = kind === "article" || !parent ? "" : `${eids.get(parent.node)}__`;
    eids.set(node, prefix + own);
  });
  return eids;
}

/** The eId each pid resolves to, for references; a pid held twice resolves to its first holder. */
export function eidsByPid(eids: ReadonlyMap<ProvisionNodeJSON, string>): Map<string, string> {
  const byPid = new Map<string, string>();
  for (const [node, eid] of eids) {
    if (node.attrs.pid !== "" && !byPid.has(node.attrs.pid)) byPid.set(node.attrs.pid, eid);
  }
  return byPid;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The GUID attribute for a pid: urn:uuid:… for the UUIDs Kaimen makes, urn:kaimen:pid:… otherwise. */
export function aknGuid(pid: string): string | undefined {
  if (pid === "") return undefined;
  return UUID.test(pid)
    ? `urn:uuid:${pid.toLowerCase()}`
    : `urn:kaimen:pid:${encodeURIComponent(pid)}`;
}
