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
