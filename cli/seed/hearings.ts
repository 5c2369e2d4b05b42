import type { Kysely } from "kysely";
import type { HearingStance, RespondentType } from "../../db/codes.ts";
import type { Database } from "../../db/schema.ts";
import {
  addReportPoint,
  announceHearing,
  createHearing,
  drawHearing,
  publishReport,
  registerForHearing,
  saveReportRecord,
} from "../../services/hearings.ts";
import type { RenderNotice } from "../../services/notifications.ts";
import { requestHash } from "../../services/opinions.ts";
import { demoBillTitle } from "./nantong.ts";

const DAY = 86_400_000;

// The demo of 听证会 (issue 17 item 3): a hearing on the 动物防疫法 二审稿 consultation about dog
// vaccination and registration (第二十九条) and the disposal of dead animals (第二十三条),
// announced before registration, with registrations of every stance (one by the demo citizen),
// drawn in public, held, and its report published, whose points are opinions in the handling.

// The seed runs under cli/, which may not import app/'s catalogue: the notices it sends (to the
// demo citizen and to the registrants' example addresses) are in Chinese, as the demo is.
const render: RenderNotice = (_locale, kind, data) => ({
  title:
    kind === "hearing_selected"
      ? "您被选为听证会陈述人"
      : kind === "hearing_reserve"
        ? "您被列为听证会候补陈述人"
        : "听证会陈述人遴选结果",
  body: `您报名参加的“${String(data.hearing)}”已公开遴选（报名号 ${String(data.number)} 号）。详情：${String(data.link)}`,
});

const registrations: {
  name: string;
  type: RespondentType;
  stance: HearingStance;
  points: string;
  phone?: string;
  email?: string;
  citizen?: boolean;
}[] = [
  {
    name: "张市民",
    type: "individual",
    stance: "for",
    points: "赞成对犬只实行狂犬病强制免疫并与养犬登记挂钩，小区里未免疫的犬只让人担心。",
    phone: "13800000001",
    citizen: true,
  },
  {
    name: "南通市畜牧兽医学会",
    type: "organization",
    stance: "for",
    points: "建议明确病死动物无害化处理场所的布局规划和运营补贴，保障集中处理。",
    email: "xuehui@example.org",
  },
  {
    name: "刘养殖户",
    type: "individual",
    stance: "against",
    points: "无害化处理场所的防疫条件要求过高，小规模养殖户难以承担，建议区分规模。",
    phone: "13800000003",
  },
  {
    name: "海安某生猪养殖有限公司",
    type: "enterprise",
    stance: "against",
    points: "病死猪收集运输费用全部由养殖场承担不合理，建议政府分担。",
    email: "farm@example.org",
  },
  {
    name: "周代表",
    type: "deputy",
    stance: "other",
    points: "农村地区犬只免疫覆盖率低，建议由乡镇兽医站上门免疫，费用财政保障。",
    phone: "13800000005",
  },
  {
    name: "赵律师",
    type: "individual",
    stance: "other",
    points: "养犬登记机关与免疫证明的衔接需要明确部门职责，避免群众多头跑。",
    email: "lawyer@example.org",
  },
  {
    name: "钱宠物医院",
    type: "enterprise",
    stance: "for",
    points: "支持强制免疫，建议允许具备条件的动物诊疗机构出具免疫证明。",
    phone: "13800000007",
  },
  {
    name: "孙村民",
    type: "individual",
    stance: "against",
    points: "农村散养犬只数量多，统一登记难以执行，建议由省级规定具体办法。",
    phone: "13800000008",
  },
];

/** Seeds the demo hearing once (nothing when the 二审稿 consultation or a hearing on it exists). */
export async function seedHearingDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select(["c.id", "c.version_id"])
    .where("b.title", "=", demoBillTitle)
    .where("v.label", "=", "second_reading")
    .executeTakeFirst();
  if (!consultation) return;
  const already = await db
    .selectFrom("hearings")
    .select("id")
    .where("consultation_id", "=", consultation.id)
    .executeTakeFirst();
  if (already) return;
  const userId = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())?.id ??
    null;
  const drafterId = await userId("drafter@demo.kaimen.cn");
  const citizenId = await userId("citizen@demo.kaimen.cn");
  if (!drafterId) return;
  // Office hours in Beijing time, some days from now (the demo reads like a real hearing).
  const beijingDate = (days: number) =>
    new Date(now.getTime() + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);
  const at = (days: number, time = "09:00") => new Date(`${beijingDate(days)}T${time}:00+08:00`);

  const hearingId = await createHearing(db, {
    consultationId: consultation.id,
    values: {
      title: "《中华人民共和国动物防疫法（修订草案）》二次审议稿立法听证会",
      description:
        "为听取社会各方面对修订草案二次审议稿有关规定的意见，市人大常委会法制工作委员会举行立法听证会，公开遴选陈述人。",
      questions:
        "饲养犬只是否应当定期接种狂犬病疫苗，并凭免疫证明办理养犬登记（第二十九条）\n动物和动物产品无害化处理场所应当具备哪些防疫条件，处理费用如何分担（第二十三条）",
      heldAt: at(-3, "14:30"),
      place: "南通市人大常委会机关第一会议室（南通市崇川区世纪大道6号）",
      speakerSeats: 5,
      reserveSeats: 2,
      selectionMethod:
        "按赞成、反对和其他意见三种倾向均衡分配陈述人名额，在报名者中公开随机遴选；遴选规则和随机种子公开，任何人都可以复核。",
      registrationOpensAt: at(-14),
      registrationClosesAt: at(-7, "17:00"),
    },
    userId: drafterId,
    ip: null,
  });
  await announceHearing(db, { hearingId, userId: drafterId, ip: null, now: at(-15) });
  for (const [i, r] of registrations.entries()) {
    const body = {
      name: r.name,
      respondentType: r.type,
      stance: r.stance,
      points: r.points,
      phone: r.phone ?? "",
      email: r.email ?? "",
    };
    await registerForHearing(db, {
      hearingId,
      key: `demo-hearing-${i}`,
      hash: requestHash(body),
      body,
      userId: r.citizen ? citizenId : null,
      now: new Date(at(-13).getTime() + i * 12 * 3_600_000),
    });
  }
  await drawHearing(db, { hearingId, userId: drafterId, ip: null, render, now: at(-6, "10:00") });

  const article = async (label: string) =>
    (
      await db
        .selectFrom("provisions")
        .select("pid")
        .where("version_id", "=", consultation.version_id)
        .where("kind", "=", "article")
        .where("label", "=", label)
        .executeTakeFirst()
    )?.pid ?? "";
  const dogs = await article("第二十九条");
  const disposal = await article("第二十三条");
  const drawn = await db
    .selectFrom("hearing_registrations")
    .select(["id", "name", "stance"])
    .where("hearing_id", "=", hearingId)
    .where("outcome", "=", "selected")
    .orderBy("draw_position")
    .execute();
  const responses: Record<HearingStance, { pid: string; point: string; response: string }> = {
    for: {
      pid: dogs,
      point:
        "陈述人认为，犬只狂犬病强制免疫与养犬登记挂钩有利于从源头防控狂犬病，建议同时规定免疫证明的电子化查验。",
      response: "委员会认为该意见合理，将研究在第二十九条中增加免疫证明信息共享的规定。",
    },
    against: {
      pid: disposal,
      point:
        "陈述人认为，无害化处理场所的防疫条件和处理费用对中小养殖场负担较重，建议区分规模、由政府给予补助。",
      response:
        "委员会将建议在配套规定中明确无害化处理补助政策，第二十三条规定的防疫条件保持不变。",
    },
    other: {
      pid: dogs,
      point: "陈述人建议农村地区犬只的免疫和登记办法由省级规定，并明确乡镇兽医站的职责。",
      response:
        "修订草案第二十九条第三款已规定农村地区饲养犬只的防疫管理由省级规定，委员会予以说明。",
    },
  };
  for (const r of drawn) {
    const text = responses[r.stance];
    await addReportPoint(db, {
      hearingId,
      userId: drafterId,
      ip: null,
      values: {
        registrationId: r.id,
        provisionPid: text.pid,
        point: text.point,
        response: text.response,
      },
    });
  }
  await addReportPoint(db, {
    hearingId,
    userId: drafterId,
    ip: null,
    values: {
      speakerName: "市农业农村局",
      respondentType: "department",
      point:
        "市农业农村局介绍了全市动物防疫和无害化处理体系建设情况，建议修订草案整体上加强基层防疫队伍建设。",
      response: "委员会将在审议结果报告中一并说明。",
    },
  });
  await saveReportRecord(db, {
    hearingId,
    userId: drafterId,
    ip: null,
    record: `听证会于${beijingDate(-3)}举行，${drawn.length}名陈述人到会陈述意见，市农业农村局作了说明。听证会公开举行，部分市人大代表、政协委员和群众旁听。\n陈述人围绕犬只免疫与登记、病死动物无害化处理两个事项陈述了意见，委员会对每条意见作出回应。`,
  });
  await publishReport(db, {
    hearingId,
    userId: drafterId,
    ip: null,
    timeZone: "Asia/Shanghai",
    now: at(-1, "10:00"),
  });
}
