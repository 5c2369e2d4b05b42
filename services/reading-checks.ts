import type { LegalDocJSON } from "../editor/document-json.ts";
import { exportText } from "../editor/export/text.ts";

// Publishing safely (issue 15): a reading is public and permanent, so two slips are stopped
// before anything is written. A text identical to the latest reading would be a second copy of
// it (publishing an unchanged draft did exactly that); a text that loses most of the articles
// of the latest reading is usually the wrong file pasted, and is published only with a reason
// the drafter types, which the audit log keeps. Pure, so the upload worker checks an import
// with the same rules the publishing transaction applies.

/** The printed text with every space removed: what a reader compares, not how it was typed. */
function readingText(doc: LegalDocJSON): string {
  return exportText(doc).replace(/\s+/g, "");
}

/** Whether two documents read the same: title, headings, labels and every article's words. */
export function sameReading(a: LegalDocJSON, b: LegalDocJSON): boolean {
  return readingText(a) === readingText(b);
}

/** How far a new reading moves from the latest one, in articles. */
export interface ReadingSwing {
  previousArticles: number;
  articles: number;
  /** Articles of the latest reading that the new one no longer has. */
  deleted: number;
  /** More than half the articles gone, or the count changed by more than half. */
  large: boolean;
}

/** Measures a swing from the article counts and the articles gone. */
export function readingSwing(
  previousArticles: number,
  articles: number,
  deleted: number,
): ReadingSwing {
  const large =
    previousArticles > 0 &&
    (deleted * 2 > previousArticles ||
      Math.abs(articles - previousArticles) * 2 > previousArticles);
  return { previousArticles, articles, deleted, large };
}

/** A large swing's reason: trimmed, at most 2,000 characters; blank is no reason. */
export function swingReasonOf(reason: string | undefined | null): string | null {
  const trimmed = (reason ?? "").trim().slice(0, 2000);
  return trimmed === "" ? null : trimmed;
}
