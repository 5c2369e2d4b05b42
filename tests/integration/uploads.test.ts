import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../config/env.ts";
import * as billRoute from "../../app/routes/bill.tsx";
import * as billNew from "../../app/routes/bill-new.tsx";
import * as healthz from "../../app/routes/healthz.ts";
import * as importUpload from "../../app/routes/coordinator.import-upload.ts";
import {
  makeBillWithVersion,
  makeConsultation,
  makeContactPoint,
  makeOrganization,
  makeUser,
  sampleText,
} from "../../db/factories.ts";
import { uploadWorkersRunning } from "../../services/parse-in-worker.ts";
import { readingImportSettled } from "../../services/reading-imports.ts";
import { ensureNodeBuildOnce } from "../support/build.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute as call,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
  TEST_CSRF,
} from "../support/routes.ts";
import { docxBomb, xlsxWithRows } from "../../tools/zip-bomb.ts";

// Issue 11, items 2 and 10: zip bombs, oversized sheets and texts are refused early, parsing
// happens off the request thread, and a reading import is a bounded, idempotent job.

describe("hostile uploads", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const db = () => t.handle.db;

  const signIn = (user: { email: string; password: string }) => signInCookie(ctx(), user);

  async function coordinatorWorld() {
    const org = await makeOrganization(db());
    const text = sampleText(["为了测试，制定本条例。", "本条例自公布之日起施行。"]);
    const { versionId } = await makeBillWithVersion(db(), { organizationId: org, ...text });
    const consultationId = await makeConsultation(db(), { versionId });
    const point = await makeContactPoint(db(), { organizationId: org });
    const coordinator = await makeUser(db(), {
      roles: [{ role: "coordinator", organizationId: org, contactPointId: point }],
    });
    return { consultationId, cookie: await signIn(coordinator) };
  }

  function uploadSheet(
    w: { consultationId: string; cookie: string },
    bytes: Uint8Array,
    name: string,
    lang = "zh-CN",
  ) {
    const form = new FormData();
    form.set("_csrf", TEST_CSRF);
    form.set("file", new File([new Uint8Array(bytes)], name));
    return call(
      importUpload.action,
      new Request(`http://localhost/coordinator/consultations/${w.consultationId}/import/upload`, {
        method: "POST",
        body: form,
        headers: { Cookie: w.cookie, "Accept-Language": lang },
      }),
      ctx(),
      { id: w.consultationId },
    );
  }

  it("refuses an XLSX bomb and a 100,000-row sheet from the zip's directory and declared dimension", async () => {
    const w = await coordinatorWorld();
    const bomb = xlsxWithRows(400_000, { cell: "炸".repeat(40), declaredRows: 10 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await uploadSheet(w, bomb, "意见.xlsx");
    expect(refused.status).toBe(413);
    expect(refused.data).toMatchObject({ ok: false, imported: 0 });
    expect(refused.data.message).toMatch(/拒绝读取/);
    const english = await uploadSheet(w, bomb, "opinions.xlsx", "en");
    expect(english.data.message).toMatch(/refused unread/);

    const rows = await uploadSheet(w, xlsxWithRows(100_000), "意见.xlsx");
    expect(rows.status).toBe(413);
    expect(rows.data.message).toBe("行数超过上限，请分批导入。");
    // Without a dimension the rows are counted in the worker, before exceljs reads any.
    // (3,000 rows: few enough to pass the directory's checks and reach the worker.)
    const undeclared = await uploadSheet(
      w,
      xlsxWithRows(3_000, { declaredRows: null }),
      "意见.xlsx",
    );
    expect(undeclared.status).toBe(413);
    expect(undeclared.data.message).toBe("行数超过上限，请分批导入。");
  });

  it("answers other requests while a lying bomb is refused in the worker", async () => {
    const w = await coordinatorWorld();
    // The directory claims 4 KB, so the request thread's check passes; the worker stops it.
    const liar = xlsxWithRows(400_000, { declaredRows: 10, declaredSize: 4096 });
    const order: string[] = [];
    const bomb = uploadSheet(w, liar, "意见.xlsx").then((r) => {
      order.push("bomb");
      return r;
    });
    // Let the upload reach its worker, then ask for something simple.
    while (uploadWorkersRunning() === 0 && order.length === 0)
      await new Promise((r) => setTimeout(r, 5));
    const ping = await call(healthz.loader, getRequest("/healthz"), ctx());
    const workersDuringPing = uploadWorkersRunning();
    order.push("ping");
    const refused = await bomb;
    expect(ping.status).toBe(200);
    expect(refused.status).toBe(413);
    expect(refused.data.message).toMatch(/拒绝读取/);
    // The ping was answered while the worker still held the bomb.
    expect(order).toEqual(["ping", "bomb"]);
    expect(workersDuringPing).toBe(1);
  });

  async function drafterBill() {
    const org = await makeOrganization(db());
    const drafter = await makeUser(db(), { roles: [{ role: "drafter", organizationId: org }] });
    const cookie = await signIn(drafter);
    const created = await call(
      billNew.action,
      formRequest(
        "/bills/new",
        { title: "上传测试条例", kind: "new", organizationId: org },
        { cookie },
      ),
      ctx(),
    );
    const billId = /\/bills\/([^/]+)\/edit/.exec(created.headers.get("Location")!)![1]!;
    return { billId, cookie };
  }

  function importReading(
    b: { billId: string; cookie: string },
    fields: Record<string, string | File>,
  ) {
    const body = new FormData();
    body.set("_csrf", TEST_CSRF);
    body.set("intent", "import");
    body.set("label", "first_reading");
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return call(
      billRoute.action,
      new Request(`http://localhost/bills/${b.billId}`, {
        method: "POST",
        body,
        headers: { Cookie: b.cookie },
      }),
      ctx(),
      { billId: b.billId },
    );
  }

  const versionCount = async (billId: string) =>
    (await db().selectFrom("versions").select("id").where("bill_id", "=", billId).execute()).length;

  it("refuses a 9.5 MB text and a .docx bomb at once, starting no job", async () => {
    const b = await drafterBill();
    const big = new File([new Uint8Array(9.5 * 1024 * 1024).fill(0x41)], "big.txt");
    const text = await importReading(b, { file: big, importKey: "key-big-text-0001" });
    expect(text.status).toBe(413);
    expect(text.data.message).toBe("bill.import.textTooLarge");
    const bomb = await importReading(b, {
      file: new File([new Uint8Array(docxBomb(64 * 1024 * 1024))], "炸弹.docx"),
      importKey: "key-docx-bomb-0001",
    });
    expect(bomb.status).toBe(413);
    expect(bomb.data.message).toBe("upload.bomb");
    expect(await versionCount(b.billId)).toBe(0);
    const page = await call(
      billRoute.loader,
      getRequest(`/bills/${b.billId}?import=key-big-text-0001`, b.cookie),
      ctx(),
      { billId: b.billId },
    );
    expect(page.data.importJob).toBeNull();
  });

  it("imports a reading as a job the page follows, once per key however often it is sent", async () => {
    const b = await drafterBill();
    const file = () =>
      new File(
        [fs.readFileSync("tests/fixtures/laws/shengzhu-tuzai-tiaoli-2021.txt")],
        "pig-2021.txt",
      );
    const key = "form-key-0123456789";
    const first = await importReading(b, { file: file(), importKey: key });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe(`/bills/${b.billId}?import=${key}`);
    // A double click: the same form again while (or after) the first runs.
    const second = await importReading(b, { file: file(), importKey: key });
    expect(second.status).toBe(302);
    await readingImportSettled(b.billId, key);
    // The job stops at a preview: nothing is published until the drafter confirms it.
    expect(await versionCount(b.billId)).toBe(0);
    const confirm = new FormData();
    confirm.set("_csrf", TEST_CSRF);
    confirm.set("intent", "confirm-import");
    confirm.set("importKey", key);
    const confirmed = await call(
      billRoute.action,
      new Request(`http://localhost/bills/${b.billId}`, {
        method: "POST",
        body: confirm,
        headers: { Cookie: b.cookie },
      }),
      ctx(),
      { billId: b.billId },
    );
    expect(confirmed.status).toBe(302);
    const third = await importReading(b, { file: file(), importKey: key });
    expect(third.status).toBe(302);
    await readingImportSettled(b.billId, key);
    expect(await versionCount(b.billId)).toBe(1);

    const page = await call(
      billRoute.loader,
      getRequest(`/bills/${b.billId}?import=${key}`, b.cookie),
      ctx(),
      { billId: b.billId },
    );
    expect(page.data.importJob).toMatchObject({
      state: "done",
      articles: 45,
      draftReplaced: true,
      file: "pig-2021.txt",
    });
    expect(page.data.importJob.versionId).toBe(page.data.versions[0].id);

    // The same key with another file is refused, not imported.
    const other = await importReading(b, {
      file: new File(["第一条　另一部。"], "other.txt"),
      importKey: key,
    });
    expect(other.status).toBe(422);
    expect(await versionCount(b.billId)).toBe(1);
  });

  it("shows a failed job (no articles) and stores nothing", async () => {
    const b = await drafterBill();
    const key = "form-key-noarticles";
    const sent = await importReading(b, {
      file: new File(["这不是法规。"], "note.txt"),
      importKey: key,
    });
    expect(sent.status).toBe(302);
    await readingImportSettled(b.billId, key);
    const page = await call(
      billRoute.loader,
      getRequest(`/bills/${b.billId}?import=${key}`, b.cookie),
      ctx(),
      { billId: b.billId },
    );
    expect(page.data.importJob).toMatchObject({
      state: "failed",
      error: { message: "bill.import.noArticles" },
    });
    expect(await versionCount(b.billId)).toBe(0);
  });
});

// The spawned `kaimen` runs build/node/: built once here, not by several calls at once.
beforeAll(() => ensureNodeBuildOnce(), 120_000);

describe("kaimen import FILE --json with a bomb", () => {
  it("refuses with exit 1 and one line on stderr, printing nothing on stdout", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kaimen-bomb-"));
    try {
      const file = path.join(dir, "炸弹.docx");
      fs.writeFileSync(file, docxBomb(64 * 1024 * 1024, 4096));
      const run = spawnSync(
        process.execPath,
        [path.join(projectRoot, "bin", "kaimen.js"), "import", file, "--json"],
        {
          cwd: os.tmpdir(),
          env: { ...process.env, DATABASE_URL: "" },
          encoding: "utf8",
          timeout: 60_000,
        },
      );
      expect(run.status).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/unpacks to too much/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
