import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { VersionLabel } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "../db/queries/idempotency.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import type { LegalDocJSON } from "../editor/document-json.ts";
import type { CompareSummary } from "../editor/compare/align.ts";
import type { UnplacedLine } from "../editor/import/parse.ts";
import { checkZip, DOCX_LIMITS, ZipRefused } from "../editor/import/zip-guard.node.ts";
import { parseInWorker, READING_LIMITS, WorkerFailed } from "./parse-in-worker.ts";
import { latestVersion } from "../db/queries/versions.ts";
import { isServiceError, ServiceError } from "./errors.ts";
import { readingSwing, swingReasonOf, type ReadingSwing } from "./reading-checks.ts";
import { identicalReading, publishImportedDocument, swingNeedsReason } from "./readings.ts";

// A drafter's import of a reading from a file runs as a job: a 9.5 MB .txt once outlived its
// request by ten minutes and then committed behind the drafter's back. Now the text is
// bounded in size, parsing and aligning run in a worker with memory and time limits, and the
// job is a row the bill page polls, so the drafter sees it running and then done or failed.
// The row is the idempotency answer of the form's key (scope reading-import:BILL): a second
// submission of the same form (a double click, a retry after a dropped connection) finds the
// job instead of starting another, so one upload makes one reading.
//
// Nothing is published from the upload alone (issue 15, publishing safely): the job stops at a
// preview — counts against the latest reading, the comparison's summary, the lines it could not
// place — and keeps the parsed document in its row until the drafter confirms (or discards) it.
// A text identical to the latest reading stops the job with a refusal; a large swing is
// published only with the reason the drafter types, which the audit row keeps. A preview never
// confirmed is a job row that expires with the other idempotency answers: no version is written.

/** A text file (or pasted text) above this is not a law: the longest codes are under 1 MB. */
export const READING_TEXT_MAX_BYTES = 2 * 1024 * 1024;
/** A Word file may carry pictures; its unpacked size is bounded by the zip guard. */
export const READING_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The Civil Code has 1,260 articles. */
export const READING_MAX_ARTICLES = 3000;
/** A job still "running" this long after it started died with its process. */
const STALE_MS = 5 * 60_000;

export type ImportStage = "queued" | "parsing" | "aligning" | "publishing";

/** What the drafter sees before confirming an import: the new text against the latest reading. */
export interface ReadingImportPreview {
  articles: number;
  chapters: number;
  /** The latest reading when the import was parsed; null for a bill's first reading. */
  previous: {
    versionId: string;
    label: VersionLabel;
    articles: number;
    chapters: number;
    summary: CompareSummary;
  } | null;
  swing: ReadingSwing | null;
}

/** What the bill page shows of an import. */
export interface ReadingImportJob {
  key: string;
  /** preview: parsed and waiting for the drafter's confirmation; discarded: he dropped it. */
  state: "running" | "preview" | "done" | "failed" | "discarded";
  stage: ImportStage;
  file: string;
  label: VersionLabel;
  versionId?: string;
  articles?: number;
  unplaced?: UnplacedLine[];
  draftReplaced?: boolean;
  note?: string;
  preview?: ReadingImportPreview;
  /** A catalogue key and, for some, a detail (an article label, an English reason for logs). */
  error?: { message: string; detail?: string };
}

function requestHash(bytes: Uint8Array, label: string, note: string): string {
  return createHash("sha256").update(bytes).update(`\0${label}\0${note}`).digest("hex");
}

/** A key made of the content, for a submission without the form's key. */
export function contentKey(bytes: Uint8Array, label: string, note: string): string {
  return `c-${requestHash(bytes, label, note).slice(0, 40)}`;
}

const scopeOf = (billId: string) => `reading-import:${billId}`;
const running = new Map<string, Promise<void>>();

function isText(filename: string): boolean {
  return !/\.docx$/i.test(filename);
}

/** A file to import as a reading of a bill, by whom, under which idempotency key. */
export interface ReadingImportInput {
  billId: string;
  key: string;
  bytes: Uint8Array;
  filename: string;
  label: VersionLabel;
  note: string;
  userId: string;
  ip?: string | null;
}

/**
 * Starts importing a file as a reading of the bill, or finds the job the same key started.
 * Answers at once; the job goes on in the background (see readingImportJob).
 */
export async function startReadingImport(
  db: Kysely<Database>,
  input: ReadingImportInput,
): Promise<{ job: ReadingImportJob; started: boolean }> {
  const hash = requestHash(input.bytes, input.label, input.note);
  const scope = scopeOf(input.billId);
  // A repeat is answered with its job before anything else is checked.
  const earlier = await findIdempotentAnswer(db, scope, input.key);
  if (earlier) return repeat(db, input.billId, input.key, earlier.request_hash, hash);
  if (isText(input.filename) && input.bytes.length > READING_TEXT_MAX_BYTES)
    throw new ServiceError("too_large", "bill.import.textTooLarge", undefined, {
      mb: READING_TEXT_MAX_BYTES / 1024 / 1024,
    });
  if (input.bytes.length > READING_FILE_MAX_BYTES)
    throw new ServiceError("too_large", "bill.import.tooLarge");
  // A Word file's directory is read here, in microseconds: a bomb that says what it is gets
  // its 413 now; one that lies is stopped in the worker at the size it claimed.
  if (!isText(input.filename)) {
    try {
      checkZip(input.bytes, DOCX_LIMITS);
    } catch (error) {
      if (!(error instanceof ZipRefused)) throw error;
      throw error.reason === "malformed"
        ? new ServiceError("unsupported_format", "bill.import.unsupported")
        : new ServiceError("too_large", "upload.bomb");
    }
  }
  const job: ReadingImportJob = {
    key: input.key,
    state: "running",
    stage: "queued",
    file: input.filename.slice(0, 200),
    label: input.label,
    note: input.note,
  };
  const stored = await storeIdempotentAnswer(db, {
    scope,
    key: input.key,
    requestHash: hash,
    status: 202,
    body: job,
  });
  if (!stored) {
    const raced = await findIdempotentAnswer(db, scope, input.key);
    return repeat(db, input.billId, input.key, raced?.request_hash ?? "", hash);
  }
  const work = runJob(db, { ...input, job }).catch(() => undefined);
  running.set(`${scope}\0${input.key}`, work);
  void work.finally(() => running.delete(`${scope}\0${input.key}`));
  return { job, started: true };
}

async function repeat(
  db: Kysely<Database>,
  billId: string,
  key: string,
  storedHash: string,
  requestHash: string,
): Promise<{ job: ReadingImportJob; started: boolean }> {
  if (storedHash !== requestHash)
    throw new ServiceError("idempotency_conflict", "bill.import.keyReused");
  const job = await readingImportJob(db, billId, key);
  if (!job) throw new ServiceError("idempotency_conflict", "bill.import.keyReused");
  return { job, started: false };
}

/** Resolves when this process's job for the key has finished (tests, shutdown). */
export function readingImportSettled(billId: string, key: string): Promise<void> {
  return running.get(`${scopeOf(billId)}\0${key}`) ?? Promise.resolve();
}

/** The job of a key, as the bill page shows it; a job orphaned by a restart reads as failed. */
export async function readingImportJob(
  db: Kysely<Database>,
  billId: string,
  key: string,
): Promise<ReadingImportJob | null> {
  // The parsed document a preview keeps is not part of what the page shows.
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["status", sql<unknown>`body - 'document'`.as("body"), "created_at"])
    .where("scope", "=", scopeOf(billId))
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row) return null;
  const job = row.body as unknown as ReadingImportJob;
  if (
    row.status === 202 &&
    !running.has(`${scopeOf(billId)}\0${key}`) &&
    Date.now() - new Date(row.created_at).getTime() > STALE_MS
  ) {
    // Marked failed in the database, so the orphan can never commit after the drafter was told.
    const failed = {
      ...job,
      state: "failed" as const,
      error: { message: "bill.import.job.interrupted" },
    };
    await finish(db, billId, key, 500, failed);
    return failed;
  }
  return job;
}

/** Moves a running job on; a job no longer running (failed as orphaned) is left alone. */
async function finish(
  db: Kysely<Database>,
  billId: string,
  key: string,
  status: number,
  /** A preview keeps the parsed document beside the job (never shown, read by confirming). */
  job: ReadingImportJob & { document?: LegalDocJSON },
): Promise<boolean> {
  const updated = await db
    .updateTable("idempotency_keys")
    .set({ status, body: JSON.stringify(job) })
    .where("scope", "=", scopeOf(billId))
    .where("key", "=", key)
    .where("status", "=", 202)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) > 0;
}

function failure(error: unknown): { status: number; message: string; detail?: string } {
  if (error instanceof WorkerFailed) {
    if (error.reason === "timeout") return { status: 413, message: "upload.timeout" };
    if (error.reason === "memory") return { status: 413, message: "upload.bomb" };
    if (error.detail?.type === "import")
      return error.detail.code === "too_large"
        ? { status: 413, message: "bill.import.tooBig", detail: error.detail.message }
        : { status: 400, message: "bill.import.unsupported", detail: error.detail.message };
    return { status: 400, message: "bill.import.unsupported" };
  }
  if (isServiceError(error)) {
    if (error.messageKey === "bill.publish.identical")
      return { status: 409, message: error.messageKey, detail: String(error.params.label) };
    if (error.messageKey === "bill.publish.emptyArticle")
      return { status: 400, message: error.messageKey, detail: String(error.params.label) };
    if (error.code === "empty_document") return { status: 400, message: "bill.import.noArticles" };
    return {
      status: 400,
      message: "bill.import.unsupported",
      detail: String(error.params.reason ?? error.message),
    };
  }
  return { status: 500, message: "error.generic" };
}

async function runJob(
  db: Kysely<Database>,
  input: ReadingImportInput & { job: ReadingImportJob },
): Promise<void> {
  let job = input.job;
  // Stage updates are written one after another, never after the job has finished.
  let stages = Promise.resolve();
  const stage = (next: ImportStage) => {
    job = { ...job, stage: next };
    const snapshot = job;
    stages = stages.then(async () => {
      await db
        .updateTable("idempotency_keys")
        .set({ body: JSON.stringify(snapshot) })
        .where("scope", "=", scopeOf(input.billId))
        .where("key", "=", input.key)
        .where("status", "=", 202)
        .execute()
        .catch(() => undefined);
    });
  };
  try {
    const previous = await latestVersion(db, input.billId);
    const parsed = await parseInWorker<{
      doc: LegalDocJSON;
      unplaced: UnplacedLine[];
      articles: number;
      chapters: number;
      comparison: {
        summary: CompareSummary;
        previousArticles: number;
        previousChapters: number;
        identical: boolean;
      } | null;
    }>(
      {
        kind: "reading",
        bytes: input.bytes,
        filename: input.filename,
        previous: previous?.document ?? null,
        maxArticles: READING_MAX_ARTICLES,
      },
      READING_LIMITS,
      (next) => stage(next as ImportStage),
    );
    if (parsed.articles === 0)
      throw new ServiceError("empty_document", "bill.import.noArticles", undefined, {
        reason: `No article (第…条) was found in ${input.filename}.`,
      });
    if (previous && parsed.comparison?.identical) throw identicalReading(previous);
    await stages;
    const comparison = parsed.comparison;
    const preview: ReadingImportPreview = {
      articles: parsed.articles,
      chapters: parsed.chapters,
      previous:
        previous && comparison
          ? {
              versionId: previous.id,
              label: previous.label,
              articles: comparison.previousArticles,
              chapters: comparison.previousChapters,
              summary: comparison.summary,
            }
          : null,
      swing: comparison
        ? readingSwing(comparison.previousArticles, parsed.articles, comparison.summary.deleted)
        : null,
    };
    job = {
      ...job,
      state: "preview",
      articles: parsed.articles,
      unplaced: parsed.unplaced.slice(0, 500),
      preview,
    };
    // The document waits in the job's row for the confirmation; the page never reads it.
    await finish(db, input.billId, input.key, 200, { ...job, document: parsed.doc });
  } catch (error) {
    await stages;
    const { status, message, detail } = failure(error);
    if (status === 500) console.error(error);
    await finish(db, input.billId, input.key, status, {
      ...job,
      state: "failed",
      error: detail === undefined ? { message } : { message, detail },
    }).catch(() => undefined);
  }
}

/** Locks an import's row and reads it with its kept document (inside a transaction). */
async function lockJob(trx: Kysely<Database>, billId: string, key: string) {
  const row = await trx
    .selectFrom("idempotency_keys")
    .select(["status", "body"])
    .where("scope", "=", scopeOf(billId))
    .where("key", "=", key)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new ServiceError("not_found", "bill.import.notPending");
  return row.body as unknown as ReadingImportJob & { document?: LegalDocJSON };
}

async function settle(
  trx: Kysely<Database>,
  billId: string,
  key: string,
  status: number,
  job: ReadingImportJob,
): Promise<void> {
  await trx
    .updateTable("idempotency_keys")
    .set({ status, body: JSON.stringify(job) })
    .where("scope", "=", scopeOf(billId))
    .where("key", "=", key)
    .execute();
}

/**
 * Publishes an import the drafter has previewed: the reading the preview showed, in one
 * transaction with its audit row. Refused, with nothing written, when the preview is no longer
 * waiting, when another reading was published since (the preview compared against it no
 * more), or when it is a large swing without a reason. A second confirmation of a published
 * import answers with its version (a double click publishes once).
 */
export async function confirmReadingImport(
  db: Kysely<Database>,
  input: { billId: string; key: string; userId: string; ip?: string | null; swingReason?: string },
): Promise<{ versionId: string }> {
  return inTransaction(db, async (trx) => {
    const { document, ...job } = await lockJob(trx, input.billId, input.key);
    if (job.state === "done" && job.versionId) return { versionId: job.versionId };
    if (job.state !== "preview" || !document || !job.preview)
      throw new ServiceError("conflict", "bill.import.notPending");
    const latest = await latestVersion(trx, input.billId);
    if ((latest?.id ?? null) !== (job.preview.previous?.versionId ?? null))
      throw new ServiceError("stale", "bill.import.stale");
    const swing = job.preview.swing;
    const reason = swingReasonOf(input.swingReason);
    if (swing?.large && !reason) throw swingNeedsReason(swing);
    const { versionId, draftReplaced } = await publishImportedDocument(trx, {
      billId: input.billId,
      document,
      label: job.label,
      note: job.note ?? "",
      publishedBy: input.userId,
    });
    const previous = job.preview.previous;
    await recordAudit(trx, {
      actorUserId: input.userId,
      action: "version.import",
      subjectType: "version",
      subjectId: versionId,
      data: {
        label: job.label,
        file: job.file,
        unplaced: job.unplaced?.length ?? 0,
        articles: job.preview.articles,
        chapters: job.preview.chapters,
        ...(previous
          ? {
              previousVersionId: previous.versionId,
              previousArticles: previous.articles,
              previousChapters: previous.chapters,
              summary: previous.summary,
            }
          : {}),
        ...(swing?.large ? { swingReason: reason } : {}),
      },
      ip: input.ip ?? null,
    });
    await settle(trx, input.billId, input.key, 200, {
      ...job,
      state: "done",
      stage: "publishing",
      versionId,
      draftReplaced,
    });
    return { versionId };
  });
}

/** Drops a waiting preview and its kept document; nothing was published, nothing is. */
export async function discardReadingImport(
  db: Kysely<Database>,
  input: { billId: string; key: string },
): Promise<void> {
  await inTransaction(db, async (trx) => {
    const { document: _kept, ...job } = await lockJob(trx, input.billId, input.key);
    if (job.state === "discarded") return;
    if (job.state !== "preview") throw new ServiceError("conflict", "bill.import.notPending");
    await settle(trx, input.billId, input.key, 200, { ...job, state: "discarded" });
  });
}
