import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Kysely } from "kysely";
import { recordAudit } from "../db/queries/audit.ts";
import type { ActivityAttachmentTable, Database } from "../db/schema.ts";
import { inTransaction } from "../db/transaction.ts";
import { editableActivity, type Actor } from "./contact-points.ts";
import { conflict, invalidInput, notFound, ServiceError } from "./errors.ts";

// Photos and scans of the written opinions handed in at a contact point's meeting, attached to
// the activity (issue 18 item 6). The bytes are files under the data directory, named by a random
// key (never by the uploader's file name); the database holds their metadata. The kind is read
// from the file's first bytes, not from its name or the browser's Content-Type, so a renamed
// script is refused. Nothing is left half-written: the file is written under a temporary name,
// renamed into place as the last step of the transaction that inserts its row, and removed
// again when that transaction does not commit. Deleting removes the row first, then the file
// (a file left behind by a crash after the commit is unreachable, never a row without a file
// that would be served as missing).

/** At most this many bytes per file. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
/** At most this many files per activity. */
export const ATTACHMENTS_PER_ACTIVITY = 20;

export type AttachmentType = ActivityAttachmentTable["media_type"];

/** The file's kind by its magic bytes: JPEG, PNG, WebP or PDF; null for anything else. */
export function sniffAttachmentType(bytes: Uint8Array): AttachmentType | null {
  const starts = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // RIFF....WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  return null;
}

/** Where the attachments live: `<data dir>/attachments`. */
export const attachmentsDir = (filesDir: string) => path.join(filesDir, "attachments");

/** The path of one stored attachment. */
export function attachmentPath(filesDir: string, storageKey: string): string {
  // Keys are ours (hex); refuse anything else rather than join a path from a row.
  if (!/^[0-9a-f]{32}$/.test(storageKey)) throw new Error("Bad attachment key");
  return path.join(attachmentsDir(filesDir), storageKey);
}

/** A display name without folders or control characters, at most 200 characters. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return (clean || "attachment").slice(0, 200);
}

export interface NewAttachment {
  fileName: string;
  bytes: Uint8Array;
  public: boolean;
}

/** Attaches a file to an activity of the actor's point whose report is still a draft. */
export async function attachToActivity(
  db: Kysely<Database>,
  filesDir: string,
  actor: Actor,
  activityId: string,
  file: NewAttachment,
): Promise<string> {
  if (file.bytes.byteLength === 0)
    throw invalidInput("attach.error.noFile", { file: "attach.error.noFile" });
  if (file.bytes.byteLength > ATTACHMENT_MAX_BYTES)
    throw new ServiceError("too_large", "attach.error.tooLarge", { file: "attach.error.tooLarge" });
  const mediaType = sniffAttachmentType(file.bytes);
  if (!mediaType)
    throw new ServiceError("unsupported_format", "attach.error.type", {
      file: "attach.error.type",
    });
  const dir = attachmentsDir(filesDir);
  await mkdir(dir, { recursive: true });
  const storageKey = randomBytes(16).toString("hex");
  const finalPath = attachmentPath(filesDir, storageKey);
  const tempPath = path.join(dir, `.incoming-${storageKey}`);
  await writeFile(tempPath, file.bytes, { flag: "wx" });
  try {
    return await inTransaction(db, async (trx) => {
      await editableActivity(trx, actor, activityId);
      const { count } = await trx
        .selectFrom("activity_attachments")
        .select((eb) => eb.fn.countAll<string>().as("count"))
        .where("activity_id", "=", activityId)
        .executeTakeFirstOrThrow();
      if (Number(count) >= ATTACHMENTS_PER_ACTIVITY) throw conflict("attach.error.tooMany");
      const row = await trx
        .insertInto("activity_attachments")
        .values({
          activity_id: activityId,
          file_name: cleanName(file.fileName),
          media_type: mediaType,
          byte_size: file.bytes.byteLength,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
          storage_key: storageKey,
          public: file.public,
          created_by: actor.userId,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: "activity.attachment_add",
        subjectType: "contact_point_activity",
        subjectId: activityId,
        data: {
          attachmentId: row.id,
          mediaType,
          bytes: file.bytes.byteLength,
          public: file.public,
        },
        ip: actor.ip,
      });
      // Last step before the commit: should the commit fail, the catch below removes the file.
      await rename(tempPath, finalPath);
      return row.id;
    });
  } catch (error) {
    await rm(tempPath, { force: true });
    await rm(finalPath, { force: true });
    throw error;
  }
}

/** Deletes an attachment of an activity of the actor's point whose report is still a draft. */
export async function deleteAttachment(
  db: Kysely<Database>,
  filesDir: string,
  actor: Actor,
  activityId: string,
  attachmentId: string,
): Promise<void> {
  const storageKey = await inTransaction(db, async (trx) => {
    await editableActivity(trx, actor, activityId);
    const row = await trx
      .deleteFrom("activity_attachments")
      .where("id", "=", attachmentId)
      .where("activity_id", "=", activityId)
      .returning(["storage_key", "file_name"])
      .executeTakeFirst();
    if (!row) throw notFound();
    await recordAudit(trx, {
      actorUserId: actor.userId,
      action: "activity.attachment_delete",
      subjectType: "contact_point_activity",
      subjectId: activityId,
      data: { attachmentId, fileName: row.file_name },
      ip: actor.ip,
    });
    return row.storage_key;
  });
  await rm(attachmentPath(filesDir, storageKey), { force: true });
}

/** Removes the files of attachments whose rows are gone (after an activity was deleted). */
export async function removeAttachmentFiles(
  filesDir: string,
  storageKeys: string[],
): Promise<void> {
  for (const key of storageKeys) await rm(attachmentPath(filesDir, key), { force: true });
}
