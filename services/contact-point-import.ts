import type { Kysely } from "kysely";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { parseChineseNumeral } from "../editor/numerals.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { consultationForPoint } from "../db/queries/contact-points.ts";
import { opinionValues, type Actor, type Target } from "./contact-points.ts";
import { activityLabel } from "./documents/opinion-template-xlsx.ts";
import { conflict, invalidInput, notFound, ServiceError } from "./errors.ts";
import { parseInWorker, SHEET_LIMITS, WorkerFailed } from "./parse-in-worker.ts";
import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  readSheetRows,
  sheetPrecheck,
  SheetError,
} from "./sheet-reader.ts";

export { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from "./sheet-reader.ts";

// The spreadsheet of a contact point's opinions (one row an opinion; its template is
// services/documents/opinion-template-xlsx.ts): an import that checks every row first and stores
// all of them or none.

/** The refusal of a file the sheet reader (or its worker) could not take, by its status. */
function sheetRefusal(messageKey: string, status: number): ServiceError {
  return new ServiceError(status === 413 ? "too_large" : "invalid", messageKey);
}

/** Reads the rows of an XLSX or CSV file in this thread (tests and small files; uploads go through a worker). */
export async function readSheet(
  bytes: Uint8Array,
  filename: string,
): Promise<{ line: number; cells: string[] }[]> {
  try {
    return await readSheetRows(bytes, filename);
  } catch (error) {
    if (error instanceof SheetError) throw sheetRefusal(error.messageKey, error.status);
    throw error;
  }
}

/**
 * Reads an upload's rows: the quick checks here (size, the zip's directory, declared
 * dimensions), then the reading in a worker with memory and time limits.
 */
async function readUploadedSheet(
  bytes: Uint8Array,
  filename: string,
): Promise<{ line: number; cells: string[] }[]> {
  try {
    sheetPrecheck(bytes, filename);
    return await parseInWorker({ kind: "sheet", bytes, filename }, SHEET_LIMITS);
  } catch (error) {
    if (error instanceof SheetError) throw sheetRefusal(error.messageKey, error.status);
    if (error instanceof WorkerFailed) {
      if (error.detail?.type === "sheet")
        throw sheetRefusal(error.detail.code, error.detail.status);
      // Out of memory or time: the file is built to hurt, or far past what the form takes.
      throw error.reason === "crashed"
        ? invalidInput("cp.import.unreadable")
        : new ServiceError("too_large", "upload.bomb");
    }
    throw error;
  }
}

export interface RowProblem {
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

/** Reads 第N条 / N / 第N章 / 整体 into a target, or null. */
export function parseTargetCell(
  text: string,
): { kind: "article" | "chapter"; number: number } | { kind: "draft" } | null {
  const s = text.replace(/\s+/g, "");
  if (/^(整体|全文|总体|草案整体|整体意见)$/.test(s)) return { kind: "draft" };
  const m = /^第?([0-9０-９〇零一二两三四五六七八九十百千]+)(条|章)?$/.exec(s);
  if (!m) return null;
  if (m[2] === undefined && !/^[0-9０-９]+$/.test(m[1]!) && !s.startsWith("第")) return null;
  const n = parseChineseNumeral(m[1]!);
  if (n === null || n < 1) return null;
  return { kind: m[2] === "章" ? "chapter" : "article", number: n };
}

export interface ImportResult {
  ok: boolean;
  imported: number;
  problems: RowProblem[];
}

/**
 * Imports a spreadsheet's opinions into the point's draft report: every row is checked first
 * (article, opinion, number, activity, duplicate); with any problem nothing is stored.
 */
export async function importOpinions(
  db: Kysely<Database>,
  actor: Actor,
  input: {
    consultationId: string;
    bytes: Uint8Array;
    filename: string;
    defaultActivityId?: string | null;
  },
): Promise<ImportResult> {
  if (input.bytes.length > IMPORT_MAX_BYTES)
    throw new ServiceError("too_large", "cp.import.tooLarge");
  const c = await consultationForPoint(db, input.consultationId, actor.now);
  if (!c) throw notFound("consultation.notFound");
  if (c.status !== "open")
    throw new ServiceError(
      "not_open",
      c.status === "closed" ? "api.consultationClosed" : "api.consultationUpcoming",
    );
  const rows = await readUploadedSheet(input.bytes, input.filename);
  if (rows.length === 0) throw invalidInput("cp.import.empty");
  if (rows.length > IMPORT_MAX_ROWS) throw new ServiceError("too_large", "cp.import.tooManyRows");

  return inTransaction(db, async (trx) => {
    const draft = await trx
      .selectFrom("submissions")
      .select("id")
      .where("contact_point_id", "=", actor.contactPointId)
      .where("consultation_id", "=", c.id)
      .where("status", "=", "draft")
      .forUpdate()
      .executeTakeFirst();
    if (!draft) throw conflict("cp.import.noActivity");
    const activities = await trx
      .selectFrom("contact_point_activities")
      .select(["id", "kind", "held_on", "place", "headcount"])
      .where("submission_id", "=", draft.id)
      .orderBy("held_on")
      .orderBy("created_at")
      .execute();
    if (activities.length === 0) throw conflict("cp.import.noActivity");
    const byLabel = new Map(activities.map((a, i) => [activityLabel(i, a), a]));
    const fallback = activities.find((a) => a.id === input.defaultActivityId) ?? null;
    const provisions = await trx
      .selectFrom("provisions")
      .select(["pid", "kind", "number"])
      .where("version_id", "=", c.version_id)
      .where("kind", "in", ["article", "chapter"])
      .execute();
    const existing = await trx
      .selectFrom("opinions")
      .select(["activity_id", "provision_pid", "body"])
      .where("submission_id", "=", draft.id)
      .execute();
    const seen = new Map<string, number>(
      existing.map((o) => [`${o.activity_id}|${o.provision_pid ?? ""}|${norm(o.body)}`, 0]),
    );

    const problems: RowProblem[] = [];
    const good: {
      activity: (typeof activities)[number];
      target: Target;
      body: string;
      proposed: string;
      headcount: number;
    }[] = [];
    for (const { line, cells } of rows) {
      const [articleCell = "", body = "", proposed = "", activityCell = "", countCell = ""] = cells;
      const before = problems.length;
      let target: Target | null = null;
      const parsed = parseTargetCell(articleCell);
      if (articleCell === "" || !parsed) {
        problems.push({ line, key: "cp.import.unknownArticle", params: { value: articleCell } });
      } else if (parsed.kind === "draft") target = { pid: null, scope: "draft" };
      else {
        const p = provisions.find((x) => x.kind === parsed.kind && x.number === parsed.number);
        if (!p)
          problems.push({ line, key: "cp.import.unknownArticle", params: { value: articleCell } });
        else target = { pid: p.pid, scope: parsed.kind === "article" ? "article" : "chapter" };
      }
      if (body === "") problems.push({ line, key: "cp.import.emptyOpinion" });
      else if (body.length > 5000 || proposed.length > 5000)
        problems.push({ line, key: "cp.import.tooLong" });
      let activity: (typeof activities)[number] | null;
      if (activityCell === "") activity = fallback;
      else {
        activity =
          byLabel.get(activityCell) ??
          (/^\d+$/.test(activityCell) ? (activities[Number(activityCell) - 1] ?? null) : null) ??
          (/^\d+\./.test(activityCell)
            ? (activities[Number.parseInt(activityCell, 10) - 1] ?? null)
            : null);
      }
      if (!activity)
        problems.push(
          activityCell === ""
            ? { line, key: "cp.import.noActivityGiven" }
            : { line, key: "cp.import.unknownActivity", params: { value: activityCell } },
        );
      let headcount = 1;
      if (countCell !== "") {
        const n = Number(
          countCell.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)),
        );
        if (!Number.isInteger(n) || n < 1)
          problems.push({ line, key: "cp.import.badNumber", params: { value: countCell } });
        else if (activity && n > activity.headcount)
          problems.push({
            line,
            key: "cp.import.overHeadcount",
            params: { value: n, max: activity.headcount },
          });
        else headcount = n;
      }
      if (problems.length > before || !target || !activity) continue;
      const key = `${activity.id}|${target.pid ?? ""}|${norm(body)}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        problems.push(
          earlier === 0
            ? { line, key: "cp.import.duplicateExisting" }
            : { line, key: "cp.import.duplicateRow", params: { other: earlier } },
        );
        continue;
      }
      seen.set(key, line);
      good.push({ activity, target, body, proposed, headcount });
    }
    if (problems.length > 0) return { ok: false, imported: 0, problems };

    const point = await trx
      .selectFrom("contact_points")
      .select("district")
      .where("id", "=", actor.contactPointId)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < good.length; i += 200) {
      await trx
        .insertInto("opinions")
        .values(
          good.slice(i, i + 200).map((g) =>
            opinionValues({
              consultationId: c.id,
              versionId: c.version_id,
              activity: g.activity,
              contactPointId: actor.contactPointId,
              district: point.district,
              submissionId: draft.id,
              userId: actor.userId,
              target: g.target,
              body: g.body,
              proposedText: g.proposed,
              headcount: g.headcount,
              respondentType: "individual",
            }),
          ),
        )
        .execute();
    }
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "opinion.import",
      subjectType: "submission",
      subjectId: draft.id,
      data: { rows: good.length, filename: input.filename.slice(0, 200) },
      ip: actor.ip,
    });
    return { ok: true, imported: good.length, problems: [] };
  });
}

function norm(text: string): string {
  return text.replace(/\s+/g, "");
}
