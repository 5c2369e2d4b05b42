import { renderToStaticMarkup } from "react-dom/server";
import type { ReadingNode } from "../../editor/reading.ts";
import { ReadingBody, type ArticleExtra } from "../components/legal-text.tsx";
import { ByteLru } from "./byte-lru.ts";

// Published readings never change, so their text is rendered to HTML once per (version, locale,
// page label) and kept here; pages put it in the document as markup (app/components/legal-text
// PreparedHtml), never in the hydration data. A page that adds something under each article (the
// consultation page's 提意见 and counts) gets the text split at those places — an empty
// <template data-slot="pid"> marks each — and joins its own small pieces in between, so the 113
// articles are never rendered again for a new count.
//
// Cost: one React render of the text per key (a few ms for the 二审稿), then a string join.
// Memory: bounded by TEXT_BYTES; a key evicted is rendered again. The text is React's escaped
// output of stored text, never HTML a user wrote.

/** A reading's HTML cut at its slots: parts[0], slot 0, parts[1], …, parts[n]. */
export interface RenderedReading {
  parts: string[];
  slots: ReadingNode[];
}

const TEXT_BYTES = 64 * 1024 * 1024;
const size = (value: { parts: string[] }) => value.parts.reduce((n, p) => n + p.length * 2, 64);
const texts = new ByteLru<RenderedReading>(TEXT_BYTES, size);
const pending = new Map<string, Promise<RenderedReading>>();

const SLOT = /<template data-slot="([^"]*)"><\/template>/;
const slotted = new Set(["part", "chapter", "section", "article"]);

function render(tree: ReadingNode[], label: string, tocHeading: string): RenderedReading {
  const byPid = new Map<string, ReadingNode>();
  const mark: ArticleExtra = (node) => {
    if (!node.pid || !slotted.has(node.kind)) return null;
    byPid.set(node.pid, node);
    return <template data-slot={node.pid} />;
  };
  const html = renderToStaticMarkup(
    <ReadingBody tree={tree} label={label} tocHeading={tocHeading} extra={mark} />,
  );
  // split with one capture group alternates text and captured pid.
  const pieces = html.split(SLOT);
  const parts: string[] = [];
  const slots: ReadingNode[] = [];
  pieces.forEach((piece, i) => {
    if (i % 2 === 0) parts.push(piece);
    else slots.push(byPid.get(piece)!);
  });
  return { parts, slots };
}

/**
 * The rendered text under `key` (a version id with what else shapes the markup), rendered from
 * `loadTree` only when it is not kept yet; concurrent first requests share one render.
 */
export async function renderedReading(
  key: string,
  loadTree: () => Promise<ReadingNode[]>,
  options: { label: string; tocHeading: string },
): Promise<RenderedReading> {
  const kept = texts.get(key);
  if (kept) return kept;
  let running = pending.get(key);
  if (!running) {
    running = loadTree()
      .then((tree) => {
        const rendered = render(tree, options.label, options.tocHeading);
        texts.set(key, rendered);
        return rendered;
      })
      .finally(() => {
        if (pending.get(key) === running) pending.delete(key);
      });
    pending.set(key, running);
  }
  return running;
}

/** The text with each slot filled by `fill` (rendered to static markup; null leaves it empty). */
export function fillSlots(
  rendered: RenderedReading,
  fill?: (node: ReadingNode) => React.ReactNode,
): string {
  if (!fill) return rendered.parts.join("");
  let html = rendered.parts[0]!;
  rendered.slots.forEach((node, i) => {
    const piece = fill(node);
    if (piece !== null && piece !== undefined) html += renderToStaticMarkup(<>{piece}</>);
    html += rendered.parts[i + 1]!;
  });
  return html;
}

// Live fragments: the text with counts beside it, shared by every reader of this process for at
// most LIVE_MS and dropped at once when this process records something that changes them
// (forgetLive, called by the server after a successful write). Other processes see a change
// within LIVE_MS, plus as long again in the page cache that holds the page made from it
// (server/server.ts): 2 s in all.
export const LIVE_MS = 1000;
const live = new ByteLru<string>(16 * 1024 * 1024, (html) => html.length * 2);
const livePending = new Map<string, Promise<string>>();
let liveGeneration = 0;

/** The live fragment under `key`, made by `make` when absent or older than LIVE_MS. */
export async function liveFragment(key: string, make: () => Promise<string>): Promise<string> {
  const kept = live.get(key);
  if (kept !== undefined) return kept;
  let running = livePending.get(key);
  if (!running) {
    const generation = liveGeneration;
    running = make()
      .then((html) => {
        // A write recorded while this was being made may not be in it: do not keep it.
        if (generation === liveGeneration) live.set(key, html, LIVE_MS);
        return html;
      })
      .finally(() => {
        if (livePending.get(key) === running) livePending.delete(key);
      });
    livePending.set(key, running);
  }
  return running;
}

/** Drops the live fragments whose key starts with `prefix` (all of them without one). */
export function forgetLive(prefix?: string): void {
  liveGeneration++;
  live.clear(prefix ? (key) => key.startsWith(prefix) : undefined);
  // A fragment being made now started before the write: its readers must not share it.
  for (const key of livePending.keys())
    if (!prefix || key.startsWith(prefix)) livePending.delete(key);
}
