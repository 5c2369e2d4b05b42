import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/** The provision kinds a note explains: the headings and the articles (not 款, 项, 目). */
export const EXPLAINED_KINDS = ["chapter", "section", "article"] as const;

/** A provision a drafter may explain, in text order, with its note ("" when it has none). */
export interface NoteRow {
  pid: string;
  kind: (typeof EXPLAINED_KINDS)[number];
  number: number;
  label: string;
  /** The heading's title or the article's text, for the editor to show beside the field. */
  text: string;
  note: string;
}

/** A reading's notes by pid (public: they are the drafters' published explanation). */
export async function notesOfVersion(
  db: Kysely<Database>,
  versionId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("explanatory_notes")
    .select(["pid", "body"])
    .where("version_id", "=", versionId)
    .execute();
  return new Map(rows.map((r) => [r.pid, r.body]));
}

/** One provision's note of a reading, or null. */
export async function noteOf(
  db: Kysely<Database>,
  versionId: string,
  pid: string,
): Promise<string | null> {
  const row = await db
    .selectFrom("explanatory_notes")
    .select("body")
    .where("version_id", "=", versionId)
    .where("pid", "=", pid)
    .executeTakeFirst();
  return row?.body ?? null;
}

/** Every chapter, section and article of a reading in text order, each with its note. */
export async function listNoteRows(db: Kysely<Database>, versionId: string): Promise<NoteRow[]> {
  const rows = await db
    .selectFrom("provisions as p")
    .leftJoin("explanatory_notes as n", (j) =>
      j.onRef("n.version_id", "=", "p.version_id").onRef("n.pid", "=", "p.pid"),
    )
    .select(["p.pid", "p.kind", "p.number", "p.label", "p.text", "n.body"])
    .where("p.version_id", "=", versionId)
    .where("p.kind", "in", EXPLAINED_KINDS)
    .orderBy("p.ordinal")
    .execute();
  return rows.map((r) => ({
    pid: r.pid,
    kind: r.kind as NoteRow["kind"],
    number: r.number,
    label: r.label,
    text: r.text,
    note: r.body ?? "",
  }));
}
