import { renderToStaticMarkup } from "react-dom/server";
import type { ReadingNode } from "../../editor/reading.ts";
import { ReadingBody, type ArticleExtra } from "../components/legal-text.tsx";
import { LIVE_MS, ReadingCaches, type RenderedReading } from "./reading-caches.ts";

// Published readings never change, so their text is rendered to HTML once per (version, locale,
// page label) and kept here; pages put it in the document as markup (app/components/legal-text
// PreparedHtml), never in the hydration data. A page that adds something under each article (the
// consultation page's 提意见 and counts) gets the text split at those places — an empty
// <template data-slot="pid"> marks each — and joins its own small pieces in between, so the 113
// articles are never rendered again for a new count.
//
// Cost: one React render of the text per key (a few ms for the 二审稿), then a string join.
// Memory: bounded (app/lib/reading-caches.ts); a key evicted is rendered again. The text is React's escaped
// output of stored text, never HTML a user wrote.

const SLOT = /<template data-slot="([^"]*)"><\/template>/;
const slotted = new Set(["part", "chapter", "section", "article"]);

function render(
  tree: ReadingNode[],
  label: string,
  tocHeading: string,
): RenderedReading<ReadingNode> {
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

const fallback = new ReadingCaches();

/** The caches of this server (its load context's), or this module's own where none is given. */
function cachesOf(context: { readingCaches?: ReadingCaches }): ReadingCaches {
  return context.readingCaches ?? fallback;
}

/**
 * The rendered text under `key` (a version id with what else shapes the markup), rendered from
 * `loadTree` only when it is not kept yet; concurrent first requests share one render.
 */
export async function renderedReading(
  context: { readingCaches?: ReadingCaches },
  key: string,
  loadTree: () => Promise<ReadingNode[]>,
  options: { label: string; tocHeading: string },
): Promise<RenderedReading<ReadingNode>> {
  const { texts, textsPending: pending } = cachesOf(context);
  const kept = texts.get(key) as RenderedReading<ReadingNode> | undefined;
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
  return running as Promise<RenderedReading<ReadingNode>>;
}

/** The text with each slot filled by `fill` (rendered to static markup; null leaves it empty). */
export function fillSlots(
  rendered: RenderedReading<ReadingNode>,
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
// (ReadingCaches.forgetLive, called by the server after a successful write).

/** The live fragment under `key`, made by `make` when absent or older than LIVE_MS. */
export async function liveFragment(
  context: { readingCaches?: ReadingCaches },
  key: string,
  make: () => Promise<string>,
): Promise<string> {
  const caches = cachesOf(context);
  const kept = caches.live.get(key);
  if (kept !== undefined) return kept;
  let running = caches.livePending.get(key);
  if (!running) {
    const generation = caches.generation;
    running = make()
      .then((html) => {
        // A write recorded while this was being made may not be in it: do not keep it.
        if (generation === caches.generation) caches.live.set(key, html, LIVE_MS);
        return html;
      })
      .finally(() => {
        if (caches.livePending.get(key) === running) caches.livePending.delete(key);
      });
    caches.livePending.set(key, running);
  }
  return running;
}
