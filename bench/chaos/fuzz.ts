// The fuzz corpus: hostile requests (NUL bytes, deep JSON, huge strings, broken encodings,
// malformed multipart, over-long keys and ids, CR/LF in next=, zip bombs) sent one at a time,
// each answered by status class; a 5xx, a leaked stack / path / SQL, or the app dying is a
// failure. While each request is in flight, /healthz is probed to see whether the event loop
// is blocked.
import { randomUUID } from "node:crypto";
import iconv from "iconv-lite";
import JSZip from "jszip";
import { ask, leakIn, signIn, sleep, type Answer, type App } from "./support.ts";

export interface FuzzFigures {
  cases: number;
  byClass: Record<string, number>;
  fiveXx: { name: string; status: number }[];
  leaks: { name: string; status: number; kind: string; excerpt: string }[];
  networkErrors: { name: string; error: string }[];
  /** The longest /healthz wait while one case was in flight, and that case. */
  slowest: { name: string; ms: number; healthzMs: number }[];
  unplannedExits: number;
  ceilingKills: number;
  peakMb: number;
}

type Role = "drafter" | "coordinator" | null;

interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Sign in as this demo account (and send its CSRF token). */
  as?: Role;
  timeoutMs?: number;
}

const demo = {
  drafter: { email: "drafter@demo.kaimen.cn", password: "kaimen-drafter-2026" },
  coordinator: { email: "coordinator@demo.kaimen.cn", password: "kaimen-coordinator-2026" },
};

const json = { "Content-Type": "application/json" };
const form = { "Content-Type": "application/x-www-form-urlencoded" };
const key = () => ({ "Idempotency-Key": `fuzz-${randomUUID()}` });

/** A multipart body with one file part and some fields. */
function multipart(
  boundary: string,
  fields: Record<string, string>,
  file?: { name: string; filename: string; type: string; bytes: Buffer },
): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(parts);
}

/** A .docx whose word/document.xml unpacks to `mb` megabytes of paragraphs. */
export async function docxBomb(mb: number): Promise<Buffer> {
  const paragraph = "<w:p><w:r><w:t>第一条 为了测试，制定本条例。</w:t></w:r></w:p>";
  const head =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
  const tail = "</w:body></w:document>";
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const unit = Buffer.from(paragraph);
  const body = Buffer.alloc(Math.floor((mb * 1024 * 1024) / unit.length) * unit.length, unit);
  zip.file("word/document.xml", Buffer.concat([Buffer.from(head), body, Buffer.from(tail)]));
  return zip.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
  });
}

const xlsxParts: [string, string][] = [
  [
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ],
  [
    "_rels/.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  ],
  [
    "xl/workbook.xml",
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="意见" sheetId="1" r:id="rId1"/></sheets></workbook>',
  ],
  [
    "xl/_rels/workbook.xml.rels",
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  ],
];

/** An .xlsx whose one sheet is `rows` (the bytes between <sheetData> and </sheetData>). */
async function xlsxOf(rows: Buffer): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of xlsxParts) zip.file(name, text);
  zip.file(
    "xl/worksheets/sheet1.xml",
    Buffer.concat([
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
      ),
      rows,
      Buffer.from("</sheetData></worksheet>"),
    ]),
  );
  return zip.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
  });
}

/** An .xlsx bomb: one row repeated until the sheet unpacks to `mb` megabytes. */
export function xlsxBomb(mb: number): Promise<Buffer> {
  const row = Buffer.from(
    `<row><c t="inlineStr"><is><t>${"建议明确责任主体。".repeat(4)}</t></is></c><c t="inlineStr"><is><t>个人</t></is></c></row>`,
  );
  return xlsxOf(Buffer.alloc(Math.floor((mb * 1024 * 1024) / row.length) * row.length, row));
}

/** An .xlsx of `count` distinct, plausible rows. */
export function xlsxRows(count: number): Promise<Buffer> {
  const parts: string[] = [];
  for (let r = 1; r <= count; r++)
    parts.push(
      `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>第${r}条意见：建议明确责任主体。</t></is></c>` +
        `<c r="B${r}" t="inlineStr"><is><t>个人</t></is></c></row>`,
    );
  return xlsxOf(Buffer.from(parts.join("")));
}

/** The corpus, for an open consultation and its bill. */
async function corpus(consultationId: string, billId: string, bombMb: number): Promise<Case[]> {
  const c = consultationId;
  const opinions = `/api/v1/consultations/${c}/opinions`;
  const post = (
    name: string,
    body: string | Buffer,
    headers: Record<string, string | number> = {},
  ): Case => ({
    name,
    method: "POST",
    path: opinions,
    headers: { ...json, ...key(), ...headers },
    body,
  });
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  const cases: Case[] = [];

  // NUL bytes: in the path, the query, forms and JSON.
  for (const p of [
    "/consultations/%00",
    `/consultations/${c}%00`,
    "/bills/%00/versions/%00",
    `/consultations/${c}/provisions/%00`,
    "/api/v1/consultations/%00",
    `/api/v1/consultations/${c}%00/opinions`,
    "/opinions/%00/report",
    "/activities/%00",
    "/submissions/%00/report.docx",
    "/%00",
  ])
    cases.push({ name: `NUL in path ${p}`, path: p });
  for (const p of [
    "/search?q=%00",
    "/search?q=a%00b&kind=%00",
    "/api/v1/search?q=%00",
    `/api/v1/consultations/${c}/opinions?provision=%00`,
    `/api/v1/consultations/${c}/opinions?next=%00`,
    "/api/v1/opinions/lookup?receipt=%00&code=%00",
    "/opinions/lookup?receipt=%00&code=%00",
    "/login?next=%00",
    `/consultations/${c}?provision=%00`,
    "/consultations?status=%00",
    "/api/v1/consultations?limit=%00&next=%00",
    "/api/v1/contact-points?next=%00",
  ])
    cases.push({ name: `NUL in query ${p}`, path: p });
  cases.push(
    {
      name: "NUL in form /login",
      method: "POST",
      path: "/login",
      headers: form,
      body: "email=a%00%40x.cn&password=%00",
    },
    {
      name: "NUL in form /signup",
      method: "POST",
      path: "/signup",
      headers: form,
      body: "email=n%00%40x.cn&displayName=%00&password=%00%00%00%00%00%00%00%00%00",
    },
    {
      name: "NUL in form /opinions/lookup",
      method: "POST",
      path: "/opinions/lookup",
      headers: form,
      body: "receipt=%00&code=%00",
    },
    {
      name: "NUL in form /consultations/:id/opinions/new",
      method: "POST",
      path: `/consultations/${c}/opinions/new`,
      headers: form,
      body: "body=%00&scope=draft",
    },
    post("NUL in JSON body", JSON.stringify({ scope: "draft", body: "意见\u0000正文" })),
    post(
      "NUL in JSON author",
      JSON.stringify({
        scope: "draft",
        body: "意见",
        author: { name: "\u0000", region: "\u0000" },
      }),
    ),
    post("NUL in JSON provisionPid", JSON.stringify({ provisionPid: "\u0000", body: "意见" })),
    post("NUL in JSON key", '{"body\u0000":"x","scope":"draft"}'),
    post(
      "U+FFFE / U+FFFF in JSON body",
      JSON.stringify({ scope: "draft", body: "意见\uFFFE\uFFFF正文" }),
    ),
    post("lone surrogate in JSON", '{"scope":"draft","body":"\\ud800意见"}'),
  );

  // Depth and size.
  cases.push(
    post("JSON nested 5,000 deep (quote)", `{"scope":"draft","body":"x","quote":${deep(5000)}}`),
    post("JSON nested 5,000 deep (top)", deep(5000)),
    post("JSON nested 100,000 deep", deep(100_000)),
    post(
      "object with 100,000 keys",
      `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":1`).join(",")},"body":"x","scope":"draft"}`,
    ),
    post("body of 5,001 characters", JSON.stringify({ scope: "draft", body: "意".repeat(5001) })),
    post(
      "body of 1,000,000 characters",
      JSON.stringify({ scope: "draft", body: "意".repeat(1_000_000) }),
    ),
    post(
      "author name of 100,000 characters",
      JSON.stringify({ scope: "draft", body: "x", author: { name: "名".repeat(100_000) } }),
    ),
    post(
      "quote with huge offsets",
      JSON.stringify({
        scope: "draft",
        body: "x",
        quote: { text: "x", start: 1e308, end: -1e308 },
      }),
    ),
    post(
      "wrong types everywhere",
      JSON.stringify({ scope: 5, body: ["x"], author: "x", quote: 7, provisionPid: {} }),
    ),
    post("JSON null", "null"),
    post("JSON string", '"x"'),
    post("empty body", ""),
    post("truncated JSON", '{"body":"x'),
    {
      name: "search q of 201 characters",
      path: `/search?q=${encodeURIComponent("法".repeat(201))}`,
    },
    { name: "search q of 10,000 characters", path: `/search?q=${"a".repeat(10_000)}` },
    { name: "API search q of 10,000 characters", path: `/api/v1/search?q=${"a".repeat(10_000)}` },
    {
      name: "API search limit huge",
      path: "/api/v1/search?q=%E6%B3%95&limit=99999999999999999999",
    },
    { name: "over-long consultation id (page)", path: `/consultations/${"a".repeat(5000)}` },
    { name: "over-long consultation id (API)", path: `/api/v1/consultations/${"a".repeat(5000)}` },
    { name: "over-long bill id", path: `/bills/${"b".repeat(5000)}` },
    { name: "non-uuid ids", path: "/bills/1'%20OR%201=1--/versions/x" },
    {
      name: "over-long lookup receipt (API)",
      path: `/api/v1/opinions/lookup?receipt=${"R".repeat(10_000)}&code=x`,
    },
    { name: "over-long cursor", path: `/api/v1/consultations?next=${"A".repeat(10_000)}` },
    { name: "garbage cursor", path: `/api/v1/consultations/${c}/opinions?next=%FF%FE%FD` },
  );

  // Idempotency keys.
  cases.push(
    post("idempotency key of 8,000 characters", JSON.stringify({ scope: "draft", body: "x" }), {
      "Idempotency-Key": "k".repeat(8000),
    }),
    post("idempotency key of 201 characters", JSON.stringify({ scope: "draft", body: "x" }), {
      "Idempotency-Key": "k".repeat(201),
    }),
    post("idempotency key with Latin-1 bytes", JSON.stringify({ scope: "draft", body: "x" }), {
      "Idempotency-Key": "clé-ÿ",
    }),
  );

  // Encodings.
  const opinionText = JSON.stringify({ scope: "draft", body: "建议明确责任主体。" });
  cases.push(
    post(
      "invalid UTF-8 JSON",
      Buffer.from([
        0x7b, 0x22, 0x62, 0x6f, 0x64, 0x79, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d,
      ]),
    ),
    post("GB18030 JSON (declared)", iconv.encode(opinionText, "gb18030"), {
      "Content-Type": "application/json; charset=gb18030",
    }),
    post("GB18030 JSON (undeclared)", iconv.encode(opinionText, "gb18030")),
    post(
      "UTF-16 JSON with BOM",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(opinionText, "utf16le")]),
    ),
    post("unknown charset", opinionText, { "Content-Type": "application/json; charset=x-klingon" }),
    {
      name: "GB18030 form /login",
      method: "POST",
      path: "/login",
      headers: { "Content-Type": "application/x-www-form-urlencoded; charset=gb18030" },
      body: Buffer.concat([
        Buffer.from("email="),
        iconv.encode("张三@例子.中国", "gb18030"),
        Buffer.from("&password=x"),
      ]),
    },
    { name: "invalid UTF-8 in path", path: "/consultations/%C3%28%FF" },
    { name: "invalid percent-encoding", path: "/search?q=%E6%B3" },
    { name: "broken percent sign", path: "/bills/%zz" },
  );

  // Malformed multipart.
  const boundary = "----chaosboundary";
  cases.push(
    {
      name: "multipart without boundary",
      method: "POST",
      path: "/login",
      headers: { "Content-Type": "multipart/form-data" },
      body: "x",
    },
    {
      name: "multipart unterminated",
      method: "POST",
      path: "/login",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc`,
    },
    {
      name: "multipart garbage headers",
      method: "POST",
      path: "/signup",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\n\u0000\u0001garbage\r\n\r\n--${boundary}--\r\n`,
    },
    {
      name: "multipart to the import upload, unterminated",
      method: "POST",
      path: `/coordinator/consultations/${c}/import/upload`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK`,
      as: "coordinator",
    },
    {
      name: "multipart with a 10,000-character boundary",
      method: "POST",
      path: `/bills/${billId}`,
      headers: { "Content-Type": `multipart/form-data; boundary=${"b".repeat(10_000)}` },
      body: "--x--",
      as: "drafter",
    },
    {
      name: "JSON body declared as a form",
      method: "POST",
      path: "/login",
      headers: form,
      body: "%%%%%=&&&=%E0%A4%A",
    },
  );

  // CR/LF in next= (response splitting) and odd redirects.
  cases.push(
    { name: "CR/LF in /login?next=", path: "/login?next=%0d%0aSet-Cookie:%20x=1" },
    { name: "CR/LF in API next=", path: `/api/v1/consultations/${c}/opinions?next=%0d%0aX:%20y` },
    { name: "CR/LF in search next=", path: "/api/v1/search?q=%E6%B3%95&next=%0d%0a" },
    {
      name: "CR/LF in /lang next",
      method: "POST",
      path: "/lang",
      headers: form,
      body: "locale=en&next=%2F%0d%0aLocation:%20https://evil.example",
    },
    { name: "tab in next=", path: "/login?next=/%09/evil.example" },
  );

  // Odd methods, paths and headers.
  cases.push(
    { name: "PUT a page", method: "PUT", path: "/login", headers: form, body: "a=b" },
    { name: "DELETE the opinion API", method: "DELETE", path: opinions },
    {
      name: "POST a read-only API",
      method: "POST",
      path: "/api/v1/consultations",
      headers: json,
      body: "{}",
    },
    { name: "path traversal in assets", path: "/assets/..%2f..%2fpackage.json" },
    { name: "dot segments", path: "/%2e%2e/%2e%2e/etc/passwd" },
    {
      name: "huge Accept-Language",
      path: "/",
      headers: { "Accept-Language": "zh-CN;q=0.9,".repeat(600) },
    },
    {
      name: "garbage Accept-Language",
      path: "/api/v1/consultations/x",
      headers: { "Accept-Language": "\u00ff\u00fe;q=abc,,;;" },
    },
    {
      name: "garbage cookie",
      path: "/me",
      headers: { Cookie: "kaimen_session=%00%FF;;;=;kaimen_csrf=\u00ff" },
    },
    {
      name: "over-long session cookie",
      path: "/workspace",
      headers: { Cookie: `kaimen_session=${"s".repeat(7000)}` },
    },
  );

  // Bombs and big spreadsheets, with a signed-in drafter and coordinator.
  const docx = await docxBomb(bombMb);
  const bomb = await xlsxBomb(bombMb);
  const manyRows = await xlsxRows(100_000);
  cases.push(
    {
      name: `DOCX zip bomb (${Math.round(docx.length / 1024)} KB → ${bombMb} MB) to the bill import`,
      method: "POST",
      path: `/bills/${billId}`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: multipart(
        boundary,
        { intent: "import", label: "second_reading", note: "" },
        {
          name: "file",
          filename: "bomb.docx",
          type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          bytes: docx,
        },
      ),
      as: "drafter",
      timeoutMs: 90_000,
    },
    {
      name: `XLSX zip bomb (${Math.round(bomb.length / 1024)} KB → ${bombMb} MB) to the contact-point import`,
      method: "POST",
      path: `/coordinator/consultations/${c}/import/upload`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: multipart(
        boundary,
        {},
        {
          name: "file",
          filename: "bomb.xlsx",
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          bytes: bomb,
        },
      ),
      as: "coordinator",
      timeoutMs: 90_000,
    },
    {
      name: `XLSX of 100,000 rows (${Math.round(manyRows.length / 1024)} KB) to the contact-point import`,
      method: "POST",
      path: `/coordinator/consultations/${c}/import/upload`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: multipart(
        boundary,
        {},
        {
          name: "file",
          filename: "rows.xlsx",
          type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          bytes: manyRows,
        },
      ),
      as: "coordinator",
      timeoutMs: 90_000,
    },
    {
      name: "text file full of NUL bytes to the bill import",
      method: "POST",
      path: `/bills/${billId}`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: multipart(
        boundary,
        { intent: "import", label: "second_reading" },
        {
          name: "file",
          filename: "nul.txt",
          type: "text/plain",
          bytes: Buffer.alloc(100_000, 0),
        },
      ),
      as: "drafter",
    },
    {
      name: "a zip that is not a docx to the bill import",
      method: "POST",
      path: `/bills/${billId}`,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body: multipart(
        boundary,
        { intent: "import", label: "second_reading" },
        {
          name: "file",
          filename: "broken.docx",
          type: "application/octet-stream",
          bytes: Buffer.from("PK\u0003\u0004garbage-that-is-not-a-zip"),
        },
      ),
      as: "drafter",
    },
  );
  return cases;
}

export async function runFuzz(o: {
  app: App;
  consultationId: string;
  billId: string;
  bombMb: number;
  log: (line: string) => void;
}): Promise<FuzzFigures> {
  const { app, log } = o;
  app.resetPeak();
  const exitsBefore = app.unplannedExits;
  const killsBefore = app.ceilingKills;
  const cases = await corpus(o.consultationId, o.billId, o.bombMb);
  log(`  ${cases.length} hostile requests`);
  const anonymous = await ask(app.url, "/login");
  const anonCsrf = (anonymous.headers["set-cookie"] ?? [])
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("kaimen_csrf="))!;
  const sessions = new Map<Role, { cookie: string; csrf: string }>();
  const figures: FuzzFigures = {
    cases: cases.length,
    byClass: {},
    fiveXx: [],
    leaks: [],
    networkErrors: [],
    slowest: [],
    unplannedExits: 0,
    ceilingKills: 0,
    peakMb: 0,
  };
  for (const c of cases) {
    // Waits for a restart in progress (after a case that killed the app).
    await app.start();
    const deathsBefore = app.unplannedExits + app.ceilingKills;
    const headers: Record<string, string | number> = { ...c.headers };
    let body = c.body;
    if (c.as) {
      let session = sessions.get(c.as);
      if (!session) {
        session = await signIn(app.url, demo[c.as]);
        sessions.set(c.as, session);
      }
      headers.Cookie = session.cookie;
      headers["X-CSRF-Token"] = session.csrf;
    } else if (c.method === "POST" && !headers.Cookie && anonCsrf) {
      // Anonymous form posts carry a real CSRF cookie and field, so the request gets past the
      // token check and its body is really parsed.
      headers.Cookie = anonCsrf;
      if (
        typeof body === "string" &&
        String(headers["Content-Type"]).startsWith("application/x-www-form-urlencoded")
      )
        body = `${body}&_csrf=${anonCsrf.slice("kaimen_csrf=".length)}`;
    }
    if (body !== undefined) headers["Content-Length"] = Buffer.byteLength(body);
    // Probe the event loop while the case is in flight.
    let inFlight = true;
    let healthzMs = 0;
    const probe = (async () => {
      while (inFlight) {
        const started = performance.now();
        const h = await ask(app.url, "/healthz", { timeoutMs: 60_000 });
        if (!inFlight && h.status !== 200) break;
        healthzMs = Math.max(healthzMs, performance.now() - started);
        await sleep(250);
      }
    })();
    const answer: Answer = await ask(app.url, c.path, {
      method: c.method ?? "GET",
      headers,
      body,
      timeoutMs: c.timeoutMs ?? 30_000,
    });
    inFlight = false;
    await probe;
    if (answer.error) {
      figures.networkErrors.push({ name: c.name, error: answer.error });
      figures.byClass.error = (figures.byClass.error ?? 0) + 1;
    } else {
      const cls = `${Math.floor(answer.status / 100)}xx`;
      figures.byClass[cls] = (figures.byClass[cls] ?? 0) + 1;
      if (answer.status >= 500) figures.fiveXx.push({ name: c.name, status: answer.status });
      const leak = leakIn(answer.text);
      if (leak)
        figures.leaks.push({
          name: c.name,
          status: answer.status,
          kind: leak,
          excerpt: answer.text.slice(0, 160).replace(/\s+/g, " "),
        });
      // CR/LF must never reach a header.
      const location = String(answer.headers.location ?? "");
      if (/[\r\n]/.test(location) || (answer.headers as Record<string, unknown>)["x"])
        figures.leaks.push({
          name: c.name,
          status: answer.status,
          kind: "header injection",
          excerpt: location,
        });
    }
    figures.slowest.push({ name: c.name, ms: answer.ms, healthzMs });
    // A case that killed the app: note it; the next case waits for the restart.
    if (answer.error) await sleep(500);
    if (app.unplannedExits + app.ceilingKills > deathsBefore) log(`  the app died on: ${c.name}`);
  }
  figures.slowest = figures.slowest.sort((a, b) => b.healthzMs - a.healthzMs).slice(0, 5);
  figures.unplannedExits = app.unplannedExits - exitsBefore;
  figures.ceilingKills = app.ceilingKills - killsBefore;
  figures.peakMb = Math.round(app.peakKb / 1024);
  return figures;
}
