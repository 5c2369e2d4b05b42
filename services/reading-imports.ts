import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { VersionLabel } from "../db/codes.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { findIdempotentAnswer, storeIdempotentAnswer } from "../db/queries/idempotency.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import type { LegalDocJSON } from "../editor/document-json.ts";
import type { UnplacedLine } from "../editor/import/parse.ts";
import { checkZip, DOCX_LIMITS, ZipRefused } from "../editor/import/zip-guard.node.ts";
import { parseInWorker, READING_LIMITS, WorkerFailed } from "./parse-in-worker.ts";
import { latestVersion } from "../db/queries/versions.ts";
import { isServiceError, ServiceError } from "./errors.ts";
import { publishImportedDocument } from "./readings.ts";

// A drafter's import of a reading from a file runs as a job: a 9.5 MB .txt once outlived its
// request by ten minutes and then committed behind the drafter's back. Now the text is
// bounded in size, parsing and aligning run in a worker with memory and time limits, and the
// job is a row the bill page polls, so the drafter sees it running and then done or failed.
// The row is the idempotency answer of the form's key (scope reading-import:BILL): a second
// submission of the same form (a double click, a retry after a dropped connection) finds the
// job instead of starting another, so one upload makes one reading.

/** A text file (or pasted text) above this is not a law: the longest codes are under 1 MB. */
export const READING_TEXT_MAX_BYTES = 2 * 1024 * 1024;
/** A Word file may carry pictures; its unpacked size is bounded by the zip guard. */
export const READING_FILE_MAX_BYTES = 10 * 1024 * 1024;
/** The Civil Code has 1,260 articles. */
export const READING_MAX_ARTICLES = 3000;
/** A job still "running" this long after it started died with its process. */
const STALE_MS = 5 * 60_000;

export type ImportStage = "queued" | "parsing" | "aligning" | "publishing";

/** What the bill page shows of an import. */
export interface ReadingImportJob {
  key: string;
  state: "running" | "done" | "failed";
  stage: ImportStage;
  file: string;
  label: VersionLabel;
  versionId?: string;
  articles?: number;
  unplaced?: UnplacedLine[];
  draftReplaced?: boolean;
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
  const row = await db
    .selectFrom("idempotency_keys")
    .select(["status", "body", "created_at"])
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
  job: ReadingImportJob,
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

/** Thrown inside the publishing transaction when the job is no longer running: roll back. */
class JobAbandoned extends Error {}

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
    stage("publishing");
    await stages;
    await inTransaction(db, async (trx) => {
      // The job row is locked and must still be running: an orphan marked failed never commits.
      const mine = await trx
        .selectFrom("idempotency_keys")
        .select("status")
        .where("scope", "=", scopeOf(input.billId))
        .where("key", "=", input.key)
        .forUpdate()
        .executeTakeFirst();
      if (mine?.status !== 202) throw new JobAbandoned();
      const { versionId, draftReplaced } = await publishImportedDocument(trx, {
        billId: input.billId,
        document: parsed.doc,
        label: input.label,
        note: input.note,
        publishedBy: input.userId,
      });
      await recordAudit(trx, {
        actorUserId: input.userId,
        action: "version.import",
        subjectType: "version",
        subjectId: versionId,
        data: { label: input.label, file: job.file, unplaced: parsed.unplaced.length },
        ip: input.ip ?? null,
      });
      job = {
        ...job,
        state: "done",
        versionId,
        articles: parsed.articles,
        unplaced: parsed.unplaced.slice(0, 500),
        draftReplaced,
      };
      await finish(trx, input.billId, input.key, 200, job);
    });
  } catch (error) {
    await stages;
    if (error instanceof JobAbandoned) return;
    const { status, message, detail } = failure(error);
    if (status === 500) console.error(error);
    await finish(db, input.billId, input.key, status, {
      ...job,
      state: "failed",
      error: detail === undefined ? { message } : { message, detail },
    }).catch(() => undefined);
  }
}
