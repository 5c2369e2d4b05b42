import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.ts";
import {
  createPlanProject,
  createProposalCall,
  linkProjectBill,
  publishPlan,
  triageProposal,
} from "../../services/legislative-plans.ts";
import type { RenderNotice } from "../../services/notifications.ts";
import { requestHash } from "../../services/opinions.ts";
import { submitProposal, supportProposal } from "../../services/proposals.ts";
import { city, demoBillTitle } from "./nantong.ts";

const DAY = 86_400_000;

// The demo of 立法项目建议征集 (issue 17 item 1): a past call whose proposal became the
// 动物防疫法 revision, a project of the published 2020 plan linked to the demo bill, and this
// year's open call for next year's plan with a few proposals (one from a contact point).

// The seed runs under cli/, which may not import app/'s catalogue; the one e-mail it queues (to
// the demo citizen, of a plan published years ago) is in Chinese, as the demo is.
const render: RenderNotice = (_locale, _kind, data) => ({
  title: `${String(data.year)}年度立法计划已公布`,
  body: `您提出的立法项目建议“${String(data.title)}”已有处理结果，请登录查看。`,
});

const past = [
  {
    as: "citizen",
    title: "修订《中华人民共和国动物防疫法》",
    reasons:
      "非洲猪瘟疫情暴露出动物防疫体系的短板，现行动物防疫法对疫病净化、无害化处理和基层防疫队伍的规定已不适应实际需要，建议全面修订。",
    problem: "基层动物防疫力量薄弱；病死动物无害化处理责任不清；活禽交易市场防疫条件不足。",
    relatedRules: "《中华人民共和国动物防疫法》（2015年修正）第十九条、第二十一条、第五十条",
    respondentType: "individual" as const,
    decision: "formal" as const,
    reason: "建议与国家修法进程一致，列入正式项目，由市人大常委会法工委配合开展立法调研。",
  },
  {
    as: null,
    title: "加强活禽交易市场防疫管理",
    reasons: "城区活禽交易市场防疫条件参差不齐，建议在立法中明确市场开办者的防疫责任。",
    problem: "活禽交易市场消毒、休市制度落实不到位。",
    relatedRules: "《中华人民共和国动物防疫法》第二十条",
    respondentType: "deputy" as const,
    decision: "formal" as const,
    reason: "并入动物防疫法修订项目一并研究。",
  },
  {
    as: null,
    title: "制定南通市城市养犬管理条例",
    reasons: "养犬扰民和犬只伤人事件增多，建议制定地方性法规加以规范。",
    problem: "犬只登记率低，文明养犬责任不明确。",
    relatedRules: "",
    respondentType: "individual" as const,
    decision: "research" as const,
    reason: "列为调研项目，先行开展立法前评估。",
  },
];

const open = [
  {
    title: "制定南通市电动自行车管理条例",
    reasons:
      "电动自行车保有量大，违规充电引发火灾隐患，建议制定专门法规规范销售、登记、停放和充电。",
    problem: "楼道违规充电、非法改装屡禁不止。",
    relatedRules: "《江苏省电动自行车管理条例》",
    respondentType: "deputy" as const,
    point: false,
  },
  {
    title: "修改南通市市容和环境卫生管理条例",
    reasons: "垃圾分类已全面推行，现行条例缺少相应规定，建议修改。",
    problem: "生活垃圾分类投放、收运责任主体不清。",
    relatedRules: "《南通市市容和环境卫生管理条例》第二十五条至第三十条",
    respondentType: "organization" as const,
    point: true,
  },
  {
    title: "制定南通市历史文化街区保护条例",
    reasons: "濠河周边历史街区保护与利用矛盾突出，需要地方立法明确保护范围和利用规则。",
    problem: "",
    relatedRules: "《历史文化名城名镇名村保护条例》",
    respondentType: "expert" as const,
    point: false,
  },
];

/** Seeds the proposals demo once (nothing when the city already has a call). */
export async function seedProposalDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const cityRow = await db
    .selectFrom("organizations")
    .select("id")
    .where("slug", "=", city.slug)
    .executeTakeFirst();
  if (!cityRow) return;
  const already = await db
    .selectFrom("proposal_calls")
    .select("id")
    .where("organization_id", "=", cityRow.id)
    .executeTakeFirst();
  if (already) return;
  const userId = async (email: string) =>
    (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirst())?.id ??
    null;
  const drafterId = await userId("drafter@demo.kaimen.cn");
  const citizenId = await userId("citizen@demo.kaimen.cn");
  const coordinator = await db
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.user_id", "u.id")
    .select(["u.id", "m.contact_point_id"])
    .where("u.email", "=", "coordinator@demo.kaimen.cn")
    .where("m.role", "=", "coordinator")
    .executeTakeFirst();
  const bill = await db
    .selectFrom("bills")
    .select("id")
    .where("organization_id", "=", cityRow.id)
    .where("title", "=", demoBillTitle)
    .executeTakeFirst();
  if (!drafterId) return;
  const actor = { userId: drafterId, ip: null };

  // The past call, for the 2020 plan: autumn 2019.
  const pastCall = await createProposalCall(db, {
    organizationId: cityRow.id,
    year: 2020,
    title: "2020年度立法计划项目建议征集",
    description: "南通市人大常委会面向社会公开征集2020年度立法计划项目建议。",
    opensAt: new Date("2019-09-20T00:00:00+08:00"),
    closesAt: new Date("2019-10-31T00:00:00+08:00"),
    ...actor,
  });
  const formal = await createPlanProject(db, {
    callId: pastCall,
    title: "中华人民共和国动物防疫法（修订）配合立法调研",
    category: "formal",
    sponsor: "市人大常委会法工委",
    ...actor,
  });
  const research = await createPlanProject(db, {
    callId: pastCall,
    title: "南通市城市养犬管理条例",
    category: "research",
    sponsor: "市公安局",
    ...actor,
  });
  for (const [i, p] of past.entries()) {
    const body = {
      title: p.title,
      reasons: p.reasons,
      problem: p.problem,
      relatedRules: p.relatedRules,
      respondentType: p.respondentType,
      ...(p.as ? {} : { author: { name: "周建华", contact: "0513-85000000" } }),
    };
    const filed = await submitProposal(db, {
      callId: pastCall,
      key: `demo-past-${i}`,
      hash: requestHash(body),
      body,
      userId: p.as === "citizen" ? citizenId : null,
      now: new Date(Date.parse("2019-10-08T10:00:00+08:00") + i * DAY),
    });
    await triageProposal(db, {
      callId: pastCall,
      proposalId: filed.id,
      decision: p.decision,
      reason: p.reason,
      projectId: p.decision === "formal" ? formal : research,
      ...actor,
    });
  }
  if (bill)
    await linkProjectBill(db, {
      projectId: formal,
      billId: bill.id,
      organizationId: cityRow.id,
      ...actor,
    });
  await publishPlan(db, {
    callId: pastCall,
    render,
    now: new Date("2019-12-27T10:00:00+08:00"),
    ...actor,
  });

  // This year's call for next year's plan, open for three more weeks.
  const year = new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear() + 1;
  const openCall = await createProposalCall(db, {
    organizationId: cityRow.id,
    year,
    title: `${year}年度立法计划项目建议征集`,
    description: `南通市人大常委会面向社会公开征集${year}年度立法计划项目建议，欢迎提出需要制定、修改的地方性法规项目。`,
    opensAt: new Date(now.getTime() - 10 * DAY),
    closesAt: new Date(now.getTime() + 21 * DAY),
    ...actor,
  });
  const ids: string[] = [];
  for (const [i, p] of open.entries()) {
    const viaPoint = p.point && coordinator?.contact_point_id;
    const body = {
      title: p.title,
      reasons: p.reasons,
      problem: p.problem,
      relatedRules: p.relatedRules,
      respondentType: p.respondentType,
      ...(viaPoint ? { provenance: "社区居民座谈会收集" } : { author: { name: "", contact: "" } }),
    };
    const filed = await submitProposal(db, {
      callId: openCall,
      key: `demo-open-${i}`,
      hash: requestHash(body),
      body,
      userId: viaPoint ? coordinator!.id : null,
      contactPointId: viaPoint ? coordinator!.contact_point_id : null,
      now: new Date(now.getTime() - (8 - i * 2) * DAY),
    });
    ids.push(filed.id);
  }
  if (citizenId && ids[0])
    await supportProposal(db, { proposalId: ids[0], userId: citizenId, now });
}
