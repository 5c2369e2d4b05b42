import type { Kysely } from "kysely";
import type { DispositionCode } from "../../db/codes.ts";
import { recordDisposition } from "../../db/queries/dispositions.ts";
import type { Database } from "../../db/schema.ts";
import {
  addOpinion,
  consultationForPoint,
  createActivity,
  markReceived,
  submitReport,
  type ActivityInput,
} from "../../services/contact-points.ts";
import type { ParticipantCode } from "../../services/contact-point-codes.ts";
import { contactPoints } from "./nantong.ts";

/** The organisations that host each demo point (依托单位), by position in nantong.ts. */
const hosts = [
  "和平桥街道人大工委",
  "观音山街道人大工委",
  "狼山镇街道人大工委",
  "金沙街道人大工委",
  "石港镇人大主席团",
  "三厂街道人大工委",
  "常乐镇人大主席团",
  "汇龙镇人大主席团",
  "吕四港镇人大主席团",
  "如城街道人大工委",
  "长江镇人大主席团",
  "掘港街道人大工委",
];

interface DemoOpinion {
  article: number | null;
  body: string;
  proposed?: string;
  headcount: number;
  respondentType?: "individual" | "enterprise" | "deputy" | "expert" | "organization";
  handled?: [DispositionCode, string];
}

interface DemoActivity {
  kind: ActivityInput["kind"];
  daysAgo: number;
  place: string;
  headcount: number;
  participants: ParticipantCode[];
  notes: string;
  opinions: DemoOpinion[];
}

interface DemoPoint {
  point: number;
  state: "draft" | "submitted" | "received";
  note?: string;
  activities: DemoActivity[];
}

const work: DemoPoint[] = [
  {
    point: 0,
    state: "received",
    note: "和平桥街道联系点对二审稿的意见汇总，共两次活动。",
    activities: [
      {
        kind: "symposium",
        daysAgo: 2,
        place: "和平桥街道社区党群服务中心二楼会议室",
        headcount: 18,
        participants: ["resident", "deputy", "veterinarian", "official"],
        notes: "街道人大工委主持，区农业农村局派员解读草案。",
        opinions: [
          {
            article: 29,
            body: "城市小区流浪犬、猫越来越多，居民委员会没有执法手段，只靠“组织协调”难以落实。建议明确街道办事处可以委托专业机构收容，并保障经费。",
            proposed:
              "街道办事处、乡级人民政府组织协调居民委员会、村民委员会，做好本辖区内流浪犬、猫的控制和处置，所需经费纳入本级预算，防止疫病传播。",
            headcount: 11,
            handled: [
              "partly_adopted",
              "采纳关于流浪犬、猫控制处置的意见，经费保障在第八十二条统一规定。",
            ],
          },
          {
            article: 29,
            body: "养犬登记要先有免疫证明，很多老人不知道去哪里打狂犬疫苗，建议社区卫生服务站或宠物医院能就近接种并出具证明。",
            headcount: 6,
            handled: ["for_reference", "接种点设置属于地方实施层面，转有关部门研究参考。"],
          },
          {
            article: 57,
            body: "小区里发现死猫死狗，居民不知道该找谁。建议写明街道办事处收集处理的时限，并公布联系电话。",
            proposed:
              "在城市公共场所和乡村发现的死亡畜禽，由所在地街道办事处、乡级人民政府及时组织收集、处理并溯源。",
            headcount: 5,
            handled: ["adopted", "已在该条增加“及时”的要求。"],
          },
        ],
      },
      {
        kind: "visit",
        daysAgo: 1,
        place: "和平桥街道农贸市场、两家宠物诊所",
        headcount: 6,
        participants: ["enterprise", "veterinarian"],
        notes: "走访农贸市场活禽经营户和宠物诊所执业兽医。",
        opinions: [
          {
            article: 25,
            body: "集贸市场的动物防疫条件由谁检查不清楚，市场开办者和经营户的责任也应分开写。",
            headcount: 3,
            respondentType: "enterprise",
            handled: ["already_covered", "第二十五条第二款已规定市场开办者的责任。"],
          },
          {
            article: 70,
            body: "执业兽医开具处方需要“亲自诊断”，对远程问诊的宠物复诊是否允许，建议明确。",
            headcount: 2,
            respondentType: "expert",
          },
        ],
      },
    ],
  },
  {
    point: 1,
    state: "submitted",
    activities: [
      {
        kind: "symposium",
        daysAgo: 1,
        place: "观音山街道办事处会议室",
        headcount: 12,
        participants: ["resident", "farmer", "deputy"],
        notes: "",
        opinions: [
          {
            article: 16,
            body: "散养户对强制免疫的补充接种和处理不了解，建议规定基层防疫人员的告知义务。",
            headcount: 7,
            respondentType: "individual",
            handled: ["not_adopted", "告知义务已在第十七条组织实施条款中体现，本条不再重复。"],
          },
          {
            article: 6,
            body: "鼓励社会力量参与，建议写明对志愿者的保险保障。",
            headcount: 3,
          },
        ],
      },
    ],
  },
  {
    point: 3,
    state: "received",
    activities: [
      {
        kind: "questionnaire",
        daysAgo: 2,
        place: "金沙街道各社区（线下问卷）",
        headcount: 46,
        participants: ["resident", "farmer"],
        notes: "发放问卷 50 份，回收有效问卷 46 份。",
        opinions: [
          {
            article: 56,
            body: "养殖户反映病死猪无害化处理点太远，建议乡镇设置收集暂存点。",
            proposed: "县级人民政府应当合理设置病死动物收集暂存点。",
            headcount: 21,
            handled: ["adopted", "已在第五十八条增加收集体系建设的内容。"],
          },
          {
            article: 59,
            body: "无害化处理补助标准应当公开，并及时发放到养殖户。",
            headcount: 15,
          },
          {
            article: null,
            body: "希望草案通过后组织到村到户的宣传，用通俗的话讲清楚养殖户的义务。",
            headcount: 9,
          },
        ],
      },
    ],
  },
  {
    point: 6,
    state: "draft",
    activities: [
      {
        kind: "visit",
        daysAgo: 1,
        place: "常乐镇三家规模养殖场",
        headcount: 8,
        participants: ["farmer", "enterprise"],
        notes: "",
        opinions: [
          {
            article: 24,
            body: "动物防疫条件合格证的审查时限建议明确为二十个工作日。",
            headcount: 4,
            respondentType: "enterprise",
          },
          {
            article: 48,
            body: "申报检疫可以网上办理的，应当在法律中写明。",
            headcount: 5,
          },
        ],
      },
    ],
  },
  {
    point: 8,
    state: "draft",
    activities: [
      {
        kind: "letter",
        daysAgo: 0,
        place: "吕四港镇人大主席团（来信）",
        headcount: 3,
        participants: ["resident", "enterprise"],
        notes: "收到群众来信三封。",
        opinions: [
          {
            article: 57,
            body: "海边滩涂发现死亡畜禽和野生动物，建议明确由哪个部门收集。",
            headcount: 2,
          },
        ],
      },
    ],
  },
];

/** A calendar date some days before now, in Asia/Shanghai. */
function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The contact points' demo work in the open 动物防疫法 consultation: activities with headcounts
 * and opinions, submitted reports, some handled. Runs after the opinions demo; adds nothing when
 * run again.
 */
export async function seedContactPointDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const points = await db
    .selectFrom("contact_points")
    .select(["id", "name", "host_organization"])
    .execute();
  for (const [i, p] of contactPoints.entries()) {
    const row = points.find((x) => x.name === p.name);
    if (row && row.host_organization === "")
      await db
        .updateTable("contact_points")
        .set({ host_organization: hosts[i]! })
        .where("id", "=", row.id)
        .execute();
  }
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select("c.id")
    .where("b.title", "=", "中华人民共和国动物防疫法（修订草案）")
    .where("v.label", "=", "second_reading")
    .executeTakeFirst();
  if (!consultation) return;
  const c = await consultationForPoint(db, consultation.id, now);
  if (!c || c.status !== "open") return;
  const already = await db
    .selectFrom("contact_point_activities")
    .select("id")
    .where("consultation_id", "=", c.id)
    .limit(1)
    .executeTakeFirst();
  if (already) return;
  const provisions = await db
    .selectFrom("provisions")
    .select(["pid", "number"])
    .where("version_id", "=", c.version_id)
    .where("kind", "=", "article")
    .execute();
  const coordinator = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "coordinator@demo.kaimen.cn")
    .executeTakeFirst();
  const drafter = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "drafter@demo.kaimen.cn")
    .executeTakeFirst();

  for (const w of work) {
    const point = points.find((x) => x.name === contactPoints[w.point]!.name);
    if (!point) continue;
    const actor = {
      contactPointId: point.id,
      userId: w.point === 0 ? (coordinator?.id ?? null) : null,
      now,
    };
    const handled: { id: string; handled: [DispositionCode, string] }[] = [];
    for (const a of w.activities) {
      const activityId = await createActivity(db, actor, c.id, {
        kind: a.kind,
        heldOn: daysBefore(now, a.daysAgo),
        place: a.place,
        headcount: a.headcount,
        participants: a.participants,
        notes: a.notes,
      });
      for (const o of a.opinions) {
        const pid =
          o.article === null ? "draft" : provisions.find((p) => p.number === o.article)?.pid;
        if (!pid) continue;
        const id = await addOpinion(db, actor, activityId, {
          target: pid,
          body: o.body,
          proposedText: o.proposed ?? "",
          headcount: o.headcount,
          respondentType: o.respondentType ?? "individual",
        });
        if (o.handled) handled.push({ id, handled: o.handled });
      }
    }
    if (w.state === "draft") continue;
    const submissionId = await submitReport(db, actor, c.id, w.note ?? "");
    if (w.state === "received" && drafter)
      await markReceived(db, { submissionId, consultationId: c.id, userId: drafter.id });
    if (drafter)
      for (const h of handled)
        await recordDisposition(db, {
          opinionId: h.id,
          code: h.handled[0],
          reason: h.handled[1],
          decidedBy: drafter.id,
        });
  }
}
