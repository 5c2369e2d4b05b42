import type { Kysely } from "kysely";
import { recordAudit } from "../db/queries/audit.ts";
import { listNoteRows } from "../db/queries/explanatory-notes.ts";
import type { Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { articleLabelKey, parseArticleLabel } from "../editor/labels.ts";
import { parseChineseNumeral } from "../editor/numerals.ts";
import { hasBadCharacterInLines } from "./input.ts";
import { ServiceError } from "./errors.ts";

// 起草说明 per provision (issue 18 item 4). Drafters write one note per chapter, section or
// article of a reading; the public reads it beside the text. A drafter usually has the whole
// explanation already (the 关于《……（草案）》的说明 read to the committee), so it can be pasted
// and split: each paragraph that names 第N条 or 第N章 is proposed to those provisions, and the
// drafter reviews the proposal before anything is saved.

/** The longest note of one provision, as the migration's CHECK allows. */
export const NOTE_MAX = 5000;
/** The longest explanation that may be pasted for splitting. */
export const EXPLANATION_MAX = 200_000;

/** A provision the splitter may propose a paragraph to. */
export interface SplitTarget {
  pid: string;
  kind: string;
  label: string;
}

/** What splitting proposes: the paragraphs per pid (joined), and those naming no provision. */
export interface SplitProposal {
  notes: Record<string, string>;
  unmatched: string[];
}

const NUMERAL = "[零〇一二两三四五六七八九十百千0-9０-９]+";
// 第十条之一, 第12条, 第三章; 第十条第二款 names article 10 (the 款 is not a unit notes explain).
const MENTION = new RegExp(`第\\s*(${NUMERAL})\\s*(条|章|节)(?:之([一二三四五六七八九十]+))?`, "g");
// A paragraph opening a new part of the explanation (二、主要内容 or （三）其他) ends the run of
// paragraphs that follow the last article named.
const SECTION_HEADING = /^\s*(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）[^第]*$)/;

function keyOf(kind: string, number: number, suffix: number): string {
  return `${kind}:${kind === "article" ? articleLabelKey({ number, suffix }) : number}`;
}

/**
 * Splits a pasted explanation into proposed notes. Each paragraph (a non-empty line) that names
 * provisions of the reading (第N条, 第N条之一, 第N章, 第N节) goes to each of them; a paragraph
 * naming none continues the one before it (an explanation names the article, then explains it
 * over several paragraphs) unless it opens a new numbered part, and a paragraph before any
 * provision was named is unmatched. A section number (第N节) names a section only when the
 * reading has one section of that number. Cost: one pass over the text with a map lookup per
 * mention.
 */
export function splitExplanation(text: string, targets: readonly SplitTarget[]): SplitProposal {
  const byKey = new Map<string, string[]>();
  for (const t of targets) {
    let key: string | null = null;
    if (t.kind === "article") {
      const label = parseArticleLabel(t.label);
      if (label) key = keyOf("article", label.number, label.suffix);
    } else {
      const match = /^第(.+)(章|节)$/.exec(t.label.trim());
      const number = match ? parseChineseNumeral(match[1]!) : null;
      if (number !== null) key = keyOf(t.kind, number, 0);
    }
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), t.pid]);
  }
  const order = new Map(targets.map((t, i) => [t.pid, i]));
  const paragraphs = new Map<string, string[]>();
  const unmatched: string[] = [];
  let current: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const paragraph = raw.trim();
    if (paragraph === "") continue;
    const named: string[] = [];
    for (const m of paragraph.matchAll(MENTION)) {
      const number = parseChineseNumeral(m[1]!);
      const suffix = m[3] ? (parseChineseNumeral(m[3]) ?? 0) : 0;
      if (number === null) continue;
      const kind = m[2] === "条" ? "article" : m[2] === "章" ? "chapter" : "section";
      const pids = byKey.get(keyOf(kind, number, kind === "article" ? suffix : 0)) ?? [];
      // Sections count within their chapter: 第二节 is ambiguous when several chapters have one.
      if (kind === "section" && pids.length !== 1) continue;
      for (const pid of pids) if (!named.includes(pid)) named.push(pid);
    }
    if (named.length > 0) current = named;
    else if (SECTION_HEADING.test(paragraph)) current = [];
    if (current.length === 0) {
      unmatched.push(paragraph);
      continue;
    }
    for (const pid of current) paragraphs.set(pid, [...(paragraphs.get(pid) ?? []), paragraph]);
  }
  const notes: Record<string, string> = {};
  for (const pid of [...paragraphs.keys()].sort((a, b) => order.get(a)! - order.get(b)!))
    notes[pid] = paragraphs.get(pid)!.join("\n");
  return { notes, unmatched };
}

/**
 * Saves the notes of a reading's provisions: a blank note deletes the provision's note, a
 * changed one replaces it, an unchanged one is left as it is. Pids that are not a chapter,
 * section or article of the reading are refused (nothing is saved), as is a note over
 * NOTE_MAX characters. One audit row names the provisions changed. Returns how many changed.
 */
export async function saveExplanatoryNotes(
  db: Kysely<Database>,
  input: {
    billId: string;
    versionId: string;
    notes: Record<string, string>;
    userId: string;
    ip?: string | null;
  },
): Promise<{ changed: number }> {
  return inTransaction(db, async (trx) => {
    const version = await trx
      .selectFrom("versions")
      .select("id")
      .where("id", "=", input.versionId)
      .where("bill_id", "=", input.billId)
      .executeTakeFirst();
    if (!version) throw new ServiceError("not_found", "bill.versionNotFound");
    const rows = await listNoteRows(trx, input.versionId);
    const current = new Map(rows.map((r) => [r.pid, r.note]));
    // A browser sends CRLF line breaks; a note is stored with LF and without edge whitespace.
    const notes = Object.entries(input.notes).map(([pid, raw]): [string, string] => [
      pid,
      raw.replace(/\r\n?/g, "\n").trim(),
    ]);
    const fields: Record<string, string> = {};
    for (const [pid, body] of notes) {
      if (!current.has(pid)) fields[`note.${pid}`] = "error.invalidInput";
      else if (body.length > NOTE_MAX) fields[`note.${pid}`] = "notes.tooLong";
      else if (hasBadCharacterInLines(body)) fields[`note.${pid}`] = "error.badCharacters";
    }
    if (Object.keys(fields).length > 0)
      throw new ServiceError("invalid", Object.values(fields)[0]!, fields);

    const changed: string[] = [];
    for (const [pid, body] of notes) {
      if (body === (current.get(pid) ?? "")) continue;
      changed.push(pid);
      if (body === "") {
        await trx
          .deleteFrom("explanatory_notes")
          .where("version_id", "=", input.versionId)
          .where("pid", "=", pid)
          .execute();
        continue;
      }
      await trx
        .insertInto("explanatory_notes")
        .values({ version_id: input.versionId, pid, body, updated_by: input.userId })
        .onConflict((oc) =>
          oc
            .columns(["version_id", "pid"])
            .doUpdateSet({ body, updated_by: input.userId, updated_at: new Date() }),
        )
        .execute();
    }
    if (changed.length > 0) {
      await recordAudit(trx, {
        actorUserId: input.userId,
        action: "version.notes",
        subjectType: "version",
        subjectId: input.versionId,
        data: { pids: changed.slice(0, 200), count: changed.length },
        ip: input.ip ?? null,
      });
    }
    return { changed: changed.length };
  });
}
