import { createContext, useContext, useState } from "react";
import { useNavigate } from "react-router";
import type { ReadingNode } from "../../editor/reading.ts";

/** Anchor of a provision on reading pages: stable across readings because it is the pid. */
export const provisionAnchor = (pid: string) => `p-${pid}`;

/** Something a page puts under each article and after each heading (the consultation page's "提意见"). */
export type ArticleExtra = (article: ReadingNode) => React.ReactNode;

function Block({ node, extra }: { node: ReadingNode; extra?: ArticleExtra }) {
  const id = node.pid ? provisionAnchor(node.pid) : undefined;
  switch (node.kind) {
    case "title":
      return null;
    case "note":
      return <p className="law-note">{node.text}</p>;
    case "preamble":
      return <p className="law-preamble">{node.text}</p>;
    case "part":
    case "chapter":
    case "section":
      return (
        <section
          id={id}
          className={`law-${node.kind}`}
          aria-labelledby={id ? `${id}-h` : undefined}
        >
          {node.label || node.text ? (
            <h2 id={id ? `${id}-h` : undefined} className={`heading-${node.kind}`}>
              {node.label} {node.text}
            </h2>
          ) : null}
          {extra ? extra(node) : null}
          {node.children.map((child, i) => (
            <Block key={child.pid ?? i} node={child} extra={extra} />
          ))}
        </section>
      );
    case "article":
      return (
        <div id={id} className="provision article">
          {node.children.map((paragraph, i) => (
            <div
              key={paragraph.pid ?? i}
              id={paragraph.pid ? provisionAnchor(paragraph.pid) : undefined}
              className="paragraph"
            >
              <p>
                {i === 0 ? <strong className="article-label">{node.label}</strong> : null}
                {paragraph.text}
              </p>
              {paragraph.children.map((item, j) => (
                <Block key={item.pid ?? j} node={item} />
              ))}
            </div>
          ))}
          {extra ? extra(node) : null}
        </div>
      );
    case "item":
    case "subitem":
      return (
        <div id={id} className={node.kind}>
          <p>
            {node.label}
            {node.text}
          </p>
          {node.children.map((child, i) => (
            <Block key={child.pid ?? i} node={child} />
          ))}
        </div>
      );
    default:
      return null;
  }
}

/** A legal text as a reader sees it, rendered on the server from its reading tree. */
export function LegalText({ tree, extra }: { tree: ReadingNode[]; extra?: ArticleExtra }) {
  return (
    <div className="law-text">
      {tree.map((node, i) => (
        <Block key={node.pid ?? `${node.kind}-${i}`} node={node} extra={extra} />
      ))}
    </div>
  );
}

/** The chapters (and sections) of a text, for its table of contents. */
export function tableOfContents(
  tree: ReadingNode[],
): { pid: string; label: string; depth: number }[] {
  const out: { pid: string; label: string; depth: number }[] = [];
  const visit = (nodes: ReadingNode[], depth: number) => {
    for (const node of nodes) {
      if (
        (node.kind === "part" || node.kind === "chapter" || node.kind === "section") &&
        node.pid &&
        (node.label || node.text)
      ) {
        out.push({ pid: node.pid, label: `${node.label} ${node.text}`.trim(), depth });
        visit(node.children, depth + 1);
      }
    }
  };
  visit(tree, 0);
  return out;
}

/** A reading page's body: the contents beside the text, each entry a link to its anchor. */
export function ReadingBody({
  tree,
  label,
  tocHeading,
  extra,
}: {
  tree: ReadingNode[];
  label: string;
  tocHeading: string;
  extra?: ArticleExtra;
}) {
  const toc = tableOfContents(tree);
  return (
    <div className="reading-body">
      {toc.length ? (
        <nav aria-labelledby="toc-heading" className="toc">
          <h2 id="toc-heading">{tocHeading}</h2>
          <ol>
            {toc.map((entry) => (
              <li key={entry.pid} className={`depth-${entry.depth}`}>
                <a href={`#${provisionAnchor(entry.pid)}`}>{entry.label}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <article aria-label={label}>
        <LegalText tree={tree} extra={extra} />
      </article>
    </div>
  );
}

/**
 * The server's prepared fragments of this response (app/lib/reading-html.server.tsx), by key;
 * provided by app/entry.server.tsx. In the browser there is none.
 */
export const PreparedFragments = createContext<((key: string) => string | undefined) | null>(null);

/** What a loader sends for a prepared text: its key, and its HTML only on client navigation. */
export interface PreparedText {
  key: string;
  html?: string;
}

const PREPARED_ID = "reading-text";

/**
 * A reading's text as the server rendered it once (app/lib/reading-html.server.tsx). On the server
 * the markup comes from the response's prepared fragments; on hydration the browser keeps the
 * server's DOM (its own innerHTML is what it was given), so the text is never repeated in the
 * hydration data; on client navigation the loader's data carries the HTML. Links inside are
 * plain anchors: a click on one of this site's pages navigates in the app.
 */
export function PreparedHtml({ text }: { text: PreparedText }) {
  const prepared = useContext(PreparedFragments);
  const navigate = useNavigate();
  const [hydrated] = useState(() =>
    prepared || typeof document === "undefined"
      ? undefined
      : document.getElementById(PREPARED_ID)?.innerHTML,
  );
  const html = text.html ?? prepared?.(text.key) ?? hydrated ?? "";
  const follow = (event: React.MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    const link = (event.target as Element).closest("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, window.location.href);
    const samePage =
      url.pathname === window.location.pathname && url.search === window.location.search;
    if (url.origin !== window.location.origin || samePage) return;
    event.preventDefault();
    void navigate(url.pathname + url.search + url.hash);
  };
  return (
    // The anchors inside take the keyboard themselves (Enter on a link is a click); this only
    // routes their clicks.
    <div id={PREPARED_ID} onClick={follow} dangerouslySetInnerHTML={{ __html: html }} />
  );
}
