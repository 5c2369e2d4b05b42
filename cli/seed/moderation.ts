import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { reportOpinion } from "../../services/moderation.ts";
import { requestHash, submitOpinion } from "../../services/opinions.ts";

/**
 * Something for the moderator to see in the demo: on the open post-moderated consultation, two
 * opinions a sensitive word of the default list holds in the queue, and reports on two published
 * opinions. Runs after the opinions exist (seedOpinionDemo); adds nothing when run again.
 */
export async function seedModerationDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const consultation = await db
    .selectFrom("consultations")
    .select(["id", "version_id"])
    .where("moderation", "=", "post")
    .where("opens_at", "<=", now)
    .where("closes_at", ">", now)
    .orderBy("opens_at", "desc")
    .executeTakeFirst();
  if (!consultation) return;
  const article = await db
    .selectFrom("provisions")
    .select("pid")
    .where("version_id", "=", consultation.version_id)
    .where("kind", "=", "article")
    .orderBy("ordinal")
    .offset(10)
    .executeTakeFirst();
  const held = [
    {
      key: "demo-moderation-held-1",
      body: {
        scope: "draft",
        body: "专业代开发票，各类增值税发票均可办理，价格优惠，欢迎咨询。",
        author: { name: "发票", region: "其他地区" },
      },
    },
    {
      key: "demo-moderation-held-2",
      body: {
        ...(article ? { provisionPid: article.pid } : { scope: "draft" }),
        body: "本条规定很有必要。另外推荐一个网络博彩平台，注册即送彩金。",
        proposedText: "详见 ＣＡＳＩＮＯ 官网",
        author: { name: "路人", region: "其他地区" },
      },
    },
  ];
  for (const h of held) {
    // The idempotency key makes a second run answer with the first opinion, storing nothing.
    await submitOpinion(db, {
      consultationId: consultation.id,
      key: h.key,
      hash: requestHash(h.body),
      body: h.body,
      userId: null,
      now,
    });
  }
  const reported = await db
    .selectFrom("opinion_reports as r")
    .innerJoin("opinions as op", "op.id", "r.opinion_id")
    .select("r.id")
    .where("op.consultation_id", "=", consultation.id)
    .limit(1)
    .executeTakeFirst();
  if (reported) return;
  const targets = await db
    .selectFrom("opinions")
    .select("id")
    .where("consultation_id", "=", consultation.id)
    .where("status", "=", "published")
    .where("channel", "=", "online")
    .orderBy("created_at")
    .limit(2)
    .execute();
  const reports = [
    [
      { category: "abuse", reason: "言辞带有人身攻击。", ip: "198.51.100.21" },
      { category: "off_topic", reason: "", ip: "198.51.100.22" },
    ],
    [{ category: "privacy", reason: "意见中提到了邻居的姓名和住址。", ip: "198.51.100.23" }],
  ] as const;
  for (const [i, target] of targets.entries()) {
    for (const r of reports[i] ?? []) {
      await reportOpinion(db, {
        opinionId: target.id,
        category: r.category,
        reason: r.reason,
        userId: null,
        ip: r.ip,
      });
    }
  }
}
