// Civil Code scale for drafters (issue 13 item 4). Creates a database of its own on the
// PostgreSQL server of BENCH_DATABASE_URL, loads ONE consultation the size of the Civil Code's
// full draft — a 1,260-article bill published as a reading, 120,000 opinions in a realistic mix —
// builds the embedded search index for them, starts the real app on it (`kaimen serve`, rate
// limits off, one process) signed in as a drafter of the bill and as a moderator, and measures
// the drafters' and the public's pages over HTTP:
//
//   p50/p95 over REQUESTS (30) requests per page, CONCURRENCY (3) at a time, after 2 warm-ups,
//   against the 300 ms goal; the exports of every opinion (CSV, XLSX) EXPORT_RUNS (3) times
//   each, one at a time: time to first and last byte, and the server's peak RSS growth while it
//   streams (constant memory: goal ≤ 150 MB whatever the count).
//
// The load uses INSERT … SELECT generate_series in the database (a deterministic hash picks each
// opinion's article, channel, respondent type, region, status and text), so it takes well under
// a minute; indexing the 120,000 opinions for search takes about as long again.
//
//   npm run bench:scale [-- --count 120000 --articles 1260 --keep]
//
// --keep leaves the database (its name is printed) instead of dropping it at the end.
// Figures measured while other programs run on the machine are noisy; the load average at the
// start is printed.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { projectRoot } from "../config/env.ts";
import { connectDatabase, migrateToLatest } from "../db/client.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeOrganization,
  makeUser,
} from "../db/factories.ts";
import { decodeText } from "../editor/import/decode.ts";
import { deriveProvisions } from "../editor/provisions.ts";
import { embeddedEngine } from "../search/embedded.ts";
import { reindexAll } from "../search/reindex.ts";
import { largeDocument, quantile } from "./support.ts";

const { values: args } = parseArgs({
  options: {
    count: { type: "string", default: "120000" },
    articles: { type: "string", default: "1260" },
    keep: { type: "boolean", default: false },
    // Measure a database kept by an earlier run (--keep) instead of loading a new one.
    reuse: { type: "string" },
  },
});
const COUNT = Number(args.count);
const ARTICLES = Number(args.articles);
const REQUESTS = Number(process.env.REQUESTS ?? 30);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 3);
const EXPORT_RUNS = Number(process.env.EXPORT_RUNS ?? 3);
const GOAL_MS = 300;
const EXPORT_MEMORY_GOAL_MB = 150;
const REQUEST_TIMEOUT_MS = 120_000;
const base =
  process.env.BENCH_DATABASE_URL ?? "postgres://kaimen_ci:kaimen_ci@127.0.0.1:5432/kaimen_ci";

const log = (line: string) => process.stderr.write(`${line}\n`);
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const started = performance.now();

// The vocabulary of the opinions: the clauses of the fixture laws.
const lawsDir = path.join(projectRoot, "tests/fixtures/laws");
const clauses = fs
  .readdirSync(lawsDir)
  .sort()
  .flatMap((f) =>
    decodeText(new Uint8Array(fs.readFileSync(path.join(lawsDir, f)))).split(/[。；;\n]/),
  )
  .map((s) => s.replace(/\s+/g, "").replace(/^第[一二三四五六七八九十百零]+条/, ""))
  .filter((s) => s.length >= 8 && s.length <= 120 && !/[#*|]/.test(s));
const openers = [
  "建议",
  "我认为",
  "希望",
  "提议",
  "关于这一条，",
  "请考虑",
  "基层反映，",
  "建议删除",
  "建议明确",
];
// Template campaigns (the same letter from many people, a district swapped in): the clusters.
const templates = [
  "我们{r}的居民一致建议，本条应当明确物业服务企业公开共有部分收益的期限和方式，并接受业主监督。",
  "{r}个体工商户建议，电子商务经营者的押金退还期限应当缩短为七日，逾期应当支付利息。",
  "来自{r}的家长们希望，未成年人网络保护的规定更加具体，平台应当设置防沉迷系统。",
  "{r}养老服务机构联名建议，居住权设立后应当允许登记机构提供线上办理。",
  "{r}村民代表反映，土地经营权流转合同应当采用书面形式并报乡镇备案。",
];
const districts = [
  "崇川区",
  "通州区",
  "海门区",
  "如皋市",
  "启东市",
  "海安市",
  "如东县",
  "港闸区",
  "开发区",
  "苏锡通园区",
  "东城街道",
  "西城镇",
];
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗".split("");

const searchWords = ["物业服务企业", "押金", "土地经营权", "未成年人", "登记机关 申请"];

interface Session {
  cookie: string;
}

async function main() {
  log(
    `load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const name = args.reuse ?? `kaimen_scale_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  if (!args.reuse) await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let server: Server | undefined;
  try {
    const loaded = args.reuse ? await reuse(databaseUrl) : await load(databaseUrl);
    server = await startServer(databaseUrl);
    log(`app serving at ${server.url} (pid ${server.pid})`);
    const drafter = await signIn(server.url, loaded.drafter);
    const moderator = await signIn(server.url, loaded.moderator);
    const results = await measure(server, loaded, drafter, moderator);
    report(results, loaded, name);
  } finally {
    await server?.stop();
    if (args.keep || args.reuse) log(`kept database ${name}`);
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

interface Loaded {
  consultationId: string;
  billId: string;
  versionId: string;
  hotPid: string;
  drafter: { email: string; password: string };
  moderator: { email: string; password: string };
  searchWords: string[];
  loadMs: number;
  indexMs: number;
}

async function load(databaseUrl: string): Promise<Loaded> {
  const loadStart = performance.now();
  const handle = await connectDatabase({ databaseUrl, poolSize: 4 });
  const db = handle.db;
  try {
    await migrateToLatest(db);
    const org = await makeOrganization(db, { slug: "bench-scale", name: "基准测试市人大常委会" });
    const drafter = await makeUser(db, {
      displayName: "起草人",
      roles: [{ role: "drafter", organizationId: org }],
    });
    const moderator = await makeUser(db, {
      displayName: "管理员",
      roles: [{ role: "moderator", organizationId: org }],
    });
    const document = largeDocument(ARTICLES, "中华人民共和国民法典（草案）");
    const provisions = deriveProvisions(document);
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: org,
      title: "中华人民共和国民法典（草案）",
      label: "first_reading",
      document,
      provisions,
      createdBy: drafter.id,
    });
    const consultationId = await makeConsultation(db, {
      versionId,
      title: "民法典草案公开征求意见",
      opensAt: new Date(Date.now() - 25 * 86_400_000),
      closesAt: new Date(Date.now() + 5 * 86_400_000),
      channels: ["online", "symposium", "visit", "questionnaire", "letter"],
    });
    const articlePids = provisions.filter((p) => p.kind === "article").map((p) => p.pid);
    const chapterPids = provisions.filter((p) => p.kind === "chapter").map((p) => p.pid);
    // Hot articles: a skewed (cubic) pick over the articles, spread through the text by a
    // fixed permutation, so a handful of articles draw thousands of opinions each.
    const stride = 7919 % articlePids.length || 1;
    const hotOrder = articlePids.map((_, i) => articlePids[(i * stride) % articlePids.length]!);
    const hotPid = hotOrder[0]!;

    // Contact points, each with a submitted report (汇总报送) of a few activities.
    const points: string[] = [];
    for (let i = 0; i < 12; i++) {
      const cp = await db
        .insertInto("contact_points")
        .values({
          organization_id: org,
          name: `${districts[i]}基层立法联系点`,
          district: districts[i]!,
          address: `${districts[i]}人民路 ${i + 1} 号`,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      points.push(cp.id);
    }
    const submissions: string[] = [];
    for (const point of points) {
      const s = await db
        .insertInto("submissions")
        .values({
          contact_point_id: point,
          consultation_id: consultationId,
          created_by: drafter.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      submissions.push(s.id);
      for (let k = 0; k < 3; k++)
        await db
          .insertInto("contact_point_activities")
          .values({
            contact_point_id: point,
            consultation_id: consultationId,
            submission_id: s.id,
            kind: (["symposium", "visit", "questionnaire"] as const)[k]!,
            held_on: new Date(Date.now() - (10 + k) * 86_400_000).toISOString().slice(0, 10),
            place: "联系点会议室",
            headcount: 12 + k * 7,
            lookup_token: randomBytes(12).toString("hex"),
            created_by: drafter.id,
          })
          .execute();
    }

    // People who support opinions (附议).
    await sql`
      INSERT INTO users (email, display_name, password_hash)
      SELECT 'scale-' || g || '@example.org', '读者' || g, 'x' FROM generate_series(1, 2000) g
    `.execute(db);

    // The opinions. The search index is built in bulk below instead of by the outbox.
    await sql`ALTER TABLE opinions DISABLE TRIGGER opinions_search_outbox`.execute(db);
    await sql`ALTER TABLE dispositions DISABLE TRIGGER dispositions_search_outbox`.execute(db);
    log(`loading ${COUNT.toLocaleString()} opinions on ${articlePids.length} articles…`);
    const chunk = 20_000;
    for (let from = 1; from <= COUNT; from += chunk) {
      const to = Math.min(COUNT, from + chunk - 1);
      await sql`
        INSERT INTO opinions (consultation_id, version_id, provision_pid, scope, body, proposed_text,
          channel, contact_point_id, submission_id, headcount, author_name, author_region,
          respondent_type, status, hidden_reason, held_words, receipt, lookup_code_hash,
          created_at, received_on)
        SELECT ${consultationId}, ${versionId}, x.pid,
          CASE WHEN x.pid IS NULL THEN 'draft' WHEN x.on_chapter THEN 'chapter' ELSE 'article' END,
          x.body,
          CASE WHEN x.h4 % 5 = 0 THEN (${clauses}::text[])[1 + x.h3 % ${clauses.length}] END,
          x.channel,
          CASE WHEN x.from_point THEN (${points}::text[])[1 + x.h2 % 12] END,
          CASE WHEN x.from_point THEN (${submissions}::text[])[1 + x.h2 % 12] END,
          CASE WHEN x.from_point THEN 1 + x.h3 % 30 ELSE 1 END,
          CASE WHEN x.h4 % 3 = 0 THEN NULL
            ELSE (${surnames}::text[])[1 + x.h4 % ${surnames.length}] || '某' END,
          CASE WHEN x.from_point THEN NULL ELSE (${districts}::text[])[1 + x.h2 % ${districts.length}] END,
          CASE WHEN x.h3 % 100 < 70 THEN 'individual'
            ELSE (ARRAY['enterprise','organization','deputy','cppcc_member','expert','department','other'])[1 + x.h4 % 7] END,
          CASE WHEN x.from_point THEN 'pending'
            WHEN x.h5 % 100 < 3 THEN 'pending' WHEN x.h5 % 100 < 5 THEN 'hidden' ELSE 'published' END,
          CASE WHEN NOT x.from_point AND x.h5 % 100 BETWEEN 3 AND 4 THEN '含广告内容' END,
          CASE WHEN NOT x.from_point AND x.h5 % 100 = 0 THEN ARRAY['敏感词'] END,
          'S' || x.g, 'x',
          now() - ((x.h1 % 2400000) || ' seconds')::interval,
          CASE WHEN x.from_point THEN (now() - ((x.h1 % 2400000) || ' seconds')::interval)::date END
        FROM (
          SELECT g, h1, h2, h3, h4, h5,
            h2 % 100 < 15 AS from_point,
            CASE WHEN h2 % 100 < 15 THEN (ARRAY['symposium','visit','questionnaire','letter'])[1 + h3 % 4]
              ELSE 'online' END AS channel,
            h1 % 100 >= 90 AND h1 % 100 < 95 AS on_chapter,
            CASE
              WHEN h1 % 100 >= 95 THEN NULL
              WHEN h1 % 100 >= 90 THEN (${chapterPids}::text[])[1 + h3 % ${chapterPids.length}]
              ELSE (${hotOrder}::text[])[1 + floor(${hotOrder.length} * power((h4 % 100000) / 100000.0, 3))::int]
            END AS pid,
            CASE WHEN h5 % 100 < 6
              THEN replace((${templates}::text[])[1 + h3 % ${templates.length}], '{r}',
                (${districts}::text[])[1 + h4 % ${districts.length}])
              ELSE (${openers}::text[])[1 + h1 % ${openers.length}]
                || (${clauses}::text[])[1 + h2 % ${clauses.length}] || '。'
                || CASE WHEN h3 % 2 = 0 THEN (${clauses}::text[])[1 + h4 % ${clauses.length}] || '。' ELSE '' END
            END AS body
          FROM (
            SELECT g,
              abs(hashtext('a' || g)) AS h1, abs(hashtext('b' || g)) AS h2,
              abs(hashtext('c' || g)) AS h3, abs(hashtext('d' || g)) AS h4,
              abs(hashtext('e' || g)) AS h5
            FROM generate_series(${from}::int, ${to}::int) g
          ) h
        ) x
      `.execute(db);
    }
    // The contact points' reports are submitted: the database publishes their opinions.
    await sql`
      UPDATE submissions SET status = 'submitted', submitted_at = now() WHERE consultation_id = ${consultationId}
    `.execute(db);
    // Dispositions on about a third of the published opinions, most handled with a reason.
    await sql`
      INSERT INTO dispositions (opinion_id, code, reason, decided_by, decided_at)
      SELECT id,
        (ARRAY['adopted','partly_adopted','not_adopted','already_covered','out_of_scope','for_reference'])[1 + abs(hashtext(id)) % 6],
        CASE WHEN abs(hashtext(id)) % 4 = 0 THEN '' ELSE '已在修改稿中研究吸收。' END,
        ${drafter.id}, now() - interval '1 day'
      FROM opinions WHERE status = 'published' AND abs(hashtext('h' || id)) % 100 < 33
    `.execute(db);
    // Supports: most on a few popular opinions.
    await sql`
      INSERT INTO supports (opinion_id, user_id)
      SELECT DISTINCT o.id, u.id
      FROM (SELECT id FROM opinions WHERE status = 'published' AND abs(hashtext('s' || id)) % 100 < 2) o
      CROSS JOIN LATERAL (
        SELECT id FROM users WHERE email LIKE 'scale-%'
        ORDER BY hashtext(o.id || users.id) LIMIT (1 + abs(hashtext(o.id)) % 25)
      ) u
    `.execute(db);
    // Reports of opinions (举报) for the moderation queue.
    await sql`
      INSERT INTO opinion_reports (opinion_id, reporter_ip, reason, category)
      SELECT id, '10.0.' || (abs(hashtext(id)) % 250) || '.1', '疑似广告', 'spam'
      FROM opinions WHERE status = 'published' AND abs(hashtext('r' || id)) % 1000 < 3
    `.execute(db);
    await sql`ALTER TABLE opinions ENABLE TRIGGER opinions_search_outbox`.execute(db);
    await sql`ALTER TABLE dispositions ENABLE TRIGGER dispositions_search_outbox`.execute(db);
    await sql`ANALYZE`.execute(db);
    const loadMs = performance.now() - loadStart;
    const counts = (
      await sql<{ total: number; published: number; handled: number; supports: number }>`
        SELECT (SELECT count(*) FROM opinions)::int AS total,
          (SELECT count(*) FROM opinions WHERE status = 'published')::int AS published,
          (SELECT count(*) FROM dispositions)::int AS handled,
          (SELECT count(*) FROM supports)::int AS supports
      `.execute(db)
    ).rows[0]!;
    log(
      `loaded in ${secs(loadMs)}: ${counts.total} opinions (${counts.published} published, ` +
        `${counts.handled} handled, ${counts.supports} supports)`,
    );

    // The search index, built as a reindex does, with the GIN index made after the rows.
    const indexStart = performance.now();
    await sql`DROP INDEX IF EXISTS search_documents_terms`.execute(db);
    await reindexAll(db, embeddedEngine(db), (done, total) => {
      if (done % 20_000 < 2000)
        log(`  indexed ${done.toLocaleString()} of ${total.toLocaleString()}`);
    });
    await sql`SET maintenance_work_mem = '512MB'`.execute(db);
    await sql`CREATE INDEX search_documents_terms ON search_documents USING gin (terms)`.execute(
      db,
    );
    await sql`ANALYZE search_documents`.execute(db);
    await sql`TRUNCATE search_outbox`.execute(db);
    const indexMs = performance.now() - indexStart;
    log(`search index built in ${secs(indexMs)}`);
    return {
      consultationId,
      billId,
      versionId,
      hotPid,
      drafter,
      moderator,
      searchWords,
      loadMs,
      indexMs,
    };
  } finally {
    await handle.close();
  }
}

/** What an earlier run loaded, read back, with two new accounts to sign in with. */
async function reuse(databaseUrl: string): Promise<Loaded> {
  const handle = await connectDatabase({ databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const found = (
      await sql<{ consultationId: string; billId: string; versionId: string; org: string }>`
        SELECT c.id AS "consultationId", v.bill_id AS "billId", v.id AS "versionId",
          b.organization_id AS org
        FROM consultations c JOIN versions v ON v.id = c.version_id JOIN bills b ON b.id = v.bill_id
        LIMIT 1
      `.execute(handle.db)
    ).rows[0]!;
    const hot = (
      await sql<{ pid: string }>`
        SELECT provision_pid AS pid FROM opinions WHERE scope = 'article'
        GROUP BY 1 ORDER BY count(*) DESC LIMIT 1
      `.execute(handle.db)
    ).rows[0]!;
    const drafter = await makeUser(handle.db, {
      roles: [{ role: "drafter", organizationId: found.org }],
    });
    const moderator = await makeUser(handle.db, {
      roles: [{ role: "moderator", organizationId: found.org }],
    });
    return { ...found, hotPid: hot.pid, drafter, moderator, searchWords, loadMs: 0, indexMs: 0 };
  } finally {
    await handle.close();
  }
}

interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** `kaimen serve` on the database: one process, rate limits off; resolves once it listens. */
function startServer(databaseUrl: string): Promise<Server> {
  const nodeArgs = process.env.SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, path.join(projectRoot, "bin/kaimen.js"), "serve"],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        KAIMEN_DEMO: "0",
        KAIMEN_RATE_LIMIT: "off",
        KAIMEN_WORKERS: "1",
        // As deployed: without it React renders with its development build, several times slower.
        NODE_ENV: "production",
        PORT: "0",
        HOST: "127.0.0.1",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the app did not start in 180 s")), 180_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      const match = /listening on (\d+)/.exec(chunk.toString());
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}`));
    });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

interface Answer {
  status: number;
  bytes: number;
  firstByteMs: number;
  lastByteMs: number;
  headers: http.IncomingHttpHeaders;
  body?: string;
}

/** One request; the body is read to its last byte (kept only when asked). */
function request(
  target: string,
  options: { method?: string; cookie?: string; body?: string; keepBody?: boolean } = {},
): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        agent,
        method: options.method ?? "GET",
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          ...(options.cookie ? { Cookie: options.cookie } : {}),
          ...(options.body
            ? {
                "Content-Type": "application/x-www-form-urlencoded",
                Origin: new URL(target).origin,
              }
            : {}),
        },
      },
      (res) => {
        const firstByteMs = performance.now() - t0;
        let bytes = 0;
        const parts: Buffer[] = [];
        res.on("data", (c: Buffer) => {
          bytes += c.length;
          if (options.keepBody) parts.push(c);
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            bytes,
            firstByteMs,
            lastByteMs: performance.now() - t0,
            headers: res.headers,
            ...(options.keepBody ? { body: Buffer.concat(parts).toString("utf8") } : {}),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout after ${REQUEST_TIMEOUT_MS} ms`)));
    req.on("error", reject);
    req.end(options.body);
  });
}

/** Signs in through the login form (double-submit CSRF token of our own). */
async function signIn(server: string, user: { email: string; password: string }): Promise<Session> {
  const token = randomBytes(24).toString("base64url");
  const form = new URLSearchParams({ email: user.email, password: user.password, _csrf: token });
  const answer = await request(`${server}/login`, {
    method: "POST",
    cookie: `kaimen_csrf=${token}`,
    body: form.toString(),
  });
  const set = answer.headers["set-cookie"] ?? [];
  const session = set.map((c) => c.split(";")[0]!).filter((c) => !c.startsWith("kaimen_csrf="));
  if (answer.status !== 302 || !session.length)
    throw new Error(`sign-in of ${user.email} answered ${answer.status}`);
  return { cookie: [`kaimen_csrf=${token}`, ...session].join("; ") };
}

interface PageResult {
  name: string;
  p50: number;
  p95: number;
  count: number;
  failures: string[];
  bytes: number;
  goal: number | null;
  note?: string;
}

/** REQUESTS requests over `urls` (round robin), CONCURRENCY at a time, after two warm-ups. */
async function measurePage(
  name: string,
  urls: string[],
  session: Session | undefined,
): Promise<PageResult> {
  const failures: string[] = [];
  for (let i = 0; i < 2; i++)
    await request(urls[i % urls.length]!, { cookie: session?.cookie }).catch(() => undefined);
  const times: number[] = [];
  let bytes = 0;
  let next = 0;
  const deadline = performance.now() + 180_000; // a page that takes forever stops at 3 minutes
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS && performance.now() < deadline) {
        const target = urls[next++ % urls.length]!;
        try {
          const a = await request(target, { cookie: session?.cookie });
          if (a.status !== 200) failures.push(`${a.status} ${new URL(target).pathname}`);
          times.push(a.lastByteMs);
          bytes = Math.max(bytes, a.bytes);
        } catch (error) {
          failures.push(`${(error as Error).message} ${new URL(target).pathname}`);
        }
      }
    }),
  );
  const result = {
    name,
    p50: quantile(times, 0.5),
    p95: quantile(times, 0.95),
    count: times.length,
    failures,
    bytes,
    goal: GOAL_MS,
  };
  log(
    `  ${name}: p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms ` +
      `(${times.length} requests, ${(bytes / 1024).toFixed(0)} KB${failures.length ? `, ${failures.length} failed: ${failures[0]}` : ""})`,
  );
  return result;
}

/** Resident memory of the server process (kB), from /proc. */
function rssKb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** An export downloaded EXPORT_RUNS times: first/last byte, size, and the peak RSS growth. */
async function measureExport(server: Server, name: string, target: string, session: Session) {
  const first: number[] = [];
  const last: number[] = [];
  let growth = 0;
  let bytes = 0;
  const failures: string[] = [];
  for (let i = 0; i < EXPORT_RUNS; i++) {
    // A quiet heap before each run, so the growth is the export's own.
    await new Promise((r) => setTimeout(r, 300));
    const before = rssKb(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(server.pid))), 25);
    try {
      const a = await request(target, { cookie: session.cookie });
      if (a.status !== 200) failures.push(String(a.status));
      first.push(a.firstByteMs);
      last.push(a.lastByteMs);
      bytes = a.bytes;
    } catch (error) {
      failures.push((error as Error).message);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssKb(server.pid));
    growth = Math.max(growth, (peak - before) / 1024);
  }
  log(
    `  ${name}: first byte p50 ${quantile(first, 0.5).toFixed(0)} ms, last byte p50 ` +
      `${quantile(last, 0.5).toFixed(0)} ms, max ${Math.max(...last).toFixed(0)} ms, ` +
      `${(bytes / 1_048_576).toFixed(1)} MB, peak RSS growth ${growth.toFixed(0)} MB` +
      (failures.length ? `, failed: ${failures.join(", ")}` : ""),
  );
  return { name, first, last, growth, bytes, failures };
}

type ExportResult = Awaited<ReturnType<typeof measureExport>>;

async function measure(server: Server, loaded: Loaded, drafter: Session, moderator: Session) {
  const s = server.url;
  const c = `${s}/consultations/${loaded.consultationId}`;
  const q = (w: string) => encodeURIComponent(w);
  log(`measuring: ${REQUESTS} requests per page, ${CONCURRENCY} at a time`);
  const pages: PageResult[] = [];
  const page = async (name: string, urls: string[], session?: Session) =>
    pages.push(await measurePage(name, urls, session));
  await page("consultation page", [c], drafter);
  await page("report page", [`${c}/report`], drafter);
  await page("statistics page", [`${c}/statistics`], drafter);
  await page("API stats", [`${s}/api/v1/consultations/${loaded.consultationId}/stats`]);
  await page(
    "moderation queue",
    [
      `${s}/moderation`,
      `${s}/moderation?view=reported`,
      `${s}/moderation?view=hidden&page=3`,
      `${s}/moderation?view=published&page=40`,
    ],
    moderator,
  );
  await page(
    "lineage (hot article)",
    [`${s}/bills/${loaded.billId}/provisions/${loaded.hotPid}`],
    drafter,
  );
  await page("provision opinions (hot article)", [
    `${c}/provisions/${loaded.hotPid}`,
    `${c}/provisions/${loaded.hotPid}?page=5`,
  ]);
  await page("opinions on the whole draft", [`${c}/opinions`, `${c}/opinions?page=10`]);
  await page(
    "search page",
    loaded.searchWords.map((w) => `${s}/search?q=${q(w)}`),
    drafter,
  );
  await page(
    "handling view",
    [
      `${c}/handling`,
      `${c}/handling?handled=no`,
      `${c}/handling?channel=letter`,
      `${c}/handling?q=${q("押金")}`,
    ],
    drafter,
  );
  const exports: ExportResult[] = [
    await measureExport(
      server,
      "export CSV (every opinion)",
      `${c}/export/opinions.csv?all=1`,
      drafter,
    ),
    await measureExport(
      server,
      "export XLSX (every opinion)",
      `${c}/export/opinions.xlsx?all=1`,
      drafter,
    ),
  ];
  return { pages, exports };
}

function report(results: Awaited<ReturnType<typeof measure>>, loaded: Loaded, database: string) {
  const line = (cols: string[]) =>
    `${cols[0]!.padEnd(36)} ${cols[1]!.padStart(8)} ${cols[2]!.padStart(8)} ${cols[3]!.padStart(8)}  ${cols[4]}`;
  console.log(
    `\nCivil Code scale: ${COUNT.toLocaleString()} opinions on ${ARTICLES} articles (database ${database}); ` +
      `load ${secs(loaded.loadMs)}, search index ${secs(loaded.indexMs)}; load average ` +
      `${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
  );
  console.log(line(["page", "p50 ms", "p95 ms", "goal", "met"]));
  const figures: {
    name: string;
    value: number;
    unit: string;
    goal: number | null;
    better: string;
  }[] = [];
  for (const p of results.pages) {
    const met = p.failures.length === 0 && p.p95 <= GOAL_MS;
    console.log(
      line([
        p.name,
        p.p50.toFixed(0),
        p.p95.toFixed(0),
        `≤ ${GOAL_MS}`,
        (met ? "met" : "MISSED") + (p.failures.length ? ` (${p.failures.length} failed)` : ""),
      ]),
    );
    figures.push({
      name: `scale: ${p.name} p95`,
      value: round(p.p95),
      unit: "ms",
      goal: GOAL_MS,
      better: "lower",
    });
  }
  for (const e of results.exports) {
    const ttfb = quantile(e.first, 0.95);
    console.log(
      line([
        `${e.name}, first byte`,
        quantile(e.first, 0.5).toFixed(0),
        ttfb.toFixed(0),
        `≤ ${GOAL_MS}`,
        ttfb <= GOAL_MS && !e.failures.length ? "met" : "MISSED",
      ]),
    );
    console.log(
      line([
        `${e.name}, last byte`,
        quantile(e.last, 0.5).toFixed(0),
        quantile(e.last, 0.95).toFixed(0),
        "—",
        `${(e.bytes / 1_048_576).toFixed(1)} MB`,
      ]),
    );
    console.log(
      line([
        `${e.name}, peak RSS growth`,
        "",
        `${e.growth.toFixed(0)} MB`,
        `≤ ${EXPORT_MEMORY_GOAL_MB}`,
        e.growth <= EXPORT_MEMORY_GOAL_MB ? "met" : "MISSED",
      ]),
    );
    figures.push(
      {
        name: `scale: ${e.name} first byte p95`,
        value: round(ttfb),
        unit: "ms",
        goal: GOAL_MS,
        better: "lower",
      },
      {
        name: `scale: ${e.name} last byte p50`,
        value: round(quantile(e.last, 0.5)),
        unit: "ms",
        goal: null,
        better: "lower",
      },
      {
        name: `scale: ${e.name} peak RSS growth`,
        value: round(e.growth),
        unit: "MB",
        goal: EXPORT_MEMORY_GOAL_MB,
        better: "lower",
      },
    );
  }
  const totalMs = performance.now() - started;
  console.log(`whole run: ${secs(totalMs)} (goal < 600 s)`);
  figures.push(
    {
      name: "scale: load of 120,000 opinions",
      value: round(loaded.loadMs / 1000),
      unit: "s",
      goal: null,
      better: "lower",
    },
    {
      name: "scale: whole bench run",
      value: round(totalMs / 1000),
      unit: "s",
      goal: 600,
      better: "lower",
    },
  );
  console.log(`BENCH-FIGURES ${JSON.stringify({ figures })}`);
}

const round = (x: number) => Math.round(x * 10) / 10;

await main().finally(() => agent.destroy());
