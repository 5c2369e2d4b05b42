import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import { utcToZonedLocal } from "../../services/consultations.ts";
import { declineInvitation, submitExpertAnswers } from "../../services/expert-answers.ts";
import { createExpertReview, inviteExperts } from "../../services/expert-reviews.ts";
import { createExpert } from "../../services/experts.ts";
import { city, demoBillTitle } from "./nantong.ts";

const DAY = 86_400_000;
const TIME_ZONE = "Asia/Shanghai";

// The demo of 论证 and 咨询 (issue 17 item 4): the city's expert registry (veterinary science,
// law, public health…) and a written consultation of experts on the 动物防疫法 二审稿, whose
// consultation is open in the demo: three experts answered article by article (their answers are
// opinions of the 论证会/咨询 channel in the handling view), one declined, one has not answered
// yet. The people are made up; the articles are the real second-reading draft's.

const registry = [
  {
    key: "vet",
    name: "陈立群",
    field: "兽医学",
    affiliation: "南通大学农学院",
    title: "教授",
    email: "chen.liqun@experts.demo.kaimen.cn",
    phone: "0513-85010001",
    conflicts: "",
  },
  {
    key: "law",
    name: "周文涛",
    field: "法学（行政法）",
    affiliation: "南通大学法学院",
    title: "副教授",
    email: "zhou.wentao@experts.demo.kaimen.cn",
    phone: "",
    conflicts: "",
  },
  {
    key: "health",
    name: "刘敏",
    field: "公共卫生",
    affiliation: "南通市疾病预防控制中心",
    title: "主任医师",
    email: "",
    phone: "0513-85010003",
    conflicts: "",
  },
  {
    key: "livestock",
    name: "徐海燕",
    field: "畜牧兽医",
    affiliation: "江苏农牧科技职业学院",
    title: "研究员",
    email: "xu.haiyan@experts.demo.kaimen.cn",
    phone: "",
    conflicts: "兼任某生猪养殖企业技术顾问。",
  },
  {
    key: "food",
    name: "孙建国",
    field: "食品安全",
    affiliation: "南通市食品检验检测中心",
    title: "高级工程师",
    email: "sun.jianguo@experts.demo.kaimen.cn",
    phone: "",
    conflicts: "",
  },
  {
    key: "env",
    name: "赵静",
    field: "环境工程",
    affiliation: "南通职业大学",
    title: "副教授",
    email: "",
    phone: "",
    conflicts: "",
  },
] as const;
type ExpertKey = (typeof registry)[number]["key"];

/** Each answering expert's answers: on an article (by its label in the 二审稿) or the whole draft. */
const answers: Partial<
  Record<ExpertKey, { label: string | null; body: string; proposed?: string }[]>
> = {
  vet: [
    {
      label: "第六十六条",
      body: "官方兽医任命制度是本次修订的重要内容，建议明确官方兽医的培训和考核要求，保障其依法独立履行检疫职责。",
      proposed:
        "国家实行官方兽医任命制度。官方兽医应当定期参加培训和考核，具体办法由国务院农业农村主管部门制定。",
    },
    {
      label: "第六十九条",
      body: "执业兽医资格考试的报考条件限定为大学专科以上学历，基层乡村兽医难以达到，建议设置过渡安排。",
    },
  ],
  law: [
    {
      label: "第九十二条",
      body: "本条以转致方式适用畜牧法的处罚规定，建议核对畜牧法相应条款，避免出现处罚空白。",
    },
    {
      label: null,
      body: "草案法律责任一章处罚幅度总体合理，建议对“情节严重”的情形作出列举，便于基层执法统一尺度。",
    },
  ],
  health: [
    {
      label: "第三十四条",
      body: "建议明确人畜共患传染病人员的范围以卫生健康主管部门公布的名录为准，并规定从业人员定期健康检查。",
      proposed:
        "患有人畜共患传染病的人员不得直接从事动物诊疗以及易感染动物的饲养、屠宰、经营、隔离、运输等活动。相关从业人员应当定期进行健康检查。",
    },
    {
      label: "第五十九条",
      body: "病死动物无害化处理的财政补助应当向养殖户直接兑付，防止截留，建议增加公开补助发放情况的规定。",
    },
  ],
};

/** Seeds the registry and the review on the 二审稿 consultation; does nothing when it exists. */
export async function seedExpertDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const cityRow = await db
    .selectFrom("organizations")
    .select("id")
    .where("slug", "=", city.slug)
    .executeTakeFirst();
  if (!cityRow) return;
  const already = await db
    .selectFrom("experts")
    .select("id")
    .where("organization_id", "=", cityRow.id)
    .executeTakeFirst();
  if (already) return;
  const drafter = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "drafter@demo.kaimen.cn")
    .executeTakeFirst();
  const consultation = await db
    .selectFrom("consultations as c")
    .innerJoin("versions as v", "v.id", "c.version_id")
    .innerJoin("bills as b", "b.id", "v.bill_id")
    .select(["c.id", "c.version_id"])
    .where("b.organization_id", "=", cityRow.id)
    .where("b.title", "=", demoBillTitle)
    .where("v.label", "=", "second_reading")
    .executeTakeFirst();
  if (!drafter || !consultation) return;
  const actor = { userId: drafter.id, organizationIds: [cityRow.id], ip: null };

  const ids = new Map<ExpertKey, string>();
  for (const e of registry) {
    const { key, ...values } = e;
    ids.set(key, await createExpert(db, { ...actor, organizationId: cityRow.id, values }));
  }

  const reviewId = await createExpertReview(db, {
    ...actor,
    consultationId: consultation.id,
    timeZone: TIME_ZONE,
    now,
    values: {
      kind: "written",
      title: "动物防疫法修订草案二审稿专家书面咨询",
      brief:
        "请各位专家重点就官方兽医和执业兽医制度、人畜共患传染病防控、病死动物无害化处理补助以及法律责任的衔接提出意见，可以逐条提出，也可以对草案整体提出。",
      heldAt: "",
      dueAt: utcToZonedLocal(new Date(now.getTime() + 10 * DAY), TIME_ZONE),
      place: "",
    },
  });
  const invited: ExpertKey[] = ["vet", "law", "health", "livestock", "food"];
  const links = await inviteExperts(db, {
    ...actor,
    reviewId,
    expertIds: invited.map((k) => ids.get(k)!),
    // The seed runs before the server knows its address; the demo serves on port 3000 by default.
    origin: "http://localhost:3000",
    now,
    // cli/ may not import app/'s catalogue: the demo's e-mails are in Chinese, as the demo is.
    render: (m) => ({
      subject: `专家意见邀请：${m.reviewTitle}`,
      text: `${m.expertName}：您好！\n\n我们就《${m.billTitle}》书面征求专家意见，请通过以下专属链接逐条提出意见：\n\n${m.link}\n`,
    }),
  });
  const tokenOf = (key: ExpertKey) => {
    const name = registry.find((e) => e.key === key)!.name;
    return links.find((l) => l.expertName === name)!.link.split("/expert/")[1]!;
  };

  const provisions = await db
    .selectFrom("provisions")
    .select(["pid", "label"])
    .where("version_id", "=", consultation.version_id)
    .where("kind", "=", "article")
    .execute();
  const pidOf = new Map(provisions.map((p) => [p.label, p.pid]));
  let minutes = 0;
  for (const [key, list] of Object.entries(answers) as [ExpertKey, typeof answers.vet][]) {
    const usable = (list ?? []).filter((a) => a.label === null || pidOf.has(a.label));
    await submitExpertAnswers(db, {
      token: tokenOf(key),
      timeZone: TIME_ZONE,
      ip: null,
      now: new Date(now.getTime() - 2 * DAY + (minutes += 90) * 60_000),
      values: {
        conflicts: registry.find((e) => e.key === key)!.conflicts || "无",
        answers: usable.map((a) => ({
          pid: a.label === null ? null : pidOf.get(a.label)!,
          body: a.body,
          proposedText: a.proposed ?? "",
        })),
      },
    });
  }
  await declineInvitation(db, {
    token: tokenOf("livestock"),
    reason: "本人兼任养殖企业技术顾问，为避免利益冲突，不参加本次咨询。",
    ip: null,
    now: new Date(now.getTime() - DAY),
  });
}
