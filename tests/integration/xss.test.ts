// The XSS corpus as a regression test (issue 11, "Keep it proven"): hostile strings stored in
// every field a user can write and the site shows (opinion body, proposed text, author name and
// region, bill and version titles, article text, consultation title, legislature, contact point,
// activity place and notes, disposition reason, report note, display name), then the real server
// (the production build, in this process, on this test's database) renders the pages that show
// them. No payload may come out unescaped: no raw payload, no inline event handler, no
// javascript: URL, no script without the page's nonce. The spreadsheet exports keep formula
// injection neutralised.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuildOnce } from "../support/build.ts";
import { createServer, listen } from "../../server/server.ts";
import { readEnv } from "../../config/env.ts";
import { insertVersion } from "../../db/queries/bills.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { createActivity } from "../../services/contact-points.ts";
import { useTestDatabase } from "../support/database.ts";
import { makeContext, signInCookie } from "../support/routes.ts";

const payloads = [
  `<script>alert("xss-1")</script>`,
  `"><img src=x onerror=alert("xss-2")>`,
  `'><svg onload=alert("xss-3")>`,
  `<svg><script>alert("xss-4")</script></svg>`,
  `javascript:alert("xss-5")`,
  `</textarea><script>alert("xss-6")</script>`,
  "${alert(`xss-7`)}",
  `{{constructor.constructor('alert("xss-8")')()}}`,
  `<a href="javascript:alert('xss-9')">点我</a>`,
  `</script><script>alert("xss-10")</script>`,
  `<!--<img src=x onerror=alert("xss-11")>-->`,
  `<iframe srcdoc="<script>alert('xss-12')</script>">`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert("xss-13")>`,
  `" autofocus onfocus=alert("xss-14") x="`,
];
const formulas = [`=HYPERLINK("http://evil.example","x")`, "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1"];

/** The field of a payload, cut to the field's length limit (region: 50 characters). */
const cut = (text: string, max: number) => text.slice(0, max);

/** What makes a rendered page unsafe, if anything. */
function unsafeParts(html: string, nonce: RegExp): string[] {
  const problems: string[] = [];
  for (const p of payloads)
    if (/[<"']/.test(p) && html.includes(p)) problems.push(`raw payload: ${p}`);
  // Tags as a browser tokenises them: attribute values in quotes may hold anything escaped.
  const tagRe =
    /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attrRe = /\s+([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;
  for (const [tag, name, attributes] of html.matchAll(tagRe)) {
    const lower = name!.toLowerCase();
    let hasNonce = false;
    for (const [, attr, raw] of attributes!.matchAll(attrRe)) {
      const key = attr!.toLowerCase();
      const value = (raw ?? "").replace(/^["']|["']$/g, "").replace(/&#x?0*3a;|&colon;/gi, ":");
      if (key.startsWith("on")) problems.push(`event handler: ${tag.slice(0, 120)}`);
      if (
        ["href", "src", "action", "formaction", "xlink:href", "data"].includes(key) &&
        /^\s*javascript:/i.test(value)
      )
        problems.push(`javascript: URL: ${tag.slice(0, 120)}`);
      if (key === "nonce" && nonce.test(`nonce=${raw ?? ""}`)) hasNonce = true;
    }
    if (lower === "script" && !hasNonce)
      problems.push(`script without nonce: ${tag.slice(0, 120)}`);
    if (["iframe", "object", "embed"].includes(lower)) problems.push(`frame: ${tag.slice(0, 120)}`);
  }
  if (/<\/script/gi.test(html)) {
    const opened = (html.match(/<script\b/gi) ?? []).length;
    const closed = (html.match(/<\/script/gi) ?? []).length;
    if (opened !== closed) problems.push(`${closed} </script> for ${opened} <script>`);
  }
  return problems;
}

describe("XSS corpus: every shown field, rendered by the server", () => {
  const t = useTestDatabase();
  let server: Server | undefined;
  let base = "";

  beforeAll(async () => {
    // The production build (made now when missing or stale), served in this process.
    await ensureBuildOnce();
    const app = await createServer({
      env: readEnv({ KAIMEN_RATE_LIMIT: "off" } as NodeJS.ProcessEnv),
      database: t.handle,
      sessionSecret: makeContext(t.handle.db, t.handle.kind).sessionSecret,
    });
    server = await listen(app, 0, "127.0.0.1");
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  }, 600_000);
  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it("the checker itself finds a raw payload, a handler, a javascript: URL and a script without nonce", () => {
    const found = unsafeParts(
      `<p>${payloads[0]}</p><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>` +
        `<p title="escaped onerror=alert(1) &lt;script&gt;">ok</p><script nonce="n">1</script>`,
      /nonce="n"/,
    );
    expect(found.map((f) => f.split(":")[0])).toEqual([
      "raw payload",
      "script without nonce",
      "javascript",
      "event handler",
    ]);
  });

  it("never shows a stored payload unescaped, and keeps export cells from being formulas", async () => {
    const db = t.handle.db;
    const P = (i: number) => payloads[i % payloads.length]!;
    const orgId = await makeOrganization(db, { name: `人大常委会${P(0)}` });
    const text = sampleText(
      payloads.map((p, i) => `第${i + 1}条正文${p}`),
      `条例${P(1)}`,
    );
    const { billId, versionId } = await makeBillWithVersion(db, {
      organizationId: orgId,
      title: `条例${P(1)}`,
      document: text.document,
      provisions: text.provisions,
    });
    const nextVersionId = await insertVersion(db, {
      billId,
      label: "second_reading",
      title: `二审稿${P(2)}`,
      document: text.document,
      provisions: text.provisions.map((p, i) => ({ ...p, text: `${p.text}修改${P(i + 3)}` })),
      publishedBy: null,
    });
    const consultationId = await makeConsultation(db, { versionId, title: `征求意见${P(3)}` });
    const pointId = await makeContactPoint(db, {
      organizationId: orgId,
      name: `联系点${P(4)}`,
      district: cut(P(5), 50),
      address: `地址${P(6)}`,
    });
    const drafter = await makeUser(db, {
      displayName: `起草人${P(7)}`,
      roles: [{ role: "drafter", organizationId: orgId }],
    });
    const admin = await makeUser(db, {
      displayName: `管理员${P(8)}`,
      roles: [{ role: "admin", organizationId: orgId }],
    });
    const coordinator = await makeUser(db, {
      displayName: `联络员${P(9)}`,
      roles: [{ role: "coordinator", organizationId: orgId, contactPointId: pointId }],
    });
    const activityId = await createActivity(
      db,
      { contactPointId: pointId, userId: coordinator.id },
      consultationId,
      {
        kind: "symposium",
        heldOn: "2026-01-10",
        place: `地点${P(10)}`,
        headcount: 10,
        participants: [],
        notes: `记录${P(11)}`,
      },
    );
    const token = (
      await db
        .selectFrom("contact_point_activities")
        .select("lookup_token")
        .where("id", "=", activityId)
        .executeTakeFirstOrThrow()
    ).lookup_token;
    // One published opinion per payload, in every field at once, with a disposition.
    const all = [...payloads, ...formulas];
    for (const [i, p] of all.entries()) {
      const row = await db
        .insertInto("opinions")
        .values({
          consultation_id: consultationId,
          version_id: versionId,
          provision_pid: text.provisions[i % text.provisions.length]!.pid,
          scope: "article",
          body: formulas.includes(p) ? p : `意见${p}`,
          proposed_text: p,
          channel: "online",
          author_name: cut(p, 50),
          author_region: cut(p, 50),
          respondent_type: "individual",
          status: "published",
          receipt: `KM${randomUUID().replace(/-/g, "").slice(0, 16)}`,
          lookup_code_hash: "x",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("dispositions")
        .values({ opinion_id: row.id, code: "for_reference", reason: `理由${p}` })
        .execute();
    }
    await db
      .updateTable("consultations")
      .set({ report_published_at: new Date(), report_note: `说明${P(12)}` })
      .where("id", "=", consultationId)
      .execute();

    const signIn = (user: { email: string; password: string }) =>
      signInCookie(makeContext(t.handle.db, t.handle.kind), user);
    const cookies = {
      anonymous: undefined as string | undefined,
      drafter: await signIn(drafter),
      admin: await signIn(admin),
      coordinator: await signIn(coordinator),
    };
    const c = consultationId;
    const pid = text.provisions[0]!.pid;
    const pages: [keyof typeof cookies, string][] = [
      ["anonymous", "/"],
      ["anonymous", "/consultations"],
      ["anonymous", `/consultations/${c}`],
      ["anonymous", `/consultations/${c}/opinions`],
      ["anonymous", `/consultations/${c}/provisions/${pid}`],
      ["anonymous", `/consultations/${c}/opinions/new`],
      ["anonymous", `/consultations/${c}/report`],
      ["anonymous", `/bills/${billId}/versions/${versionId}`],
      ["anonymous", `/bills/${billId}/compare?from=${versionId}&to=${nextVersionId}`],
      ["anonymous", `/bills/${billId}/provisions/${pid}`],
      ["anonymous", "/contact-points"],
      ["anonymous", `/activities/${token}`],
      ["anonymous", `/search?q=${encodeURIComponent("意见")}`],
      ["anonymous", `/search?q=${encodeURIComponent(P(1))}`],
      ["anonymous", `/login?next=${encodeURIComponent(P(4))}`],
      ["drafter", "/workspace"],
      ["drafter", `/bills/${billId}`],
      ["drafter", `/consultations/${c}/handling`],
      ["drafter", `/consultations/${c}/statistics`],
      ["drafter", `/consultations/${c}/submissions`],
      ["drafter", `/consultations/${c}/manage`],
      ["admin", "/admin/users"],
      ["admin", "/admin/contact-points"],
      ["coordinator", "/coordinator"],
      ["coordinator", `/coordinator/consultations/${c}`],
      ["coordinator", `/coordinator/activities/${activityId}`],
      ["coordinator", `/coordinator/activities/${activityId}/print`],
    ];
    const problems: string[] = [];
    for (const [who, path] of pages) {
      const answer = await fetch(base + path, {
        headers: cookies[who] ? { Cookie: cookies[who] } : {},
        redirect: "manual",
      });
      const html = await answer.text();
      if (answer.status !== 200) {
        problems.push(`${path} as ${who}: status ${answer.status}`);
        continue;
      }
      const csp = answer.headers.get("Content-Security-Policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      const nonceRe = nonce ? new RegExp(`nonce="${nonce.replace(/[+/=]/g, "\\$&")}"`) : /nonce=/;
      for (const problem of unsafeParts(html, nonceRe))
        problems.push(`${path} as ${who}: ${problem}`);
    }
    expect(problems).toEqual([]);

    // The exports: no cell a spreadsheet would evaluate.
    const csv = await (
      await fetch(`${base}/consultations/${c}/export/opinions.csv?all=1`, {
        headers: { Cookie: cookies.drafter },
      })
    ).text();
    for (const line of csv.split("\r\n"))
      for (const cell of line.split(","))
        expect(cell.replace(/^"/, ""), `CSV cell ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
    const xlsx = await fetch(`${base}/consultations/${c}/export/opinions.xlsx?all=1`, {
      headers: { Cookie: cookies.drafter },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsx.arrayBuffer());
    let cells = 0;
    workbook.worksheets[0]!.eachRow((row) =>
      row.eachCell((cell) => {
        cells++;
        expect(cell.formula, `XLSX ${cell.address}`).toBeUndefined();
        if (typeof cell.value === "string")
          expect(cell.value, `XLSX ${cell.address}`).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
    expect(cells).toBeGreaterThan(all.length);
  });
});
