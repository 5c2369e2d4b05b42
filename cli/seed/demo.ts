import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Kysely, sql } from "kysely";
import type { BillRole } from "../../db/codes.ts";
import { makeContactPoint, makeOrganization, makeUser } from "../../db/factories.ts";
import { insertConsultation } from "../../db/queries/consultations.ts";
import type { Database } from "../../db/schema.ts";
import { addReadingFromFile, createBill } from "../../services/readings.ts";
import { city, contactPoints, demoAccounts, demoBillTitle, localCongresses } from "./nantong.ts";
import { seedContactPointDemo } from "./contact-points.ts";
import { seedModerationDemo } from "./moderation.ts";
import { seedOpinionDemo } from "./opinions.ts";
import { seedProposalDemo } from "./proposals.ts";
import { seedSurveyDemo } from "./surveys.ts";
import { seedExpertDemo } from "./experts.ts";
import { seedHearingDemo } from "./hearings.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;

// Kept where the rest of the demo's data is, so the seed modules need not import each other.
export { demoBillTitle };

/** Whether the database holds no data yet (the demo is seeded only then, on start). */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("organizations").select("id").limit(1).executeTakeFirst();
  return !row;
}

/**
 * Seeds the Nantong demo: legislatures, twelve contact points, one account per role and one
 * real bills: the 动物防疫法 revision (law in force, 一审稿, 二审稿, adopted text, imported as one
 * lineage) with its second reading open for comment, and the 立法法 amendment. Running it again
 * adds nothing twice.
 */
export async function seedDemo(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  const cityId = await makeOrganization(db, { ...city, makesRegulations: true });
  const congressIds = new Map<string, string>();
  for (const c of localCongresses) {
    congressIds.set(
      c.slug,
      await makeOrganization(db, { slug: c.slug, name: c.name, kind: c.kind, parentId: cityId }),
    );
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
  let adminId: string | null = null;
  const team: { userId: string; role: BillRole }[] = [];
  for (const account of demoAccounts) {
    const existing = await db
      .selectFrom("users")
      .select("id")
      .where("email", "=", account.email)
      .executeTakeFirst();
    if (existing) {
      if (account.role === "drafter") drafterId = existing.id;
      if (account.role === "admin") adminId = existing.id;
      if ("billRole" in account && account.billRole)
        team.push({ userId: existing.id, role: account.billRole });
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
        ...(account.role === "citizen"
          ? []
          : [{ role: "citizen" as const, organizationId: cityId }]),
      ],
    });
    if (account.role === "drafter") drafterId = made.id;
    if (account.role === "admin") adminId = made.id;
    if ("billRole" in account && account.billRole)
      team.push({ userId: made.id, role: account.billRole });
  }

  const existing = await db
    .selectFrom("bills")
    .select("title")
    .where("organization_id", "=", cityId)
    .execute();
  const has = (title: string) => existing.some((b) => b.title === title);

  if (!has(demoBillTitle)) {
    const billId = await createBill(db, {
      organizationId: cityId,
      title: demoBillTitle,
      kind: "revision",
      summary: "修订动物防疫法，完善动物疫病预防、控制、净化、消灭和动物检疫、无害化处理等制度。",
      createdBy: drafterId,
    });
    const versions: Record<string, string> = {};
    for (const reading of animalEpidemicReadings) {
      const added = await addReadingFromFile(db, {
        billId,
        bytes: law(reading.file),
        filename: reading.file,
        label: reading.label,
        title: reading.title,
        note: reading.note,
        publishedBy: drafterId,
        publishedAt: new Date(reading.date),
      });
      versions[reading.label] = added.versionId;
    }
    await insertConsultation(db, {
      versionId: versions.second_reading!,
      title: `${demoBillTitle}二次审议稿 公开征求意见`,
      description:
        "本草案二次审议稿现向社会公开征求意见。欢迎您逐条提出意见和建议，也可以通过所在地的基层立法联系点反映意见。",
      // Open for two weeks and a half, its deadline extended by two weeks (cli/seed/opinions.ts
      // announces it), so the opinions-per-day chart has days to show.
      opensAt: new Date(now.getTime() - 16 * DAY),
      closesAt: new Date(now.getTime() + 28 * DAY),
      channels: [
        "online",
        "symposium",
        "visit",
        "questionnaire",
        "letter",
        "department",
        "expert_meeting",
        "hearing",
      ],
      moderation: "post",
      allowAnonymous: true,
      createdBy: drafterId,
    });
  }

  if (!has(legislationLawTitle)) {
    const billId = await createBill(db, {
      organizationId: cityId,
      title: legislationLawTitle,
      kind: "amendment",
      summary: "修改立法法：完善立法原则、立法权限、立法程序和备案审查制度。",
      createdBy: drafterId,
    });
    for (const reading of legislationLawReadings) {
      await addReadingFromFile(db, {
        billId,
        bytes: law(reading.file),
        filename: reading.file,
        label: reading.label,
        title: reading.title,
        publishedBy: drafterId,
        publishedAt: new Date(reading.date),
      });
    }
  }

  await seedOpinionDemo(db, now);

  await seedModerationDemo(db, now);

  await seedContactPointDemo(db, now);

  await seedProposalDemo(db, now);

  await seedSurveyDemo(db, now);
  await seedExpertDemo(db, now);
  await seedHearingDemo(db, now);

  await seedBillTeams(db, cityId, team, adminId);
}

/**
 * The demo bills' teams (the reviewer and handler accounts on every bill of the city), and the
 * working copies of the demo's dispositions: they are public, so they are published ones, as
 * migration 0018 made of the dispositions it found.
 */
async function seedBillTeams(
  db: Kysely<Database>,
  cityId: string,
  team: { userId: string; role: BillRole }[],
  adminId: string | null,
): Promise<void> {
  const bills = await db
    .selectFrom("bills")
    .select("id")
    .where("organization_id", "=", cityId)
    .execute();
  for (const bill of bills)
    for (const member of team)
      await db
        .insertInto("bill_team")
        .values({
          bill_id: bill.id,
          user_id: member.userId,
          role: member.role,
          granted_by: adminId,
        })
        .onConflict((oc) => oc.columns(["bill_id", "user_id", "role"]).doNothing())
        .execute();
  await sql`
    INSERT INTO disposition_work (opinion_id, consultation_id, code, reason, changed_version_id,
        changed_pid, state, drafted_by, drafted_at, submitted_by, submitted_at, reviewed_by,
        reviewed_at, published_by, published_at, updated_at)
      SELECT d.opinion_id, o.consultation_id, d.code, d.reason, d.changed_version_id,
        d.changed_pid, 'published', d.decided_by, d.decided_at, d.decided_by, d.decided_at,
        d.decided_by, d.decided_at, d.decided_by, d.decided_at, d.decided_at
      FROM dispositions d JOIN opinions o ON o.id = d.opinion_id
      ON CONFLICT (opinion_id) DO NOTHING
  `.execute(db);
}

const law = (file: string) => new Uint8Array(fs.readFileSync(path.join(here, "laws", file)));

export const legislationLawTitle = "中华人民共和国立法法（修正）";

/** The real 动物防疫法 revision: law in force, 一审稿, 二审稿, adopted text. */
const animalEpidemicReadings = [
  {
    file: "dongwu-fangyi-fa-2015.txt",
    label: "current_law",
    date: "2015-04-24T00:00:00+08:00",
    title: "中华人民共和国动物防疫法（2015年修正）",
    note: "",
  },
  {
    file: "dongwu-fangyi-fa-2020-xiuding-caoan-yishen.txt",
    label: "first_reading",
    date: "2020-04-26T00:00:00+08:00",
    title: demoBillTitle,
    note: "对现行动物防疫法作全面修订，提请常委会第一次审议。",
  },
  {
    file: "dongwu-fangyi-fa-2020-xiuding-caoan-ershen.txt",
    label: "second_reading",
    date: "2020-08-08T00:00:00+08:00",
    title: demoBillTitle,
    note: "根据一审审议意见和各方面意见，对草案作了修改。",
  },
  {
    file: "dongwu-fangyi-fa-2021-lawrefbook.md",
    label: "promulgated",
    date: "2021-01-22T00:00:00+08:00",
    title: "中华人民共和国动物防疫法",
    note: "2021年1月22日第十三届全国人民代表大会常务委员会第二十五次会议修订通过。",
  },
] as const;

/** 立法法 before and after its 2023 amendment. */
const legislationLawReadings = [
  {
    file: "lifa-fa-2015.md",
    label: "current_law",
    date: "2015-03-15T00:00:00+08:00",
    title: "中华人民共和国立法法（2015年修正）",
  },
  {
    file: "lifa-fa-2023.md",
    label: "promulgated",
    date: "2023-03-13T00:00:00+08:00",
    title: "中华人民共和国立法法（2023年修正）",
  },
] as const;
