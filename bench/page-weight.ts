// What a page weighs as a browser receives it: the HTML on the wire (compressed as the server
// chose, for `Accept-Encoding: gzip, br`) and unpacked, the part of it that is hydration data
// (the inline scripts React Router writes: its context and the loaders' data), and the module
// scripts the page loads (its <script type=module src>, <link rel=modulepreload> and the
// imports of its inline module script), each fetched as a browser would. Also the caching
// answers a CDN relies on: a 304 to If-None-Match, and no Set-Cookie for an anonymous reader.
import http from "node:http";
import zlib from "node:zlib";

export const browserEncoding = "gzip, br";

export type Fetched = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes of the body as sent (compressed when the server compressed it). */
  wireBytes: number;
  /** The body unpacked. */
  body: Buffer;
};

/** One GET over node:http, which (unlike fetch) leaves the body as the server sent it. */
export function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const wire = Buffer.concat(chunks);
        const encoding = String(response.headers["content-encoding"] ?? "identity");
        const body =
          encoding === "br"
            ? zlib.brotliDecompressSync(wire)
            : encoding === "gzip"
              ? zlib.gunzipSync(wire)
              : encoding === "deflate"
                ? zlib.inflateSync(wire)
                : wire;
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          wireBytes: wire.length,
          body,
        });
      });
    });
    request.setTimeout(60_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
  });
}

export type PageWeight = {
  status: number;
  encoding: string;
  htmlWireBytes: number;
  htmlRawBytes: number;
  hydrationBytes: number;
  scripts: { url: string; wireBytes: number; rawBytes: number; encoding: string }[];
  scriptWireBytes: number;
  scriptRawBytes: number;
  stylesheetWireBytes: number;
  cacheControl: string;
};

/** The module scripts and stylesheets a page's HTML makes the browser fetch. */
export function pageAssets(html: string): { scripts: string[]; stylesheets: string[] } {
  const scripts = new Set<string>();
  const stylesheets = new Set<string>();
  for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
    if (tag.startsWith("<script") && attr("type") === "module" && attr("src"))
      scripts.add(attr("src")!);
    if (tag.startsWith("<link") && attr("rel") === "modulepreload" && attr("href"))
      scripts.add(attr("href")!);
    if (tag.startsWith("<link") && attr("rel") === "stylesheet" && attr("href"))
      stylesheets.add(attr("href")!);
  }
  // The inline module script imports the entry and the route modules by path.
  for (const block of inlineScripts(html))
    for (const match of block.matchAll(/import(?:[^"']*?from)?\s*\(?\s*["']([^"']+\.js)["']/g))
      scripts.add(match[1]!);
  return { scripts: [...scripts], stylesheets: [...stylesheets] };
}

/** The bodies of the page's inline <script> elements (those without src). */
export function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    .filter((match) => !/\bsrc=/.test(match[1]!))
    .map((match) => match[2]!);
}

/** Weighs one page and everything it loads, as a browser accepting gzip and brotli gets it. */
export async function weighPage(base: string, pagePath: string): Promise<PageWeight> {
  const page = await get(new URL(pagePath, base).toString(), {
    "Accept-Encoding": browserEncoding,
  });
  const html = page.body.toString("utf8");
  const hydrationBytes = inlineScripts(html).reduce((sum, s) => sum + Buffer.byteLength(s), 0);
  const { scripts, stylesheets } = pageAssets(html);
  const fetchAll = (urls: string[]) =>
    Promise.all(
      urls.map(async (asset) => {
        const got = await get(new URL(asset, base).toString(), {
          "Accept-Encoding": browserEncoding,
        });
        if (got.status !== 200) throw new Error(`GET ${asset} answered ${got.status}`);
        return {
          url: asset,
          wireBytes: got.wireBytes,
          rawBytes: got.body.length,
          encoding: String(got.headers["content-encoding"] ?? "identity"),
        };
      }),
    );
  const loaded = await fetchAll(scripts);
  const styles = await fetchAll(stylesheets);
  return {
    status: page.status,
    encoding: String(page.headers["content-encoding"] ?? "identity"),
    htmlWireBytes: page.wireBytes,
    htmlRawBytes: page.body.length,
    hydrationBytes,
    scripts: loaded,
    scriptWireBytes: loaded.reduce((sum, s) => sum + s.wireBytes, 0),
    scriptRawBytes: loaded.reduce((sum, s) => sum + s.rawBytes, 0),
    stylesheetWireBytes: styles.reduce((sum, s) => sum + s.wireBytes, 0),
    cacheControl: String(page.headers["cache-control"] ?? ""),
  };
}

/** Whether a repeated GET with the page's ETag gets 304, and whether the GET set a cookie. */
export async function cachingAnswers(
  base: string,
  pagePath: string,
): Promise<{ etag: string | null; notModified: boolean; setsCookie: boolean }> {
  const url = new URL(pagePath, base).toString();
  const first = await get(url, { "Accept-Encoding": browserEncoding });
  const etag = typeof first.headers.etag === "string" ? first.headers.etag : null;
  const again = etag
    ? await get(url, { "Accept-Encoding": browserEncoding, "If-None-Match": etag })
    : null;
  return {
    etag,
    notModified: again?.status === 304,
    setsCookie: (first.headers["set-cookie"]?.length ?? 0) > 0,
  };
}
