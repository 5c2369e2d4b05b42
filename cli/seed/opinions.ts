import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Channel, DispositionCode, RespondentType } from "../../db/codes.ts";
import { hashPassword } from "../../db/password.ts";
import { insertConsultation } from "../../db/queries/consultations.ts";
import type { Database, NewOpinion } from "../../db/schema.ts";
import { inTransaction } from "../../db/transaction.ts";
import { hashLookupCode, newReceipt, randomCode } from "../../services/opinions.ts";
import { demoBillTitle } from "./nantong.ts";
import {
  campaign,
  firstReadingDraftOpinions,
  firstReadingOpinions,
  pendingOpinions,
  secondReadingDraftOpinions,
  moreShortSecondReadingOpinions,
  secondReadingOpinions,
  shortFirstReadingOpinions,
  shortSecondReadingOpinions,
  type OpinionText,
} from "./opinion-texts.ts";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;

/** The seeded citizens who support (附议) opinions; they are not demo accounts. */
export const demoCitizens = [
  "顾海燕",
  "陆建国",
  "季晓峰",
  "沈丽华",
  "缪文斌",
  "施红霞",
  "曹俊杰",
  "钱玉兰",
  "黄卫东",
  "朱雪芳",
].map((name, i) => ({
  email: `citizen${String(i + 1).padStart(2, "0")}@demo.kaimen.cn`,
  displayName: name,
}));

// Not “公开征求意见”, so that the open consultation's title names it alone.
export const closedConsultationTitle = "中华人民共和国动物防疫法（修订草案）一次审议稿 征求意见";

const districts = ["崇川区", "通州区", "海门区", "海安市", "如皋市", "如东县", "启东市"];
// Where the online opinions come from: the city districts more than the counties.
const districtWeights = [34, 16, 12, 10, 11, 9, 8];
const surnames = "张王李陈刘周吴徐孙朱顾陆钱沈黄杨曹季缪施许蔡".split("");
const givenNames = [
  "建国",
  "秀英",
  "志强",
  "海燕",
  "晓峰",
  "丽华",
  "春梅",
  "卫东",
  "红霞",
  "文斌",
  "玉兰",
  "俊杰",
  "雪芳",
  "国平",
  "桂芳",
  "宏伟",
  "静",
  "敏",
  "磊",
  "婷",
  "振华",
  "美琴",
];
// Hours of the day (Asia/Shanghai) at which people write: mornings and evenings.
const hourWeights = [0, 0, 0, 0, 0, 0, 1, 2, 4, 6, 6, 5, 3, 3, 4, 5, 5, 4, 3, 4, 7, 8, 6, 3];

/** A small seeded generator (mulberry32): the demo is the same on every start. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  const weighted = (weights: readonly number[]) => {
    let r = next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
    return weights.length - 1;
  };
  return { next, int, pick, weighted };
}

interface Article {
  pid: string;
  text: string;
}

/** A reading's articles by number, and its chapter and article pids. */
async function articlesOf(db: Kysely<Database>, versionId: string) {
  const rows = await db
    .selectFrom("provisions")
    .select(["pid", "kind", "number", "text"])
    .where("version_id", "=", versionId)
    .execute();
  const byNumber = new Map<number, Article>();
  for (const r of rows) if (r.kind === "article") byNumber.set(r.number, r);
  return { byNumber, pids: new Set(rows.map((r) => r.pid)) };
}

/** A calendar date (YYYY-MM-DD) in Asia/Shanghai. */
function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI).toISOString().slice(0, 10);
}

function chineseDate(at: Date): string {
  const [y, m, d] = shanghaiDate(at).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

/**
 * The demo consultations' opinions: a closed consultation on the 动物防疫法 一审稿 with its
 * opinions handled and its report published, and a few hundred opinions on the open 二审稿
 * (with supports, handled, hidden and pending ones, a template campaign and a deadline
 * extension). Runs after the bills exist; adds nothing when run again.
 */
export async function seedOpinionDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const bill = await db
    .selectFrom("bills")
    .select(["id", "organization_id"])
    .where("title", "=", demoBillTitle)
    .executeTakeFirst();
  if (!bill) return;
  const versions = await db
    .selectFrom("versions")
    .select(["id", "label"])
    .where("bill_id", "=", bill.id)
    .execute();
  const versionId = (label: string) => versions.find((v) => v.label === label)?.id;
  const first = versionId("first_reading");
  const second = versionId("second_reading");
  const promulgated = versionId("promulgated");
  if (!first || !second || !promulgated) return;
  const open = await db
    .selectFrom("consultations")
    .select(["id", "opens_at", "closes_at"])
    .where("version_id", "=", second)
    .orderBy("created_at")
    .executeTakeFirst();
  if (!open) return;
  const already = await db
    .selectFrom("consultations")
    .select("id")
    .where("version_id", "=", first)
    .where("title", "=", closedConsultationTitle)
    .executeTakeFirst();
  if (already) return;

  const users = await db
    .selectFrom("users")
    .select(["id", "email", "display_name"])
    .where("email", "in", [
      "drafter@demo.kaimen.cn",
      "citizen@demo.kaimen.cn",
      "moderator@demo.kaimen.cn",
    ])
    .execute();
  const userId = (email: string) => users.find((u) => u.email === email)?.id ?? null;
  const drafterId = userId("drafter@demo.kaimen.cn");
  const moderatorId = userId("moderator@demo.kaimen.cn");
  const citizen = users.find((u) => u.email === "citizen@demo.kaimen.cn");

  const firstText = await articlesOf(db, first);
  const secondText = await articlesOf(db, second);
  const promulgatedText = await articlesOf(db, promulgated);
  // The seeded citizens share the demo citizen's password (and its hash: hashing is slow on purpose).
  const citizenHash =
    (
      await db
        .selectFrom("users")
        .select("password_hash")
        .where("email", "=", "citizen@demo.kaimen.cn")
        .executeTakeFirst()
    )?.password_hash ?? (await hashPassword("kaimen-citizen-2026"));

  await inTransaction(db, async (trx) => {
    const rand = generator(20_200_426);

    // The closed consultation on the 一审稿: opened five months ago for a month.
    const closedOpens = new Date(now.getTime() - 150 * DAY);
    const closedCloses = new Date(now.getTime() - 120 * DAY);
    const closedId = await insertConsultation(trx, {
      versionId: first,
      title: closedConsultationTitle,
      description:
        "一次审议稿的征求意见已经结束。每一条意见都已逐条研究处理，采纳情况反馈已经公布，欢迎查阅。",
      opensAt: closedOpens,
      closesAt: closedCloses,
      channels: ["online", "letter", "symposium", "department", "expert_meeting"],
      moderation: "post",
      allowAnonymous: true,
      createdBy: drafterId,
    });

    // The seeded citizens (supports, and some opinions).
    const citizenIds = (
      await trx
        .insertInto("users")
        .values(
          demoCitizens.map((c) => ({
            email: c.email,
            display_name: c.displayName,
            password_hash: citizenHash,
          })),
        )
        .onConflict((oc) =>
          oc.column("email").doUpdateSet((eb) => ({ email: eb.ref("excluded.email") })),
        )
        .returning(["id", "display_name as name"])
        .execute()
    ).sort((a, b) => a.name.localeCompare(b.name, "zh"));
    await trx
      .insertInto("memberships")
      .values(
        citizenIds.map((c) => ({
          user_id: c.id,
          organization_id: bill.organization_id,
          role: "citizen" as const,
        })),
      )
      .onConflict((oc) => oc.columns(["user_id", "organization_id", "role"]).doNothing())
      .execute();

    const opinions: NewOpinion[] = [];
    const dispositions: {
      opinion_id: string;
      code: DispositionCode;
      reason: string;
      changed_version_id: string | null;
      changed_pid: string | null;
      decided_by: string | null;
      decided_at: Date;
    }[] = [];

    /** A time on day `day` after `start`, at an hour people write. */
    const timeOn = (start: Date, day: number, office = false) => {
      const midnight = Math.floor((start.getTime() + SHANGHAI) / DAY) * DAY - SHANGHAI + day * DAY;
      const hour = office ? 9 + rand.int(8) : rand.weighted(hourWeights);
      return new Date(midnight + hour * HOUR + rand.int(60) * 60_000 + rand.int(60) * 1000);
    };

    const add = (
      spec: OpinionText,
      where: {
        consultationId: string;
        versionId: string;
        article: Article | null;
        articleNumber: number | null;
        at: Date;
        /** The reading whose provisions an adopted opinion's change is linked to. */
        later: { versionId: string; text: Awaited<ReturnType<typeof articlesOf>> };
        decideAfter: Date;
        latest: Date;
      },
      status: "published" | "pending" | "hidden" = "published",
    ) => {
      const id = randomUUID();
      const type: RespondentType = spec.by ?? "individual";
      const channel: Channel = spec.ch ?? "online";
      const offline = channel !== "online";
      let authorUserId: string | null = null;
      let name: string | null = spec.name ?? null;
      if (spec.mine && citizen) {
        authorUserId = citizen.id;
        name = citizen.display_name;
      } else if (!name && type === "individual") {
        // A few online opinions come from the seeded citizens' accounts; some are anonymous.
        const roll = rand.next();
        if (!offline && roll < 0.12) {
          const c = rand.pick(citizenIds);
          authorUserId = c.id;
          name = c.name;
        } else if (roll < 0.27) name = null;
        else name = rand.pick(surnames) + rand.pick(givenNames);
      }
      const place = `${spec.name ?? ""}${spec.from ?? ""}`;
      const region: string | null =
        districts.find((d) => place.includes(d) || place.includes(d.slice(0, 2))) ??
        (type === "individual" || type === "deputy" || type === "enterprise"
          ? districts[rand.weighted(districtWeights)]!
          : null);
      let quote: Pick<NewOpinion, "quote_text" | "quote_start" | "quote_end"> = {
        quote_text: null,
        quote_start: null,
        quote_end: null,
      };
      if (spec.q) {
        const start = where.article?.text.indexOf(spec.q) ?? -1;
        if (start < 0)
          throw new Error(`demo opinion quotes text not in 第${where.articleNumber}条: ${spec.q}`);
        quote = { quote_text: spec.q, quote_start: start, quote_end: start + spec.q.length };
      }
      // Offline opinions are recorded by a drafter a day or two after they arrive.
      const receivedOn = offline ? shanghaiDate(where.at) : null;
      const createdAt = offline
        ? new Date(Math.min(where.latest.getTime(), where.at.getTime() + (1 + rand.int(2)) * DAY))
        : where.at;
      opinions.push({
        id,
        consultation_id: where.consultationId,
        version_id: where.versionId,
        provision_pid: where.article?.pid ?? null,
        scope: where.article ? "article" : "draft",
        body: spec.t,
        proposed_text: spec.p ?? null,
        ...quote,
        channel,
        author_user_id: authorUserId,
        author_name: name,
        author_region: region,
        respondent_type: type,
        status: spec.hidden ? "hidden" : status,
        hidden_reason: spec.hidden ?? null,
        receipt: newReceipt(createdAt),
        lookup_code_hash: hashLookupCode(randomCode(8)),
        provenance: offline ? (spec.from ?? null) : null,
        received_on: receivedOn,
        recorded_by: offline ? drafterId : null,
        created_at: createdAt,
      });
      if (spec.d) {
        const [code, reason] = spec.d;
        let changed: string | null = null;
        if (code === "adopted" || (code === "partly_adopted" && spec.to)) {
          const target = spec.to
            ? where.later.text.byNumber.get(spec.to)?.pid
            : where.article && where.later.text.pids.has(where.article.pid)
              ? where.article.pid
              : undefined;
          changed = target ?? null;
        }
        const decidedAt = new Date(
          Math.min(
            where.latest.getTime(),
            Math.max(where.decideAfter.getTime(), createdAt.getTime()) +
              (1 + rand.int(10)) * DAY +
              rand.int(8) * HOUR,
          ),
        );
        dispositions.push({
          opinion_id: id,
          code,
          reason,
          changed_version_id: changed ? where.later.versionId : null,
          changed_pid: changed,
          decided_by: drafterId,
          decided_at: decidedAt,
        });
      }
      return id;
    };

    // --- The closed consultation: opinions over its month, all handled after it closed.
    const closedDays = Math.round((closedCloses.getTime() - closedOpens.getTime()) / DAY);
    const closedDayWeights = Array.from({ length: closedDays }, (_, d) =>
      d < 3 ? 4 : d >= closedDays - 4 ? 3 : 1.5,
    );
    const reportAt = new Date(closedCloses.getTime() + 30 * DAY);
    const closedWhere = (article: number | null, at: Date) => ({
      consultationId: closedId,
      versionId: first,
      article: article === null ? null : firstText.byNumber.get(article)!,
      articleNumber: article,
      at,
      later: { versionId: second, text: secondText },
      decideAfter: closedCloses,
      latest: new Date(reportAt.getTime() - DAY),
    });
    for (const [number, specs] of Object.entries(firstReadingOpinions))
      for (const spec of specs)
        add(
          spec,
          closedWhere(
            Number(number),
            timeOn(closedOpens, rand.weighted(closedDayWeights), !!spec.ch),
          ),
        );
    for (const [number, items] of Object.entries(shortFirstReadingOpinions))
      for (const [t, code, reason] of items)
        add(
          { t, d: [code, reason] },
          closedWhere(Number(number), timeOn(closedOpens, rand.weighted(closedDayWeights))),
        );
    for (const spec of firstReadingDraftOpinions)
      add(spec, closedWhere(null, timeOn(closedOpens, rand.weighted(closedDayWeights), !!spec.ch)));

    // --- The open consultation: opinions on every day since it opened, shaped like a real
    // one (a launch peak, quieter weekends, the campaign's day).
    const opensAt = new Date(open.opens_at);
    const openDays = Math.max(1, Math.ceil((now.getTime() - opensAt.getTime()) / DAY));
    const campaignDay = Math.max(0, Math.min(openDays - 1, Math.round(openDays * 0.6)));
    const openDayWeights = Array.from({ length: openDays }, (_, d) => {
      const weekday = new Date(opensAt.getTime() + SHANGHAI + d * DAY).getUTCDay();
      const launch = d === 0 ? 3 : d === 1 ? 5 : d === 2 ? 3 : 1;
      return launch * (weekday === 0 || weekday === 6 ? 0.6 : 1) * (d === openDays - 1 ? 0.5 : 1);
    });
    const openTime = (office: boolean, day = rand.weighted(openDayWeights)) => {
      const at = timeOn(opensAt, day, office);
      return at > now ? new Date(now.getTime() - (1 + rand.int(120)) * 60_000) : at;
    };
    const openWhere = (article: number | null, at: Date) => ({
      consultationId: open.id,
      versionId: second,
      article: article === null ? null : secondText.byNumber.get(article)!,
      articleNumber: article,
      at,
      later: { versionId: promulgated, text: promulgatedText },
      decideAfter: at,
      latest: now,
    });
    const supportable: { id: string; weight: number; author: string | null }[] = [];
    const popular = new Set([25, 29, 23, 56, 57, 16, 30]);
    for (const [number, specs] of Object.entries(secondReadingOpinions))
      for (const spec of specs) {
        const id = add(spec, openWhere(Number(number), openTime(!!spec.ch)));
        if (!spec.hidden && !spec.ch)
          supportable.push({ id, weight: popular.has(Number(number)) ? 3 : 1, author: null });
      }
    for (const [number, texts] of [
      ...Object.entries(shortSecondReadingOpinions),
      ...Object.entries(moreShortSecondReadingOpinions),
    ])
      for (const t of texts) {
        const id = add({ t }, openWhere(Number(number), openTime(false)));
        supportable.push({ id, weight: popular.has(Number(number)) ? 2 : 1, author: null });
      }
    for (const spec of secondReadingDraftOpinions) add(spec, openWhere(null, openTime(!!spec.ch)));
    for (const p of pendingOpinions)
      add({ t: p.t }, openWhere(p.article, openTime(false)), "pending");
    for (let i = 0; i < campaign.count; i++) {
      const letter = i === campaign.count - 1;
      const t = `${rand.pick(campaign.openings)}${campaign.body}${rand.pick(campaign.endings)}`;
      const id = add(
        {
          t,
          name: rand.pick(surnames) + rand.pick(givenNames),
          ...(letter ? { ch: "letter" as const, from: campaign.letterFrom } : {}),
        },
        openWhere(campaign.article, openTime(letter, campaignDay + (rand.next() < 0.8 ? 0 : 1))),
      );
      // Regions of the neighbourhood the campaign came from.
      opinions[opinions.length - 1]!.author_region = rand.pick(campaign.regions);
      if (i < 3) supportable.push({ id, weight: 1, author: null });
    }
    for (const o of opinions) {
      const s = supportable.find((x) => x.id === o.id);
      if (s) s.author = o.author_user_id ?? null;
    }

    for (let i = 0; i < opinions.length; i += 200)
      await trx
        .insertInto("opinions")
        .values(opinions.slice(i, i + 200))
        .execute();
    if (dispositions.length) await trx.insertInto("dispositions").values(dispositions).execute();
    await trx
      .insertInto("search_outbox")
      .values(
        opinions.map((o) => ({
          entity: "opinion" as const,
          entity_id: o.id!,
          op: "upsert" as const,
        })),
      )
      .execute();
    if (dispositions.length)
      await trx
        .insertInto("audit_log")
        .values(
          dispositions.map((d) => ({
            actor_user_id: d.decided_by,
            action: "opinion.dispose",
            subject_type: "opinion",
            subject_id: d.opinion_id,
            data: JSON.stringify({ code: d.code }),
            created_at: d.decided_at,
          })),
        )
        .execute();

    // Supports (附议): each seeded citizen supports a handful of opinions, never their own.
    const supports = new Map<string, { opinion_id: string; user_id: string; created_at: Date }>();
    const weights = supportable.map((s) => s.weight);
    for (const c of citizenIds) {
      const count = 4 + rand.int(10);
      for (let k = 0; k < count; k++) {
        const s = supportable[rand.weighted(weights)]!;
        if (s.author === c.id) continue;
        const created = opinions.find((o) => o.id === s.id)!.created_at as Date;
        const at = new Date(
          Math.min(now.getTime() - 60_000, created.getTime() + (1 + rand.int(72)) * HOUR),
        );
        supports.set(`${s.id}|${c.id}`, { opinion_id: s.id, user_id: c.id, created_at: at });
      }
    }
    if (supports.size)
      await trx
        .insertInto("supports")
        .values([...supports.values()])
        .execute();

    // Reports of opinions: the two hidden ones were reported and resolved; one is open.
    const hidden = opinions.filter((o) => o.status === "hidden");
    const reported = opinions.find((o) => o.body.includes("列入黑名单"));
    await trx
      .insertInto("opinion_reports")
      .values([
        ...hidden.map((o) => ({
          opinion_id: o.id!,
          reporter_user_id: rand.pick(citizenIds).id,
          reason: "不文明或与征求意见无关的内容",
          created_at: new Date((o.created_at as Date).getTime() + 2 * HOUR),
          resolved_at: new Date((o.created_at as Date).getTime() + 20 * HOUR),
          resolved_by: moderatorId,
        })),
        ...(reported
          ? [
              {
                opinion_id: reported.id!,
                reporter_user_id: citizenIds[0]!.id,
                reason: "我觉得这条意见过于偏激。",
                created_at: new Date(now.getTime() - 5 * HOUR),
                resolved_at: null,
                resolved_by: null,
              },
            ]
          : []),
      ])
      .execute();

    // The closed consultation's report (采纳情况反馈), published a month after it closed.
    const closedRows = dispositions.filter((d) =>
      opinions.some((o) => o.id === d.opinion_id && o.consultation_id === closedId),
    );
    const count = (code: DispositionCode) => closedRows.filter((d) => d.code === code).length;
    await trx
      .updateTable("consultations")
      .set({
        report_published_at: reportAt,
        report_note:
          `本次公开征求意见期间，共收到社会公众、有关部门、人大代表和专家学者意见${closedRows.length}条。` +
          `法制工作委员会对每一条意见逐条研究，采纳${count("adopted")}条、部分采纳${count("partly_adopted")}条，` +
          "其余意见均说明了理由。二审稿主要根据这些意见：在立法目的中增加“维护生物安全”；" +
          "禁止买卖、加工病死动物和病害动物产品；允许养殖场配备动物防疫技术人员；" +
          "删去犬只佩戴犬牌、系犬绳等属于养犬管理的内容；删去检疫收费的规定。感谢社会各界的关心和支持。",
        updated_at: reportAt,
      })
      .where("id", "=", closedId)
      .execute();

    // The open consultation's deadline was extended by two weeks.
    const originalClose = new Date(opensAt.getTime() + 30 * DAY);
    const newClose = new Date(open.closes_at);
    if (newClose > originalClose)
      await trx
        .insertInto("consultation_notices")
        .values({
          consultation_id: open.id,
          kind: "deadline_extended",
          body:
            `鉴于社会各方面对本草案关注度较高，意见较为集中，经研究，征求意见截止时间由` +
            `${chineseDate(originalClose)}延长至${chineseDate(newClose)}。欢迎继续提出意见和建议。`,
          previous_closes_at: originalClose,
          new_closes_at: newClose,
          created_by: drafterId,
          created_at: new Date(Math.max(opensAt.getTime(), now.getTime() - 3 * DAY)),
        })
        .execute();
  });
}
