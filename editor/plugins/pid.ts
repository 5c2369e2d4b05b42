// Every provision has a pid no other provision shares (DESIGN.md decision 2). Commands give
// the provisions they create a pid themselves; this plugin is the safety net for everything
// else: pasted provisions, a generic split that copied its pid into both halves, a duplicate.
// The rule is ensureUniquePids's, the first holder in document order keeps a pid, with one
// refinement the editor can afford because it knows what a transaction inserted: a provision
// that was already in the document wins over one the transaction brought in. Otherwise a copy
// of 第十条 pasted above it would take its pid, and the opinions on 第十条 would move to the copy.

import { Plugin, PluginKey } from "prosemirror-state";
import type { EditorState, Transaction } from "prosemirror-state";
import {
  AddMarkStep,
  AddNodeMarkStep,
  AttrStep,
  DocAttrStep,
  RemoveMarkStep,
  RemoveNodeMarkStep,
  ReplaceAroundStep,
  ReplaceStep,
} from "prosemirror-transform";
import { Mapping } from "prosemirror-transform";
import type { Step } from "prosemirror-transform";
import type { Fragment } from "prosemirror-model";
import { isProvisionType } from "../document-json.ts";
import { newPid } from "../pid.ts";

/** The key of the pid plugin; its transactions carry it as meta. */
export const pidKey = new PluginKey("kaimenPids");

// prosemirror-collab's receiveTransaction marks the transactions it makes from the server's
// steps with the "rebased" meta. Those steps already carry the pids their author's plugin gave
// them; re-issuing pids on every receiving client would make each one invent different pids
// for the same provision.
const isFromServer = (tr: Transaction): boolean => tr.getMeta("rebased") !== undefined;

function holdsProvision(content: Fragment): boolean {
  let found = false;
  content.descendants((node) => {
    if (found || node.isTextblock) return false;
    if (isProvisionType(node.type.name)) found = true;
    return !found;
  });
  return found;
}

// Cheap screening, so typing never walks the document: only steps that can bring in a
// provision or change a pid are worth a look.
function mayBreakPids(step: Step): boolean {
  if (step instanceof ReplaceStep || step instanceof ReplaceAroundStep) {
    return holdsProvision(step.slice.content);
  }
  if (step instanceof AttrStep) return step.attr === "pid";
  const harmless = [AddMarkStep, RemoveMarkStep, AddNodeMarkStep, RemoveNodeMarkStep, DocAttrStep];
  return !harmless.some((stepClass) => step instanceof stepClass);
}

/** Ranges of a document that some transactions inserted, as [from, to] pairs. */
export type InsertedRanges = readonly (readonly [number, number])[];

// Where the transactions put new content, in the document they end with.
function insertedRanges(transactions: readonly Transaction[]): InsertedRanges {
  const ranges: [number, number][] = [];
  transactions.forEach((tr, trIndex) => {
    tr.mapping.maps.forEach((map, mapIndex) => {
      const onward = new Mapping();
      onward.appendMapping(tr.mapping.slice(mapIndex + 1));
      for (const later of transactions.slice(trIndex + 1)) onward.appendMapping(later.mapping);
      map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
        if (newEnd > newStart) ranges.push([onward.map(newStart, -1), onward.map(newEnd, 1)]);
      });
    });
  });
  return ranges;
}

// A pid held twice stays with the holder outside `inserted` (what the transactions brought
// in), else with the first in document order. Also useful once on load, for a document that
// came from elsewhere.
/** A transaction that gives each provision lacking a unique pid a fresh one; null if none does. */
export function repairPids(state: EditorState, inserted: InsertedRanges = []): Transaction | null {
  interface Holder {
    pos: number;
    pid: string;
    isNew: boolean;
  }
  const holders: Holder[] = [];
  state.doc.descendants((node, pos) => {
    if (node.isTextblock) return false;
    if (!isProvisionType(node.type.name)) return true;
    const pid = typeof node.attrs.pid === "string" ? node.attrs.pid : "";
    const end = pos + node.nodeSize;
    const isNew = inserted.some(([from, to]) => from <= pos && end <= to);
    holders.push({ pos, pid, isNew });
    return true;
  });
  const keepers = new Map<string, Holder>();
  for (const holder of holders) {
    const keeper = keepers.get(holder.pid);
    if (holder.pid !== "" && (!keeper || (keeper.isNew && !holder.isNew))) {
      keepers.set(holder.pid, holder);
    }
  }
  const needsPid = holders.filter((holder) => keepers.get(holder.pid) !== holder);
  if (needsPid.length === 0) return null;
  const tr = state.tr;
  // Attribute steps do not move positions, so each holder's position stays valid.
  for (const holder of needsPid) tr.setNodeAttribute(holder.pos, "pid", newPid());
  return tr.setMeta(pidKey, true);
}

/** A plugin that keeps every provision's pid present and unique (see above). */
export function pidPlugin(): Plugin {
  return new Plugin({
    key: pidKey,
    appendTransaction(transactions, _oldState, newState) {
      const suspect = transactions.some(
        (tr) =>
          tr.docChanged && !tr.getMeta(pidKey) && !isFromServer(tr) && tr.steps.some(mayBreakPids),
      );
      return suspect ? repairPids(newState, insertedRanges(transactions)) : null;
    },
  });
}
