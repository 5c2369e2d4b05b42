import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import { makeContactPoint, makeOrganization, makeUser } from "../../db/factories.ts";
import { insertBill, insertVersion } from "../../db/queries/bills.ts";
import { insertConsultation } from "../../db/queries/consultations.ts";
import type { Database } from "../../db/schema.ts";
import { importFile } from "../../editor/import/index.ts";
import { deriveProvisions } from "../../editor/provisions.ts";
import { city, contactPoints, demoAccounts, localCongresses } from "./nantong.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;

export const demoBillTitle = "中华人民共和国动物防疫法（修订草案）";

/** Whether the database holds no data yet (the demo is seeded only then, on start). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
  return !row;
}

/**
 * Seeds the Nantong demo: legislatures, twelve contact points, one account per role and one
 * real bill (the 动物防疫法 revision's second-reading draft) open for comment. Running it again
 * adds nothing twice.
 */
export async function seedDemo(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  const cityId = await makeOrganization(db, { ...city, makesRegulations: true });
  const congressIds = new Map<string, string>();
  for (const c of localCongresses) {
    congressIds.set(c.slug, await makeOrganization(db, { slug: c.slug, name: c.name, kind: c.kind, parentId: cityId }));
  }
  const pointIds: string[] = [];
  for (const p of contactPoints) {
    const host = localCongresses.find((c) => c.slug === p.host)!;
    pointIds.push(
      await makeContactPoint(db, {
        organizationId: congressIds.get(p.host)!,
        name: p.name,
        district: host.district,
        address: p.address,
        phone: p.phone,
      }),
    );
  }

  let drafterId: string | null = null;
  for (const account of demoAccounts) {
    const existing = await db.selectFrom("users").select("id").where("email", "=", account.email).executeTakeFirst();
    if (existing) {
      if (account.role === "drafter") drafterId = existing.id;
      continue;
    }
    const isCoordinator = account.role === "coordinator";
    const made = await makeUser(db, {
      email: account.email,
      password: account.password,
      displayName: account.displayName,
      roles: [
        {
          role: account.role,
          organizationId: isCoordinator ? congressIds.get(contactPoints[0]!.host)! : cityId,
          ...(isCoordinator ? { contactPointId: pointIds[0]! } : {}),
        },
        ...(account.role === "citizen" ? [] : [{ role: "citizen" as const, organizationId: cityId }]),
      ],
    });
    if (account.role === "drafter") drafterId = made.id;
  }

  const bill = await db
    .selectFrom("bills")
    .select("id")
    .where("organization_id", "=", cityId)
    .where("title", "=", demoBillTitle)
    .executeTakeFirst();
  if (bill) return;

  const file = path.join(here, "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt");
  const imported = await importFile(new Uint8Array(fs.readFileSync(file)), path.basename(file));
  const document = imported.doc;
  const provisions = deriveProvisions(document);
  const billId = await insertBill(db, {
    organizationId: cityId,
    title: demoBillTitle,
    kind: "revision",
    summary: "修订动物防疫法，完善动物疫病预防、控制、净化、消灭和动物检疫、无害化处理等制度。",
    createdBy: drafterId,
    document,
  });
  const versionId = await insertVersion(db, {
    billId,
    label: "second_reading",
    title: demoBillTitle,
    document,
    note: "根据一审审议意见和各方面意见，对草案作了修改。",
    publishedBy: drafterId,
    publishedAt: new Date(now.getTime() - 3 * DAY),
    provisions,
  });
  await insertConsultation(db, {
    versionId,
    title: `${demoBillTitle}二次审议稿 公开征求意见`,
    description:
      "本草案二次审议稿现向社会公开征求意见。欢迎您逐条提出意见和建议，也可以通过所在地的基层立法联系点反映意见。",
    opensAt: new Date(now.getTime() - 2 * DAY),
    closesAt: new Date(now.getTime() + 28 * DAY),
    channels: ["online", "symposium", "visit", "questionnaire", "letter"],
    moderation: "post",
    allowAnonymous: true,
    createdBy: drafterId,
  });
}
