import ExcelJS from "exceljs";
import JSZip from "jszip";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import * as login from "../../app/routes/login.tsx";
import * as report from "../../app/routes/report.tsx";
import * as reportExport from "../../app/routes/report-export.ts";
import * as statistics from "../../app/routes/statistics.tsx";
import { translator } from "../../app/i18n/index.ts";
import { consultationCharts } from "../../services/documents/charts.ts";
import { makeOrganization, makeUser } from "../../db/factories.ts";
import { consultationStats } from "../../services/consultation-stats.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { callRoute, cookieFrom, formRequest, getRequest, makeContext } from "../support/routes.ts";

describe("the adoption report (采纳情况反馈), its charts and its files", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);
  const signIn = async (user: { email: string; password: string }) =>
    cookieFrom(
      (
        await callRoute(
          login.action,
          formRequest("/login", { email: user.email, password: user.password }),
          ctx(),
        )
      ).headers,
    );

  /** A consultation with opinions of every kind the files and the report must tell apart. */
  async function handledConsultation() {
    const db = t.handle.db;
    const f = await reportFixture(db);
    const [a1, a2] = f.pids;
    const adopted = await f.addOpinion({
      pid: a2,
      name: "张三丰",
      region: "崇川区",
      body: "建议把“净化、消灭”写入定义，并明确“诊疗”。",
      proposed: "本条例所称动物防疫，是指动物疫病的预防、控制、诊疗、净化、消灭。",
      disposition: { code: "adopted", reason: "已在二审稿中修改。", changedPid: a2 },
    });
    await f.addOpinion({
      pid: a1,
      name: "李四",
      region: "<script>alert(1)</script>",
      body: '=HYPERLINK("http://evil.example","点我")',
      disposition: { code: "not_adopted", reason: "与立法目的无关，\n不予采纳。" },
    });
    await f.addOpinion({ pid: a1, name: "王五", body: '含有逗号, 和 "引号" 的意见' });
    await f.addOpinion({ pid: a1, status: "pending", body: "待审核的意见" });
    await f.addOpinion({ pid: a2, status: "hidden", body: "已屏蔽的意见" });
    const submitted = await f.submission(f.pointA, "submitted");
    await f.addOpinion({
      pid: null,
      channel: "symposium",
      contactPointId: f.pointA,
      submissionId: submitted,
      headcount: 15,
      body: "座谈会建议加强基层防疫队伍建设。",
    });
    await f.addOpinion({
      pid: a2,
      channel: "visit",
      contactPointId: f.pointB,
      headcount: 3,
      body: "联系点尚未报送的意见",
    });
    const drafter = await makeUser(db, {
      roles: [{ role: "drafter", organizationId: f.organizationId }],
    });
    return { ...f, adopted, drafter };
  }

  it("is hidden from the public until published, while the bill's drafters can preview it", async () => {
    const f = await handledConsultation();
    const path = `/consultations/${f.consultationId}/report`;
    const params = { id: f.consultationId };
    const anonymous = await callRoute(report.loader, getRequest(path), ctx(), params);
    expect(anonymous.status).toBe(404);
    expect(anonymous.data.message).toBe("该征求意见的采纳情况反馈尚未发布。");
    const citizen = await signIn(await makeUser(t.handle.db));
    expect((await callRoute(report.loader, getRequest(path, citizen), ctx(), params)).status).toBe(
      404,
    );
    const stranger = await signIn(
      await makeUser(t.handle.db, {
        roles: [{ role: "drafter", organizationId: await makeOrganization(t.handle.db) }],
      }),
    );
    expect((await callRoute(report.loader, getRequest(path, stranger), ctx(), params)).status).toBe(
      404,
    );
    const drafter = await signIn(f.drafter);
    const preview = await callRoute(report.loader, getRequest(path, drafter), ctx(), params);
    expect(preview.status).toBe(200);
    expect(preview.data.publishedAt).toBeNull();
    expect(preview.data.drafter).toBe(true);

    await f.publishReport("感谢社会各界的参与。");
    const page = await callRoute(report.loader, getRequest(path), ctx(), params);
    expect(page.status).toBe(200);
    const d = page.data;
    expect(d.note).toBe("感谢社会各界的参与。");
    expect(d.drafter).toBe(false);
    // Counted: three online opinions and the submitted symposium one.
    expect(d.stats).toMatchObject({ total: 4, headcount: 18, handled: 2, adopted: 1 });
    expect(
      d.stats.byProvision.map((p: { label: string; count: number }) => [p.label, p.count]),
    ).toEqual([
      ["第1条", 2],
      ["第2条", 1],
    ]);
    expect(d.next).toEqual({ id: f.nextVersionId, label: "second_reading" });
    // Representative opinions: handled first, names masked, nothing uncounted.
    const bodies = d.opinions.map((o: { body: string }) => o.body);
    expect(bodies).not.toContain("待审核的意见");
    expect(bodies).not.toContain("已屏蔽的意见");
    expect(bodies).not.toContain("联系点尚未报送的意见");
    const first = d.opinions.find((o: { id: string }) => o.id === f.adopted);
    expect(first).toMatchObject({
      source: "张**",
      code: "adopted",
      reason: "已在二审稿中修改。",
      changed: { versionId: f.nextVersionId, pid: f.pids[1], label: "第2条" },
    });
    expect(JSON.stringify(d)).not.toContain("张三丰");
    const symposium = d.opinions.find((o: { channel: string }) => o.channel === "symposium");
    expect(symposium).toMatchObject({ source: "崇川区和平桥联系点", headcount: 15 });
    expect(
      d.opinions.filter((o: { provisionPid: string }) => o.provisionPid === f.pids[0])[0].code,
    ).toBe("not_adopted");
    expect(d.charts.map((c: { id: string }) => c.id)).toEqual([
      "heatmap",
      "per-day",
      "by-channel",
      "by-region",
      "by-respondent",
      "by-disposition",
    ]);
  });

  it("draws charts as SVG with a summary, escaping the text it writes", async () => {
    const f = await handledConsultation();
    const stats = await consultationStats(t.handle.db, f.consultationId, "Asia/Shanghai");
    const charts = consultationCharts(translator("zh-CN"), stats);
    const region = charts.find((c) => c.id === "by-region")!;
    expect(region.svg).toMatch(/^<svg[^>]*viewBox="0 0 360 /);
    expect(region.svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(region.svg).not.toMatch(/<script/i);
    expect(region.summary).toContain("崇川区 2 条");
    expect(region.rows).toEqual(
      expect.arrayContaining([{ label: "<script>alert(1)</script>", count: 1 }]),
    );
    const heatmap = charts.find((c) => c.id === "heatmap")!;
    expect(heatmap.summary).toBe(
      "草案共 3 条，其中 2 条收到意见。意见最多的是：第1条 2 条，第2条 1 条。",
    );
    expect(heatmap.svg).toContain("<svg");
    for (const chart of charts) expect(chart.svg ?? "").not.toMatch(/<script|javascript:/i);

    // The page sends the pictures as data: URLs of the same SVG, with the summary as its name.
    const drafter = await signIn(f.drafter);
    const page = await callRoute(
      statistics.loader,
      getRequest(`/consultations/${f.consultationId}/statistics`, drafter),
      ctx(),
      { id: f.consultationId },
    );
    expect(page.data.uncounted).toEqual({ pending: 1, hidden: 1, unsubmitted: 1 });
    const sent = page.data.charts.find((c: { id: string }) => c.id === "by-region");
    expect(sent.src).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(sent.src.split(",")[1], "base64").toString("utf8");
    expect(svg).toContain("&lt;script&gt;");
    // Only the bill's drafters see the statistics page.
    const citizen = await signIn(await makeUser(t.handle.db));
    expect(
      (
        await callRoute(
          statistics.loader,
          getRequest(`/consultations/${f.consultationId}/statistics`, citizen),
          ctx(),
          { id: f.consultationId },
        )
      ).status,
    ).toBe(403);
  });

  it("exports the counted opinions as CSV with a BOM, escaped and guarded against formulas", async () => {
    const f = await handledConsultation();
    const get = (query = "", cookie?: string) =>
      callRoute(
        reportExport.loader,
        getRequest(`/consultations/${f.consultationId}/export/opinions.csv${query}`, cookie),
        ctx(),
        { id: f.consultationId, file: "opinions.csv" },
      );
    // The body as bytes (Response.text() would drop the byte-order mark).
    const raw = async (query = "", cookie?: string) => {
      const answer = (await reportExport.loader({
        request: getRequest(
          `/consultations/${f.consultationId}/export/opinions.csv${query}`,
          cookie,
        ),
        context: ctx(),
        params: { id: f.consultationId, file: "opinions.csv" },
      } as never)) as Response;
      return Buffer.from(await answer.arrayBuffer());
    };
    const before = await get();
    expect(before.status).toBe(200);
    expect(before.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = await raw();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    const lines = text.slice(1).split("\r\n");
    expect(lines[0]).toBe(
      "序号,条文,意见内容,建议修改为,渠道,基层立法联系点,意见人,地区,身份,人数,附议数,提出时间",
    );
    expect(lines.filter(Boolean)).toHaveLength(5); // header + 4 counted opinions
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(text).toContain('"含有逗号, 和 ""引号"" 的意见"');
    expect(text).toContain(
      "草案整体,座谈会建议加强基层防疫队伍建设。,,座谈会,崇川区和平桥联系点,,",
    );
    expect(text).toContain("张**");
    expect(text).not.toContain("张三丰");
    for (const hidden of ["待审核的意见", "已屏蔽的意见", "联系点尚未报送的意见"])
      expect(text).not.toContain(hidden);
    // The handling is not public before the report is.
    expect(text).not.toContain("已在二审稿中修改");

    await f.publishReport();
    const after = (await raw()).toString("utf8");
    expect(after.split("\r\n")[0]).toMatch(/,处理情况,理由$/);
    expect(after).toContain("采纳,已在二审稿中修改。");
    expect(after).toContain('"与立法目的无关，\n不予采纳。"');

    // The drafters' file has every opinion they see and its status (a contact point's only once
    // submitted); others are sent to sign in or refused.
    expect((await get("?all=1")).status).toBe(302);
    const citizen = await signIn(await makeUser(t.handle.db));
    expect((await get("?all=1", citizen)).status).toBe(403);
    const all = (await raw("?all=1", await signIn(f.drafter))).toString("utf8");
    expect(all.split("\r\n").filter(Boolean)).toHaveLength(7);
    expect(all).toContain("待审核的意见");
    expect(all).toContain("已屏蔽");
    expect(all).not.toContain("联系点尚未报送的意见");
  });

  it("exports an XLSX that reads back with its header, widths, frozen row and rows", async () => {
    const f = await handledConsultation();
    await f.publishReport();
    const answer = await reportExport.loader({
      request: getRequest(`/consultations/${f.consultationId}/export/opinions.xlsx`),
      context: ctx(),
      params: { id: f.consultationId, file: "opinions.xlsx" },
    } as never);
    expect(answer.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await answer.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("意见");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.getRow(1).getCell(3).value).toBe("意见内容");
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(3).width).toBe(60);
    expect(sheet.rowCount).toBe(5);
    const bodies = [2, 3, 4, 5].map((r) => sheet.getRow(r).getCell(3).value);
    expect(bodies).toEqual([
      "座谈会建议加强基层防疫队伍建设。",
      `'=HYPERLINK("http://evil.example","点我")`,
      '含有逗号, 和 "引号" 的意见',
      "建议把“净化、消灭”写入定义，并明确“诊疗”。",
    ]);
    expect(sheet.getRow(3).getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(2).getCell(10).value).toBe(15);
    expect(sheet.getRow(5).getCell(13).value).toBe("采纳");
  });

  it("exports the 意见汇总表 as a landscape DOCX, public only once the report is", async () => {
    const f = await handledConsultation();
    const get = (query = "", cookie?: string) =>
      reportExport.loader({
        request: getRequest(
          `/consultations/${f.consultationId}/export/summary.docx${query}`,
          cookie,
        ),
        context: ctx(),
        params: { id: f.consultationId, file: "summary.docx" },
      } as never);
    const hidden = await callRoute(
      reportExport.loader,
      getRequest(`/consultations/${f.consultationId}/export/summary.docx`),
      ctx(),
      { id: f.consultationId, file: "summary.docx" },
    );
    expect(hidden.status).toBe(404);

    await f.publishReport();
    const answer = await get();
    const bytes = Buffer.from(await answer.arrayBuffer());
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file("word/document.xml")!.async("string");
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/);
    const { value } = await mammoth.extractRawText({ buffer: bytes });
    for (const heading of [
      "序号",
      "条文",
      "意见内容",
      "建议修改为",
      "来源/渠道",
      "处理情况",
      "理由",
    ])
      expect(value).toContain(heading);
    expect(value).toContain("意见汇总表");
    expect(value).toContain("建议把“净化、消灭”写入定义，并明确“诊疗”。");
    expect(value).toContain("已在二审稿中修改。");
    expect(value).toContain("崇川区和平桥联系点");
    expect(value).toContain("15 人");
    expect(value).not.toContain("待审核的意见");
    expect(value).not.toContain("张三丰");

    const all = await get("?all=1", await signIn(f.drafter));
    const allText = (await mammoth.extractRawText({ buffer: Buffer.from(await all.arrayBuffer()) }))
      .value;
    expect(allText).toContain("待审核的意见");
    expect(allText).not.toContain("联系点尚未报送的意见");
  });
  it("streams an export of thousands of opinions whole, in text order, numbered, CSV and XLSX alike", async () => {
    const f = await handledConsultation();
    const db = t.handle.db;
    const [a1, , a3] = f.pids;
    // More opinions than a page of the export holds: a hot article of 1,500 (read in pages by
    // keyset, 500 of them at one same instant so the order falls to the id), 900 on the whole
    // draft and 600 on the third article, each numbered in its body by its place in time.
    const instant = new Date("2026-03-01T02:00:00Z");
    const many = (pid: string | null, count: number, tag: string) =>
      db
        .insertInto("opinions")
        .values(
          Array.from({ length: count }, (_, i) => ({
            consultation_id: f.consultationId,
            version_id: f.versionId,
            provision_pid: pid,
            scope: pid ? ("article" as const) : ("draft" as const),
            body: `${tag}-${String(i).padStart(4, "0")}`,
            channel: "online" as const,
            status: "published" as const,
            receipt: `${tag}-${i}`,
            lookup_code_hash: "x",
            created_at: i < 500 ? instant : new Date(instant.getTime() + i * 1000),
          })),
        )
        .execute();
    await many(a1!, 1500, "hot");
    await many(null, 900, "draft");
    await many(a3!, 600, "third");
    const drafter = await signIn(f.drafter);
    const get = async (file: string) =>
      (await reportExport.loader({
        request: getRequest(`/consultations/${f.consultationId}/export/${file}?all=1`, drafter),
        context: ctx(),
        params: { id: f.consultationId, file },
      } as never)) as Response;

    const csv = Buffer.from(await (await get("opinions.csv")).arrayBuffer()).toString("utf8");
    const records = csv.slice(1).split("\r\n").filter(Boolean).slice(1);
    const bodies = records.map((r) => r.split(",")[2]!);
    const generated = bodies.filter((b) => /^(hot|draft|third)-/.test(b));
    expect(generated).toHaveLength(3000);
    expect(new Set(generated).size).toBe(3000);
    // The whole draft first, then the articles in text order; within each, oldest first (and
    // by id among opinions of one instant, which the ids decide, so only the rest is checked).
    const order = (tag: string) => generated.filter((b) => b.startsWith(`${tag}-`));
    expect(generated.indexOf(order("draft")[0]!)).toBeLessThan(generated.indexOf(order("hot")[0]!));
    expect(generated.indexOf(order("hot").at(-1)!)).toBeLessThan(
      generated.indexOf(order("third")[0]!),
    );
    for (const tag of ["draft", "hot", "third"]) {
      const later = order(tag).filter((b) => Number(b.split("-")[1]) >= 500);
      expect(later).toEqual([...later].sort());
    }
    expect(records.map((r) => Number(r.split(",")[0]))).toEqual(
      Array.from({ length: records.length }, (_, i) => i + 1),
    );

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await get("opinions.xlsx")).arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(records.length + 1);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const cells: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) cells.push(String(row.getCell(3).value));
    });
    expect(cells.filter((b) => /^(hot|draft|third)-/.test(b))).toEqual(generated);
    expect(sheet.getRow(records.length + 1).getCell(1).value).toBe(records.length);
  });
});
