import fs from "node:fs";
import { describe, expect, it } from "vitest";
import * as billRoute from "../../app/routes/bill.tsx";
import * as billNew from "../../app/routes/bill-new.tsx";
import * as draftSteps from "../../app/routes/draft-steps.ts";
import * as versionRoute from "../../app/routes/version.tsx";
import * as login from "../../app/routes/login.tsx";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { readingImportSettled } from "../../services/reading-imports.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  cookieFrom,
  formRequest,
  getRequest,
  makeContext,
  TEST_CSRF,
  callRoute,
} from "../support/routes.ts";

const call = callRoute;

function multipart(path: string, fields: Record<string, string | File>, cookie: string): Request {
  const body = new FormData();
  body.set("_csrf", TEST_CSRF);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  return new Request(`http://localhost${path}`, {
    method: "POST",
    body,
    headers: { Cookie: cookie },
  });
}

describe("bills, readings and the draft endpoint", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  async function drafterOf(orgId: string) {
    const user = await makeUser(t.handle.db, {
      roles: [{ role: "drafter", organizationId: orgId }],
    });
    const result = await call(
      login.action,
      formRequest("/login", { email: user.email, password: user.password }),
      ctx(),
    );
    return cookieFrom(result.headers);
  }

  it("lets a drafter create a bill, import its first reading and read it; other legislatures' drafters get 403", async () => {
    const org = await makeOrganization(t.handle.db);
    const cookie = await drafterOf(org);
    const created = await call(
      billNew.action,
      formRequest(
        "/bills/new",
        { title: "南通市养犬管理条例（草案）", kind: "new", organizationId: org },
        { cookie },
      ),
      ctx(),
    );
    expect(created.status).toBe(302);
    const billId = /\/bills\/([^/]+)\/edit/.exec(created.headers.get("Location")!)![1]!;

    const file = new File(
      [fs.readFileSync("tests/fixtures/laws/shengzhu-tuzai-tiaoli-2021.txt")],
      "pig-2021.txt",
      { type: "text/plain" },
    );
    const imported = await call(
      billRoute.action,
      multipart(`/bills/${billId}`, { intent: "import", label: "first_reading", file }, cookie),
      ctx(),
      { billId },
    );
    // The import runs as a job; the page it redirects to follows it until it is done.
    expect(imported.status).toBe(302);
    const jobKey = new URL(imported.headers.get("Location")!, "http://localhost").searchParams.get(
      "import",
    )!;
    await readingImportSettled(billId, jobKey);
    // The import waits as a preview; the drafter's confirmation publishes it.
    const confirmed = await call(
      billRoute.action,
      multipart(`/bills/${billId}`, { intent: "confirm-import", importKey: jobKey }, cookie),
      ctx(),
      { billId },
    );
    expect(confirmed.status).toBe(302);

    const page = await call(
      billRoute.loader,
      getRequest(`/bills/${billId}?import=${jobKey}`, cookie),
      ctx(),
      { billId },
    );
    expect(page.data.importJob).toMatchObject({ state: "done", draftReplaced: true, articles: 45 });
    expect(page.data.versions.map((v: { label: string }) => v.label)).toEqual(["first_reading"]);
    const versionId = page.data.versions[0].id;
    // Published readings are public.
    const reading = await call(
      versionRoute.loader,
      getRequest(`/bills/${billId}/versions/${versionId}`),
      { ...ctx(), dataRequest: true },
      { billId, versionId },
    );
    expect(reading.status).toBe(200);
    // Its text comes rendered (in a client navigation's data; a document has it in its markup).
    expect(reading.data.text.html.match(/<section[^>]*class="law-chapter"/g)).toHaveLength(5);

    const other = await drafterOf(await makeOrganization(t.handle.db));
    expect(
      (await call(billRoute.loader, getRequest(`/bills/${billId}`, other), ctx(), { billId }))
        .status,
    ).toBe(403);
    expect(
      (
        await call(
          draftSteps.loader,
          getRequest(`/bills/${billId}/draft/steps?since=0`, other),
          ctx(),
          { billId },
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          billRoute.loader,
          getRequest(`/bills/00000000-0000-0000-0000-000000000000`, cookie),
          ctx(),
          { billId: "00000000-0000-0000-0000-000000000000" },
        )
      ).status,
    ).toBe(404);
  });

  it("refuses an upload without articles or without a file, with a message, and stores nothing", async () => {
    const org = await makeOrganization(t.handle.db);
    const cookie = await drafterOf(org);
    const created = await call(
      billNew.action,
      formRequest(
        "/bills/new",
        { title: "空白条例", kind: "new", organizationId: org },
        { cookie },
      ),
      ctx(),
    );
    const billId = /\/bills\/([^/]+)\/edit/.exec(created.headers.get("Location")!)![1]!;
    const noArticles = await call(
      billRoute.action,
      multipart(
        `/bills/${billId}`,
        { intent: "import", label: "first_reading", file: new File(["这不是法规。"], "note.txt") },
        cookie,
      ),
      ctx(),
      { billId },
    );
    const jobKey = new URL(
      noArticles.headers.get("Location")!,
      "http://localhost",
    ).searchParams.get("import")!;
    await readingImportSettled(billId, jobKey);
    const failed = await call(
      billRoute.loader,
      getRequest(`/bills/${billId}?import=${jobKey}`, cookie),
      ctx(),
      { billId },
    );
    expect(failed.data.importJob).toMatchObject({
      state: "failed",
      error: { message: "bill.import.noArticles" },
    });
    const noFile = await call(
      billRoute.action,
      multipart(`/bills/${billId}`, { intent: "import", label: "first_reading" }, cookie),
      ctx(),
      { billId },
    );
    expect(noFile.data.message).toBe("bill.import.noFile");
    // The new bill's draft is one empty article: nothing to publish.
    const publish = await call(
      billRoute.action,
      formRequest(`/bills/${billId}`, { intent: "publish", label: "first_reading" }, { cookie }),
      ctx(),
      { billId },
    );
    expect(publish.data.message).toBe("bill.publish.empty");
    expect(
      await t.handle.db.selectFrom("versions").select("id").where("bill_id", "=", billId).execute(),
    ).toEqual([]);
  });

  it("takes draft steps only with the CSRF header, and refuses a stale revision", async () => {
    const org = await makeOrganization(t.handle.db);
    const cookie = await drafterOf(org);
    const created = await call(
      billNew.action,
      formRequest(
        "/bills/new",
        { title: "协同条例", kind: "new", organizationId: org },
        { cookie },
      ),
      ctx(),
    );
    const billId = /\/bills\/([^/]+)\/edit/.exec(created.headers.get("Location")!)![1]!;
    const step = {
      stepType: "replace",
      from: 7,
      to: 7,
      slice: { content: [{ type: "text", text: "为了" }] },
    };
    const post = (headers: Record<string, string>, body: unknown) =>
      new Request(`http://localhost/bills/${billId}/draft/steps`, {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
    const noToken = await call(
      draftSteps.action,
      post({}, { revision: 0, clientId: "c1", steps: [step] }),
      ctx(),
      { billId },
    );
    expect(noToken.status).toBe(403);
    const stale = await call(
      draftSteps.action,
      post({ "X-CSRF-Token": TEST_CSRF }, { revision: 5, clientId: "c1", steps: [step] }),
      ctx(),
      { billId },
    );
    expect(stale.status).toBe(200);
    expect(stale.data).toEqual({ accepted: false, revision: 0 });
    const bad = await call(
      draftSteps.action,
      post({ "X-CSRF-Token": TEST_CSRF }, { revision: 0, clientId: "c1", steps: [] }),
      ctx(),
      { billId },
    );
    expect(bad.status).toBe(400);
  });
});
