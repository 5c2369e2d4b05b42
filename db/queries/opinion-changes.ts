import type { Kysely } from "kysely";
import type { Database } from "../schema.ts";

/**
 * For each listed opinion whose PUBLIC disposition (decision record 14: only publication writes
 * `dispositions`) is adopted or partly adopted: the provision it was given on, and the provision
 * of a later reading that changed because of it — the one the disposition names, else the same
 * pid in the first later reading that has it (pids survive renumbering, decision 2).
 */
export async function listOpinionChangeTargets(db: Kysely<Database>, opinionIds: string[]) {
  if (opinionIds.length === 0) return [];
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("dispositions as d", "d.opinion_id", "o.id")
    .innerJoin("versions as v", "v.id", "o.version_id")
    .innerJoin("provisions as p", (join) =>
      join.onRef("p.version_id", "=", "o.version_id").onRef("p.pid", "=", "o.provision_pid"),
    )
    .select([
      "o.id",
      "o.version_id as fromVersionId",
      "o.provision_pid as fromPid",
      "p.text as fromText",
      "v.bill_id as billId",
      "v.seq",
      "d.changed_version_id",
      "d.changed_pid",
    ])
    .where("o.id", "in", opinionIds)
    .where("d.code", "in", ["adopted", "partly_adopted"])
    .execute();
  const targets = [];
  for (const r of rows) {
    let q = db
      .selectFrom("provisions as np")
      .innerJoin("versions as nv", "nv.id", "np.version_id")
      .select(["np.version_id", "np.pid", "np.label", "np.text", "nv.label as versionLabel"])
      .where("nv.bill_id", "=", r.billId)
      .where("nv.seq", ">", r.seq);
    q =
      r.changed_version_id && r.changed_pid
        ? q.where("np.version_id", "=", r.changed_version_id).where("np.pid", "=", r.changed_pid)
        : q.where("np.pid", "=", r.fromPid!).orderBy("nv.seq").limit(1);
    const target = await q.executeTakeFirst();
    if (target)
      targets.push({
        opinionId: r.id,
        billId: r.billId,
        fromVersionId: r.fromVersionId,
        fromPid: r.fromPid!,
        fromText: r.fromText,
        toVersionId: target.version_id,
        toVersionLabel: target.versionLabel,
        toPid: target.pid,
        toLabel: target.label,
        toText: target.text,
      });
  }
  return targets;
}

/**
 * Where the public reads a provision's opinions at each reading: the consultation on that reading
 * that drew the most published opinions on the pid (a reading normally has one), by version id.
 */
export async function opinionListsByReading(
  db: Kysely<Database>,
  pid: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom("opinions")
    .select(["version_id", "consultation_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("provision_pid", "=", pid)
    .where("status", "=", "published")
    .groupBy(["version_id", "consultation_id"])
    .orderBy("n", "desc")
    .execute();
  const lists = new Map<string, string>();
  for (const r of rows) if (!lists.has(r.version_id)) lists.set(r.version_id, r.consultation_id);
  return lists;
}
