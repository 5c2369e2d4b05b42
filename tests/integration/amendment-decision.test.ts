import fs from "node:fs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import * as decisionDocx from "../../app/routes/decision-docx.ts";
import * as decisionPage from "../../app/routes/decision.tsx";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { addReadingFromFile, createBill } from "../../services/readings.ts";
import { useTestDatabase } from "../support/database.ts";
import {
  callRoute,
  formRequest,
  getRequest,
  makeContext,
  signInCookie,
} from "../support/routes.ts";

// The amendment decision (修改决定) of a reading against the law in force: only the bill's
// drafters generate, check and download it; a full revision is refused with the reason.

const law = (name: string) => new Uint8Array(fs.readFileSync(`tests/fixtures/laws/${name}`));

describe("the amendment decision pages", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  async function pigBill(newer = "shengzhu-tuzai-tiaoli-2016.txt") {
    const db = t.handle.db;
    const org = await makeOrganization(db);
    const billId = await createBill(db, {
      organizationId: org,
      title: "生猪屠宰管理条例",
      kind: "revision",
    });
    const current = await addReadingFromFile(db, {
      billId,
      bytes: law("shengzhu-tuzai-tiaoli-2011.txt"),
      filename: "2011.txt",
      label: "current_law",
    });
    const reading = await addReadingFromFile(db, {
      billId,
      bytes: law(newer),
      filename: "new.txt",
      label: "first_reading",
    });
    const drafter = await makeUser(db, { roles: [{ role: "drafter", organizationId: org }] });
    return { org, billId, lawId: current.versionId, versionId: reading.versionId, drafter };
  }

  it("generates the decision for a drafter, checks an edited one, and downloads it as Word", async () => {
    const { billId, versionId, drafter } = await pigBill();
    const cookie = await signInCookie(ctx(), drafter);
    const path = `/bills/${billId}/versions/${versionId}/decision`;
    const page = await callRoute(decisionPage.loader, getRequest(path, cookie), ctx(), {
      billId,
      versionId,
    });
    expect(page.status).toBe(200);
    expect(page.data.draft.state).toBe("ready");
    const text: string = page.data.draft.text;
    expect(text.split("\n")[0]).toBe("关于修改《生猪屠宰管理条例》的决定");
    expect(text).toMatch(/中的“商务”修改为“畜牧兽医行政”/);

    const checked = await callRoute(
      decisionPage.action,
      formRequest(path, { text }, { cookie }),
      ctx(),
      {
        billId,
        versionId,
      },
    );
    expect(checked.data.check).toEqual({ ok: true, articles: 36 });

    // An edit that drops an item is caught: the result no longer gives the reading.
    const edited = text.replace(/\n[一二三四五六七八九十]+、将第二十九条[^\n]*/, "");
    const differs = await callRoute(
      decisionPage.action,
      formRequest(path, { text: edited }, { cookie }),
      ctx(),
      {
        billId,
        versionId,
      },
    );
    expect(differs.data.check).toEqual({ ok: false, kind: "differs", labels: ["第二十九条"] });
    const broken = await callRoute(
      decisionPage.action,
      formRequest(path, { text: "一、删去第九十九条。" }, { cookie }),
      ctx(),
      { billId, versionId },
    );
    expect(broken.data.check).toMatchObject({ ok: false, kind: "item", item: 1 });

    const response = (await decisionDocx.action({
      request: formRequest(`${path}.docx`, { text: `${text}\n（起草人修改）` }, { cookie }),
      context: ctx(),
      params: { billId, versionId },
    } as never)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toContain(
      encodeURIComponent("关于修改《生猪屠宰管理条例》的决定.docx"),
    );
    const words = await mammoth.extractRawText({
      buffer: Buffer.from(await response.arrayBuffer()),
    });
    expect(words.value).toContain("关于修改《生猪屠宰管理条例》的决定");
    expect(words.value).toContain("（起草人修改）");
  });

  it("refuses a full revision with the reason, and says the law in force is no amendment", async () => {
    const { billId, versionId, lawId, drafter } = await pigBill("shengzhu-tuzai-tiaoli-2021.txt");
    const cookie = await signInCookie(ctx(), drafter);
    const page = await callRoute(
      decisionPage.loader,
      getRequest(`/bills/${billId}/versions/${versionId}/decision`, cookie),
      ctx(),
      { billId, versionId },
    );
    expect(page.data.draft).toMatchObject({ state: "refused", reason: "revision" });
    const itself = await callRoute(
      decisionPage.loader,
      getRequest(`/bills/${billId}/versions/${lawId}/decision`, cookie),
      ctx(),
      { billId, versionId: lawId },
    );
    expect(itself.data.draft).toEqual({ state: "isLaw" });
  });

  it("is the bill's drafters' only: others are refused, and the download needs the CSRF token", async () => {
    const { billId, versionId, drafter } = await pigBill();
    const path = `/bills/${billId}/versions/${versionId}/decision`;
    const params = { billId, versionId };
    const anonymous = await callRoute(decisionPage.loader, getRequest(path), ctx(), params);
    expect(anonymous.status).toBe(302);
    const citizen = await signInCookie(ctx(), await makeUser(t.handle.db));
    expect(
      (await callRoute(decisionPage.loader, getRequest(path, citizen), ctx(), params)).status,
    ).toBe(403);
    const otherOrg = await makeOrganization(t.handle.db);
    const stranger = await signInCookie(
      ctx(),
      await makeUser(t.handle.db, { roles: [{ role: "drafter", organizationId: otherOrg }] }),
    );
    expect(
      (await callRoute(decisionPage.loader, getRequest(path, stranger), ctx(), params)).status,
    ).toBe(403);
    const download = (cookie: string, csrf?: string | null) =>
      callRoute(
        decisionDocx.action,
        formRequest(`${path}.docx`, { text: "一、删去第一条。" }, { cookie, csrf }),
        ctx(),
        params,
      );
    expect((await download(citizen)).status).toBe(403);
    expect((await download(stranger)).status).toBe(403);
    const own = await signInCookie(ctx(), drafter);
    expect((await download(own, null)).status).toBe(403);
    expect((await download(own)).status).toBe(200);
  });
});
