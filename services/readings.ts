import type { Kysely } from "kysely";
import type { VersionLabel } from "../db/codes.ts";
import { insertBill, insertVersion } from "../db/queries/bills.ts";
import { recordAudit } from "../db/queries/audit.ts";
import { getDraft, markDraftPublished, replaceDraftDocument } from "../db/queries/drafts.ts";
import { getBill, latestVersion } from "../db/queries/versions.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { makeArticle, textblock, type LegalDocJSON } from "../editor/document-json.ts";
import { importFile, type ParseResult } from "../editor/import/index.ts";
import { alignProvisions } from "../editor/compare/align.ts";
import { inheritPidsByAlignment } from "../editor/lineage.ts";
import { deriveProvisions, documentTitle, ensureUniquePids } from "../editor/provisions.ts";
import { ServiceError } from "./errors.ts";
import { readingSwing, sameReading, swingReasonOf, type ReadingSwing } from "./reading-checks.ts";

// Refusals are ServiceErrors whose `params.reason` says in English what was wrong (the command
// line prints it); an empty article's refusal names the article in `params.label`.

const noBill = (billId: string) =>
  new ServiceError("no_bill", "error.notFound", undefined, { reason: `No bill ${billId}.` });

/** A new, empty document: the title and one article with one empty paragraph. */
export function emptyDocument(title: string): LegalDocJSON {
  return ensureUniquePids({ type: "doc", content: [textblock("title", title), makeArticle("")] });
}

function articleCount(doc: LegalDocJSON): number {
  return deriveProvisions(doc).filter((r) => r.kind === "article").length;
}

/** The refusal of a reading identical to the latest one (nothing is written). */
export function identicalReading(latest: { label: VersionLabel }): ServiceError {
  return new ServiceError("conflict", "bill.publish.identical", undefined, {
    label: latest.label,
    reason: `The text is identical to the latest reading (${latest.label}); nothing was published.`,
  });
}

/** The refusal of a large swing published without its typed reason. */
export function swingNeedsReason(swing: ReadingSwing): ServiceError {
  return new ServiceError("conflict", "bill.publish.swingReason", undefined, {
    previous: swing.previousArticles,
    articles: swing.articles,
    deleted: swing.deleted,
    reason: `The reading keeps ${swing.previousArticles - swing.deleted} of ${swing.previousArticles} articles; a reason is required.`,
  });
}

/**
 * Publishes a document as an immutable version of the bill: pids made unique, provision rows
 * derived, everything in one transaction.
 */
export async function publishDocument(
  db: Kysely<Database>,
  input: {
    billId: string;
    label: VersionLabel;
    document: LegalDocJSON;
    note?: string;
    publishedBy?: string | null;
    publishedAt?: Date;
    title?: string;
  },
): Promise<string> {
  const document = ensureUniquePids(input.document);
  const articles = deriveProvisions(document).filter((r) => r.kind === "article");
  if (articles.every((a) => a.text.trim() === ""))
    throw new ServiceError("empty_document", "bill.publish.empty", undefined, {
      reason: "The document has no article to publish.",
    });
  // A published reading is read by the public: an article with no words is a drafting slip.
  const blank = articles.find((a) => a.text.trim() === "");
  if (blank)
    throw new ServiceError("invalid", "bill.publish.emptyArticle", undefined, {
      label: blank.label,
      reason: `${blank.label} has no text.`,
    });
  const bill = await getBill(db, input.billId);
  if (!bill) throw noBill(input.billId);
  return insertVersion(db, {
    billId: input.billId,
    label: input.label,
    title: input.title ?? (documentTitle(document) || bill.title),
    document,
    note: input.note ?? "",
    publishedBy: input.publishedBy ?? null,
    publishedAt: input.publishedAt,
    provisions: deriveProvisions(document),
  });
}

/**
 * Publishes the bill's working draft as a reading; the next reading starts from the same draft.
 * A drafter's publication (publishedBy set) is audited in the same transaction.
 */
export async function publishDraft(
  db: Kysely<Database>,
  input: {
    billId: string;
    label: VersionLabel;
    note?: string;
    publishedBy?: string | null;
    ip?: string | null;
    /** Why a large swing is meant (required when the draft loses most of the latest reading). */
    swingReason?: string;
  },
): Promise<string> {
  const { ip, swingReason, ...publication } = input;
  return inTransaction(db, async (trx) => {
    const draft = await getDraft(trx, input.billId);
    if (!draft) throw noBill(input.billId);
    const latest = await latestVersion(trx, input.billId);
    let swing: ReadingSwing | null = null;
    if (latest) {
      if (sameReading(draft.document, latest.document)) throw identicalReading(latest);
      // The draft grew out of the latest reading, so its articles kept their pids: an article
      // of the reading whose pid the draft no longer has was deleted (or rewritten from blank).
      const before = deriveProvisions(latest.document).filter((r) => r.kind === "article");
      const after = new Set(
        deriveProvisions(draft.document)
          .filter((r) => r.kind === "article")
          .map((r) => r.pid),
      );
      swing = readingSwing(
        before.length,
        after.size,
        before.filter((r) => !after.has(r.pid)).length,
      );
    }
    const reason = swingReasonOf(swingReason);
    if (swing?.large && !reason) throw swingNeedsReason(swing);
    const versionId = await publishDocument(trx, {
      ...publication,
      document: draft.document,
    });
    await markDraftPublished(trx, draft.id, draft.revision);
    if (input.publishedBy)
      await recordAudit(trx, {
        actorUserId: input.publishedBy,
        action: "version.publish",
        subjectType: "version",
        subjectId: versionId,
        data: {
          label: input.label,
          ...(swing
            ? {
                previousVersionId: latest!.id,
                previousArticles: swing.previousArticles,
                articles: swing.articles,
                deleted: swing.deleted,
              }
            : {}),
          ...(swing?.large ? { swingReason: reason } : {}),
        },
        ip: ip ?? null,
      });
    return versionId;
  });
}

export interface ImportedReading {
  versionId: string;
  articles: number;
  unplaced: ParseResult["unplaced"];
  /** Whether the working draft now holds this reading (it did not hold unpublished work). */
  draftReplaced: boolean;
}

/**
 * Adds a reading from a file: imports it, lets it inherit the pids of the bill's latest version
 * through the comparison's alignment (so readings form one lineage), publishes it, and makes it the working draft when the draft
 * holds no unpublished work.
 */
export async function addReadingFromFile(
  db: Kysely<Database>,
  input: {
    billId: string;
    bytes: Uint8Array;
    filename: string;
    label: VersionLabel;
    note?: string;
    publishedBy?: string | null;
    publishedAt?: Date;
    title?: string;
  },
): Promise<ImportedReading> {
  let parsed: ParseResult;
  try {
    parsed = await importFile(input.bytes, input.filename);
  } catch (error) {
    throw new ServiceError("unsupported_format", "bill.import.unsupported", undefined, {
      reason: (error as Error).message,
    });
  }
  if (articleCount(parsed.doc) === 0)
    throw new ServiceError("empty_document", "bill.import.noArticles", undefined, {
      reason: `No article (第…条) was found in ${input.filename}.`,
    });
  return inTransaction(db, async (trx) => {
    const previous = await latestVersion(trx, input.billId);
    if (previous && sameReading(parsed.doc, previous.document)) throw identicalReading(previous);
    // The new reading's articles take the pids of the articles the comparison pairs them with.
    const document = previous
      ? inheritPidsByAlignment(parsed.doc, previous.document, (a, b) => alignProvisions(a, b))
      : parsed.doc;
    const { versionId, draftReplaced } = await publishImportedDocument(trx, {
      ...input,
      document,
    });
    return {
      versionId,
      articles: articleCount(document),
      unplaced: parsed.unplaced,
      draftReplaced,
    };
  });
}

/**
 * Publishes an imported document (its pids already inherited) as a reading, and makes it the
 * working draft when the draft holds no unpublished work. Call inside a transaction.
 */
export async function publishImportedDocument(
  trx: Kysely<Database>,
  input: {
    billId: string;
    document: LegalDocJSON;
    label: VersionLabel;
    note?: string;
    publishedBy?: string | null;
    publishedAt?: Date;
    title?: string;
  },
): Promise<{ versionId: string; draftReplaced: boolean }> {
  const versionId = await publishDocument(trx, input);
  const draft = await getDraft(trx, input.billId);
  const draftReplaced = !!draft && draft.revision === draft.published_revision;
  if (draftReplaced)
    await replaceDraftDocument(trx, {
      billId: input.billId,
      document: input.document,
      userId: input.publishedBy ?? null,
      published: true,
    });
  return { versionId, draftReplaced };
}

/**
 * Creates a bill whose working draft is empty (title and one article), ready to write; a
 * drafter's creation (createdBy set) is audited in the same transaction.
 */
export async function createBill(
  db: Kysely<Database>,
  input: {
    organizationId: string;
    title: string;
    kind: "new" | "revision" | "amendment";
    summary?: string;
    createdBy?: string | null;
    ip?: string | null;
  },
): Promise<string> {
  const { ip, ...bill } = input;
  return inTransaction(db, async (trx) => {
    const billId = await insertBill(trx, { ...bill, document: emptyDocument(input.title) });
    if (input.createdBy)
      await recordAudit(trx, {
        actorUserId: input.createdBy,
        action: "bill.create",
        subjectType: "bill",
        subjectId: billId,
        ip: ip ?? null,
      });
    return billId;
  });
}
