import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../config/env.ts";
import type { LegalDocJSON } from "../editor/document-json.ts";
import { decodeText } from "../editor/import/decode.ts";
import { parseLegalText } from "../editor/import/parse.ts";
import { ensureUniquePids } from "../editor/provisions.ts";

/** A document of `count` real articles (from the fixture laws, repeated), in chapters of 30. */
export function largeDocument(count: number, title: string): LegalDocJSON {
  const files = fs
    .readdirSync(path.join(projectRoot, "tests/fixtures/laws"))
    .filter((f) => f.endsWith(".md"))
    .sort();
  const articles: unknown[] = [];
  const collect = (nodes: { type: string; content?: unknown[] }[]) => {
    for (const node of nodes) {
      if (node.type === "article") articles.push(node);
      else if (node.content && node.type !== "article")
        collect(node.content as { type: string; content?: unknown[] }[]);
    }
  };
  for (const file of files)
    collect(
      parseLegalText(
        decodeText(
          new Uint8Array(fs.readFileSync(path.join(projectRoot, "tests/fixtures/laws", file))),
        ),
      ).doc.content as never,
    );
  const chosen = Array.from({ length: count }, (_, i) =>
    structuredClone(articles[i % articles.length]),
  );
  const chapters = [];
  for (let i = 0; i < chosen.length; i += 30) {
    chapters.push({
      type: "chapter",
      attrs: { pid: "", printedNumber: null },
      content: [
        { type: "heading", content: [{ type: "text", text: `第${i / 30 + 1}部分条文` }] },
        ...chosen.slice(i, i + 30),
      ],
    });
  }
  return ensureUniquePids({
    type: "doc",
    content: [{ type: "title", content: [{ type: "text", text: title }] }, ...chapters],
  } as unknown as LegalDocJSON);
}

/**
 * Loads the Nantong demo into an embedded database in `dataDir` the way a person would, with
 * `kaimen seed` (bench/ drives the app through its layers or its command line, not the CLI's
 * internals).
 */
export function seedDemo(dataDir: string): void {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "bin/kaimen.js"), "seed"], {
    cwd: projectRoot,
    env: { ...process.env, KAIMEN_DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error(`kaimen seed exited with ${result.status}`);
}

/** Starts the built app on a data folder and a free port; resolves with its URL and a stop function. */
export async function startServer(
  dataDir: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(projectRoot, "bin/kaimen.js"), "serve"],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        KAIMEN_DATA_DIR: dataDir,
        PORT: "0",
        HOST: "127.0.0.1",
        KAIMEN_RATE_LIMIT: "off",
        DATABASE_URL: "",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export { launchChromium } from "../tools/chromium.ts";

/** The q-th quantile (0..1) of a list of numbers. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
