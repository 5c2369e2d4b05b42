import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import * as reportExport from "../../app/routes/report-export.ts";
import { makeBillWithVersion, makeOrganization, sampleText } from "../../db/factories.ts";
import type { ComparisonRowView } from "../../services/comparison-view.ts";
import { comparisonDocx } from "../../services/documents/comparison-docx.ts";
import { opinionTemplateXlsx } from "../../services/documents/opinion-template-xlsx.ts";
import { submissionDocx } from "../../services/documents/submission-docx.ts";
import { versionFile } from "../../services/documents/version-file.ts";
import { versionForExport } from "../../db/queries/versions.ts";
import { useTestDatabase } from "../support/database.ts";
import { reportFixture } from "../support/report-fixture.ts";
import { getRequest, makeContext } from "../support/routes.ts";
import { malformedParts, xmlError } from "../support/xml.ts";

// Text stored before input was checked (or pasted from Word) can hold characters XML 1.0 cannot
// carry at all, not even as references: U+FFFE, U+FFFF and C0 controls other than tab, LF, CR.
// Every XML file Kaimen writes must stay well-formed and keep the rest of the text.
const BAD = "\uFFFE\uFFFF\u0001\u001F\u000B";
const dirty = (text: string) => `${text.slice(0, 2)}${BAD}${text.slice(2)}`;

describe("exports of text holding characters XML cannot carry", () => {
  const t = useTestDatabase();
  const ctx = () => makeContext(t.handle.db, t.handle.kind);

  /** A published report with one opinion whose every text field is dirty, inserted directly. */
  async function dirtyConsultation() {
    const f = await reportFixture(t.handle.db);
    await f.addOpinion({
      body: dirty("建议增加检疫条款。"),
      proposed: dirty("动物检疫由动物卫生监督机构实施。"),
      name: dirty("赵六"),
      region: dirty("崇川区"),
      disposition: { code: "not_adopted", reason: dirty("已有规定。") },
    });
    await f.publishReport();
    return f;
  }

  const download = async (consultationId: string, file: string) => {
    const answer = (await reportExport.loader({
      request: getRequest(`/consultations/${consultationId}/export/${file}`),
      context: ctx(),
      params: { id: consultationId, file },
    } as never)) as Response;
    expect(answer.status).toBe(200);
    return new Uint8Array(await answer.arrayBuffer());
  };

  it("writes the public opinions XLSX well-formed, keeping the rest of each text", async () => {
    const f = await dirtyConsultation();
    const bytes = await download(f.consultationId, "opinions.xlsx");
    expect(await malformedParts(bytes)).toEqual([]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as never);
    const row = workbook.worksheets[0]!.getRow(2);
    expect(row.getCell(3).value).toBe("建议增加检疫条款。");
    expect(row.getCell(4).value).toBe("动物检疫由动物卫生监督机构实施。");
    expect(row.getCell(14).value).toBe("已有规定。");
  });

  it("writes the public 意见汇总表 DOCX well-formed, keeping the rest of each text", async () => {
    const f = await dirtyConsultation();
    const bytes = await download(f.consultationId, "summary.docx");
    expect(await malformedParts(bytes)).toEqual([]);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
    expect(value).toContain("建议增加检疫条款。");
    expect(value).toContain("已有规定。");
  });

  it("writes a contact point's 意见汇总表 well-formed", async () => {
    const bytes = await submissionDocx({
      billTitle: dirty("测试条例"),
      pointName: dirty("和平桥联系点"),
      statusLine: dirty("已报送"),
      activities: [dirty("座谈会")],
      rows: [
        {
          target: dirty("第一条"),
          body: dirty("建议修改。"),
          proposed: dirty("改为……"),
          activity: dirty("座谈会"),
          headcount: 3,
          handling: dirty("采纳"),
        },
      ],
    });
    expect(await malformedParts(bytes)).toEqual([]);
  });

  it("writes a contact point's import template (with its activities listed) well-formed", async () => {
    const bytes = await opinionTemplateXlsx([
      { held_on: "2025-03-01", kind: "symposium", place: dirty("和平桥社区") },
    ]);
    expect(await malformedParts(bytes)).toEqual([]);
  });

  it("writes the 修改对照表 well-formed", async () => {
    const row: ComparisonRowView = {
      kind: "modified",
      old: [1],
      new: [1],
      oldPids: ["a"],
      newPids: ["a"],
      renumbered: false,
      textChanged: true,
      ops: [
        { op: "equal", text: dirty("本条例") },
        { op: "delete", text: dirty("所称") },
        { op: "insert", text: dirty("所指") },
      ],
      key: "a",
      oldSide: [{ pid: "a", label: dirty("第一条"), chapter: "" }],
      newSide: [{ pid: "a", label: dirty("第一条"), chapter: "" }],
      chapter: "",
      note: dirty("文字修改"),
    };
    const bytes = await comparisonDocx({
      title: dirty("测试条例"),
      fromLabel: dirty("一审稿"),
      toLabel: dirty("二审稿"),
      rows: [row],
    });
    expect(await malformedParts(bytes)).toEqual([]);
  });

  it("writes a version's DOCX and Akoma Ntoso well-formed", async () => {
    const organizationId = await makeOrganization(t.handle.db);
    const text = sampleText([dirty("为了测试，制定本条例。")], dirty("测试条例"));
    const { versionId } = await makeBillWithVersion(t.handle.db, {
      organizationId,
      title: dirty("测试条例"),
      document: text.document,
      provisions: text.provisions,
    });
    const stored = (await versionForExport(t.handle.db, versionId))!;
    const docx = await versionFile(stored, "docx");
    expect(await malformedParts(docx.bytes)).toEqual([]);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(docx.bytes) });
    expect(value).toContain("为了测试，制定本条例。");
    const akn = await versionFile(stored, "akn");
    const xml = new TextDecoder().decode(akn.bytes);
    expect(xmlError(xml)).toBeNull();
    expect(xml).toContain("为了测试，制定本条例。");
  });
});
