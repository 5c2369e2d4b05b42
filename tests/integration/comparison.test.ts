import fs from "node:fs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import * as apiCompare from "../../app/routes/api.compare.ts";
import * as compareExport from "../../app/routes/compare-export.ts";
import * as comparePage from "../../app/routes/compare.tsx";
import * as lineage from "../../app/routes/lineage.tsx";
import * as login from "../../app/routes/login.tsx";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { addReadingFromFile, createBill } from "../../services/readings.ts";
import { useTestDatabase } from "../support/database.ts";
import { cookieFrom, formRequest, getRequest, makeContext, callRoute } from "../support/routes.ts";

const law = (name: string) => new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`));
const call = callRoute;

describe("the comparison table (修改对照表)", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  async function pigBill() {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, {
      organizationId: org,
      title: "生猪屠宰管理条例",
      kind: "revision",
    });
    const a = await addReadingFromFile(db, {
      billId,
      bytes: law("shengzhu-tuzai-tiaoli-2008.txt"),
      filename: "2008.txt",
      label: "current_law",
    });
    const b = await addReadingFromFile(db, {
      billId,
      bytes: law("shengzhu-tuzai-tiaoli-2011.txt"),
      filename: "2011.txt",
      label: "first_reading",
    });
    return { org, billId, from: a.versionId, to: b.versionId };
  }

  it("answers the API with the contract's rows: one modified article (第九条), the rest unchanged", async () => {
    const { billId, from, to } = await pigBill();
    const result = await call(
      apiCompare.loader,
      getRequest(`/api/v1/bills/${billId}/compare?from=${from}&to=${to}`),
      ctx(),
      { billId },
    );
    expect(result.status).toBe(200);
    expect(result.data.summary).toEqual({
      unchanged: 35,
      modified: 1,
      added: 0,
      deleted: 0,
      moved: 0,
      split: 0,
      merged: 0,
    });
    const modified = result.data.rows.find((r: { kind: string }) => r.kind === "modified");
    expect(modified).toMatchObject({ old: [9], new: [9], renumbered: false, textChanged: true });
    expect(Object.keys(modified)).toEqual([
      "kind",
      "old",
      "new",
      "oldPids",
      "newPids",
      "renumbered",
      "textChanged",
      "ops",
    ]);
    // Imported as one lineage: the modified article kept its pid.
    expect(modified.oldPids).toEqual(modified.newPids);
    expect(modified.ops).toEqual(
      expect.arrayContaining([
        { op: "delete", text: "卫生法" },
        { op: "insert", text: "安全法" },
      ]),
    );
    // Computed once and kept (other tests of this file compare their own bills).
    const stored = await t.handle.db
      .selectFrom("comparisons")
      .select("from_version_id")
      .where("from_version_id", "=", from)
      .where("to_version_id", "=", to)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it("answers bad requests in the API's error shape and the request's language", async () => {
    const { billId, from } = await pigBill();
    const missing = await call(
      apiCompare.loader,
      getRequest(`/api/v1/bills/${billId}/compare?from=${from}`, undefined, {
        "Accept-Language": "en",
      }),
      ctx(),
      { billId },
    );
    expect(missing.status).toBe(400);
    expect(missing.data.error).toMatchObject({
      code: "bad_request",
      fields: { to: "Please fill this in." },
    });
    const unknown = await call(
      apiCompare.loader,
      getRequest(
        `/api/v1/bills/${billId}/compare?from=${from}&to=00000000-0000-0000-0000-000000000000`,
      ),
      ctx(),
      { billId },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.data.error.message).toBe("没有找到这个稿本。");
    const noBill = await call(
      apiCompare.loader,
      getRequest(`/api/v1/bills/nope/compare?from=a&to=b`),
      ctx(),
      { billId: "nope" },
    );
    expect(noBill.status).toBe(404);
  });

  it("lets drafters of the bill write explanations that everyone reads, and exports them", async () => {
    const { org, billId, from, to } = await pigBill();
    const drafter = await makeUser(t.handle.db, {
      roles: [{ role: "drafter", organizationId: org }],
    });
    const signedIn = await call(
      login.action,
      formRequest("/login", { email: drafter.email, password: drafter.password }),
      ctx(),
      {},
    );
    const cookie = cookieFrom(signedIn.headers);
    const page = await call(
      comparePage.loader,
      getRequest(`/bills/${billId}/compare?from=${from}&to=${to}`, cookie),
      ctx(),
      { billId },
    );
    expect(page.data.canEdit).toBe(true);
    const row = page.data.rows.find((r: { kind: string }) => r.kind === "modified");
    const saved = await call(
      comparePage.action,
      formRequest(
        `/bills/${billId}/compare?from=${from}&to=${to}`,
        { rowKey: row.key, note: "与食品安全法的名称保持一致。" },
        { cookie },
      ),
      ctx(),
      { billId },
    );
    expect(saved.data).toEqual({ ok: true, key: row.key });
    // The public sees the explanation, and cannot write one.
    const anonymous = await call(
      comparePage.loader,
      getRequest(`/bills/${billId}/compare?from=${from}&to=${to}`),
      ctx(),
      { billId },
    );
    expect(anonymous.data.canEdit).toBe(false);
    expect(anonymous.data.rows.find((r: { key: string }) => r.key === row.key).note).toBe(
      "与食品安全法的名称保持一致。",
    );
    const citizen = await makeUser(t.handle.db);
    const citizenCookie = cookieFrom(
      (
        await call(
          login.action,
          formRequest("/login", { email: citizen.email, password: citizen.password }),
          ctx(),
          {},
        )
      ).headers,
    );
    const refused = await call(
      comparePage.action,
      formRequest(
        `/bills/${billId}/compare?from=${from}&to=${to}`,
        { rowKey: row.key, note: "x" },
        { cookie: citizenCookie },
      ),
      ctx(),
      { billId },
    );
    expect(refused.status).toBe(403);

    const docx = await call(
      compareExport.loader,
      getRequest(`/bills/${billId}/compare/export/docx?from=${from}&to=${to}`),
      ctx(),
      { billId, format: "docx" },
    );
    expect(docx.status).toBe(200);
    const response = await compareExport.loader({
      request: getRequest(`/bills/${billId}/compare/export/docx?from=${from}&to=${to}`),
      context: ctx(),
      params: { billId, format: "docx" },
    } as never);
    const text = (
      await mammoth.extractRawText({
        buffer: Buffer.from(await (response as Response).arrayBuffer()),
      })
    ).value;
    expect(text).toContain("修改对照表");
    expect(text).toContain("食品安全法");
    expect(text).toContain("与食品安全法的名称保持一致。");
    const pdf = await compareExport.loader({
      request: getRequest(`/bills/${billId}/compare/export/pdf?from=${from}&to=${to}`),
      context: ctx(),
      params: { billId, format: "pdf" },
    } as never);
    const pdfBytes = Buffer.from(await (pdf as Response).arrayBuffer());
    expect(pdfBytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect((pdf as Response).headers.get("Content-Disposition")).toMatch(
      /filename\*=UTF-8''.*\.pdf$/,
    );
    const csv = await call(
      compareExport.loader,
      getRequest(`/bills/${billId}/compare/export/csv?from=${from}&to=${to}`),
      ctx(),
      { billId, format: "csv" },
    );
    expect(String(csv.data).split("\r\n")[0]).toBe(
      "类型,原条文序号,修改后条文序号,条序变化,原条文,修改后条文,修改说明",
    );
    // A byte-order mark first, so spreadsheet programs read the file as UTF-8.
    const raw = await compareExport.loader({
      request: getRequest(`/bills/${billId}/compare/export/csv?from=${from}&to=${to}`),
      context: ctx(),
      params: { billId, format: "csv" },
    } as never);
    expect([...new Uint8Array(await (raw as Response).arrayBuffer()).subarray(0, 3)]).toEqual([
      0xef, 0xbb, 0xbf,
    ]);
    expect(String(csv.data)).toContain("修改,9,9,否");
  });

  it("shows one article at every reading, with what changed", async () => {
    const { billId, from, to } = await pigBill();
    const rows = await t.handle.db
      .selectFrom("provisions")
      .select("pid")
      .where("version_id", "=", to)
      .where("kind", "=", "article")
      .where("number", "=", 9)
      .execute();
    const page = await call(
      lineage.loader,
      getRequest(`/bills/${billId}/provisions/${rows[0]!.pid}`),
      ctx(),
      { billId, pid: rows[0]!.pid },
    );
    expect(page.data.label).toBe("第九条");
    expect(page.data.readings.map((r: { versionId: string }) => r.versionId)).toEqual([from, to]);
    expect(page.data.readings[1].ops).toEqual(
      expect.arrayContaining([{ op: "insert", text: "安全法" }]),
    );
    const none = await call(lineage.loader, getRequest(`/bills/${billId}/provisions/nope`), ctx(), {
      billId,
      pid: "nope",
    });
    expect(none.status).toBe(404);
  });
});
