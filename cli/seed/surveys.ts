import type { Insertable, Kysely } from "kysely";
import type { RespondentType } from "../../db/codes.ts";
import { listSurveyQuestions } from "../../db/queries/surveys.ts";
import type { Database, SurveyResponseTable } from "../../db/schema.ts";
import { publishSurveyResults } from "../../services/survey-results.ts";
import {
  addQuestion,
  checkAnswers,
  createSurvey,
  newSurveyReceipt,
  publishSurvey,
  recordPaperResponse,
  submitResponse,
  type DrafterActor,
  type QuestionInput,
  type SurveyAnswers,
} from "../../services/surveys.ts";
import { city, demoBillTitle } from "./nantong.ts";

// The demo of 调研问卷 and their results (issue 17 item 2), on the 动物防疫法 revision:
// - a 立法前评估 survey of spring 2020 with article questions on the 一审稿, answered by 320
//   people online and on paper at the demo's contact points, its results published in July 2020
//   with the drafters' summaries of the written answers;
// - an OPEN 立法后评估 survey on the promulgated 2021 text, with a few answers so far.
// The survey, its questions and its publication go through services/surveys.ts. The 320 answers
// of 2020 are checked with the service's own checkAnswers (conditions, options, scale ranges)
// and then written in two batch inserts: submitResponse's several round trips per answer would
// make the demo's first start seconds slower. The open survey's few answers use the service.
// The answers are pseudo-random from a fixed seed, so every demo database holds the same counts.

const DAY = 86_400_000;
export const preSurveyTitle = "《中华人民共和国动物防疫法（修订草案）》立法前评估问卷";
export const postSurveyTitle = "《中华人民共和国动物防疫法》实施情况立法后评估问卷";
const PRE_RESPONSES = 320;

/** mulberry32: a small deterministic generator, so the demo's counts are the same every time. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  /** One of the values, by weight. */
  const pick = <T>(weighted: [T, number][]): T => {
    const total = weighted.reduce((s, [, w]) => s + w, 0);
    let r = next() * total;
    for (const [v, w] of weighted) if ((r -= w) < 0) return v;
    return weighted[weighted.length - 1]![0];
  };
  return { next, pick };
}

/** The article of a version whose text holds the phrase (numbers shift between readings). */
async function articleWith(db: Kysely<Database>, versionId: string, phrase: string) {
  const row = await db
    .selectFrom("provisions")
    .select("pid")
    .where("version_id", "=", versionId)
    .where("kind", "=", "article")
    .where("text", "like", `%${phrase}%`)
    .orderBy("ordinal")
    .executeTakeFirst();
  return row?.pid ?? null;
}

// Written answers as people write them: the same few concerns in their own words, some of them
// carried in almost the same phrasing by several forms of one contact point.
const disposalTexts = [
  "建议在每个乡镇设立病死动物收集暂存点，由县里统一转运到集中处理场所，散养户自己处理不了。",
  "建议在每个乡镇设立病死动物收集暂存点，统一转运到集中无害化处理场所，方便散养户。",
  "病死猪的收集转运不及时，夏天放两三天就臭了，希望明确收集时限。",
  "无害化处理的补助发放太慢，一年才结算一次，小养殖户垫不起钱。",
  "第五十四条只说了单位和个人的责任，建议明确乡镇政府组织收集的责任。",
  "建议对随意丢弃病死动物的行为加大处罚力度，河道里经常能看到死猪。",
  "处理场所离养殖场太远，运输途中也有疫病扩散的风险，建议就近建设。",
  "建议把散养户也纳入无害化处理保险联动机制，理赔和处理挂钩。",
  "希望公布集中处理场所的地址和联系电话，很多人不知道找谁。",
  "野生动物死亡的处理由林业部门负责，这一款规定很好，但要写清楚发现以后报告给谁。",
];
const disposalSuffixes = ["", "", "希望尽快落实。", "我是养殖户，深有体会。", "供参考。"];
const otherTexts = [
  "建议加强基层动物防疫队伍建设，村级防疫员待遇太低，人留不住。",
  "基层防疫员工资低、任务重，建议提高待遇，稳定村级防疫队伍。",
  "城市里流浪犬越来越多，建议明确街道和居委会的处置责任和经费来源。",
  "建议规范宠物医院的诊疗和收费，宠物的狂犬疫苗接种证明应当统一格式。",
  "活禽交易市场的休市消毒制度要严格执行，不能走过场。",
  "建议加强动物防疫知识宣传，很多养殖户不知道强制免疫是自己的责任。",
  "希望修订后的法律对网络销售动物和动物产品也作出规定。",
  "支持这次修订，条文比现行法具体多了。",
  "官方兽医的数量不够，检疫出证要排很久，建议增加人手或者推行电子出证。",
  "建议明确养殖场的防疫条件审查标准，避免各地宽严不一。",
];
const otherSuffixes = ["", "", "谢谢！", "以上意见供参考。"];

const respondentWeights: [RespondentType, number][] = [
  ["individual", 78],
  ["enterprise", 10],
  ["organization", 4],
  ["deputy", 4],
  ["expert", 2],
  ["department", 2],
];

/**
 * One respondent's answers to the 2020 survey, by role: a farmer thinks of disposal and of the
 * compulsory immunisation differently from a pet owner. Unanswered questions are left out.
 */
function preAnswers(
  rng: ReturnType<typeof generator>,
  q: string[],
): { answers: SurveyAnswers; role: string } {
  const role = rng.pick([
    ["farm", 30],
    ["trade", 10],
    ["pet", 25],
    ["vet", 10],
    ["public", 25],
  ]);
  const answers: SurveyAnswers = { [q[0]!]: role };
  answers[q[1]!] = rng.pick([
    ["yes", 52],
    ["mostly", 30],
    ["no", role === "farm" ? 12 : 6],
    ["unsure", 8],
  ]);
  const problems = (
    [
      ["grassroots", role === "vet" ? 0.8 : 0.45],
      ["disposal", role === "farm" ? 0.7 : 0.35],
      ["strays", role === "pet" || role === "public" ? 0.6 : 0.2],
      ["markets", 0.3],
      ["awareness", 0.4],
    ] as [string, number][]
  )
    .filter(([, p]) => rng.next() < p)
    .map(([id]) => id);
  if (problems.length > 0) answers[q[2]!] = problems;
  if (role === "farm") {
    const hard = (
      [
        ["slow", 0.55],
        ["cost", 0.45],
        ["subsidy", 0.5],
        ["process", 0.2],
      ] as [string, number][]
    )
      .filter(([, p]) => rng.next() < p)
      .map(([id]) => id);
    answers[q[3]!] = hard.length > 0 ? hard : ["none"];
  }
  if (rng.next() < 0.9)
    answers[q[4]!] =
      role === "farm"
        ? rng.pick([
            [2, 2],
            [3, 4],
            [4, 5],
            [5, 3],
          ])
        : rng.pick([
            [3, 2],
            [4, 5],
            [5, 6],
          ]);
  if (rng.next() < 0.9)
    answers[q[5]!] =
      role === "pet"
        ? rng.pick([
            [2, 2],
            [3, 3],
            [4, 4],
            [5, 5],
          ])
        : rng.pick([
            [3, 1],
            [4, 4],
            [5, 7],
          ]);
  if (rng.next() < 0.8)
    answers[q[6]!] = rng.pick([
      ["province", 35],
      ["county", 50],
      ["unsure", 15],
    ]);
  if (rng.next() < (role === "farm" ? 0.6 : 0.25)) {
    const text = disposalTexts[Math.floor(rng.next() * disposalTexts.length)]!;
    answers[q[7]!] = text + rng.pick(disposalSuffixes.map((s) => [s, 1] as [string, number]));
  }
  if (rng.next() < 0.3) {
    const text = otherTexts[Math.floor(rng.next() * otherTexts.length)]!;
    answers[q[8]!] = text + rng.pick(otherSuffixes.map((s) => [s, 1] as [string, number]));
  }
  return { answers, role };
}

const preQuestions = (pids: (string | null)[]): QuestionInput[] => [
  {
    kind: "single",
    prompt: "您与动物饲养、经营的关系是",
    required: true,
    options: [
      { id: "farm", label: "养殖场（户）" },
      { id: "trade", label: "屠宰、加工、经营者" },
      { id: "pet", label: "宠物饲养者" },
      { id: "vet", label: "基层防疫、兽医工作者" },
      { id: "public", label: "普通市民" },
    ],
  },
  {
    kind: "single",
    prompt: "您是否赞成对动物防疫法进行全面修订？",
    required: true,
    options: [
      { id: "yes", label: "赞成" },
      { id: "mostly", label: "基本赞成" },
      { id: "no", label: "不赞成" },
      { id: "unsure", label: "说不清" },
    ],
  },
  {
    kind: "multiple",
    prompt: "您认为当前动物防疫工作中最突出的问题是（可多选）",
    options: [
      { id: "grassroots", label: "基层防疫力量薄弱" },
      { id: "disposal", label: "病死动物无害化处理不到位" },
      { id: "strays", label: "犬只管理和流浪犬问题" },
      { id: "markets", label: "活禽交易市场防疫条件差" },
      { id: "awareness", label: "饲养者防疫意识不强" },
    ],
  },
  {
    kind: "multiple",
    prompt: "您在病死动物无害化处理中遇到过哪些困难？（可多选）",
    help: "仅请养殖场（户）回答。",
    options: [
      { id: "slow", label: "收集转运不及时" },
      { id: "cost", label: "处理费用高" },
      { id: "subsidy", label: "补助发放慢" },
      { id: "process", label: "不清楚处理流程" },
      { id: "none", label: "没有遇到困难" },
    ],
    // showIf is filled in once the first question's id is known.
  },
  {
    kind: "scale",
    prompt: "草案规定饲养动物的单位和个人承担强制免疫主体责任，您认为这一规定是否合理？",
    scaleMin: 1,
    scaleMax: 5,
    scaleMinLabel: "很不合理",
    scaleMaxLabel: "很合理",
    provisionPid: pids[0] ?? null,
  },
  {
    kind: "scale",
    prompt: "草案要求犬只凭免疫证明登记、进入公共场所系犬绳，您是否赞成？",
    scaleMin: 1,
    scaleMax: 5,
    scaleMinLabel: "很不赞成",
    scaleMaxLabel: "很赞成",
    provisionPid: pids[1] ?? null,
  },
  {
    kind: "single",
    prompt: "草案规定财政对无害化处理给予补助，您认为补助标准应当",
    options: [
      { id: "province", label: "由省级统一规定" },
      { id: "county", label: "由县级结合实际制定" },
      { id: "unsure", label: "说不清" },
    ],
    provisionPid: pids[3] ?? null,
  },
  {
    kind: "text",
    prompt: "您对病死动物和病害动物产品无害化处理的规定有什么意见和建议？",
    provisionPid: pids[2] ?? null,
  },
  { kind: "text", prompt: "您对草案还有其他意见和建议吗？" },
];

/** Seeds the two demo surveys; does nothing when the demo bill is missing or they exist. */
export async function seedSurveyDemo(db: Kysely<Database>, now: Date): Promise<void> {
  const cityRow = await db
    .selectFrom("organizations")
    .select("id")
    .where("slug", "=", city.slug)
    .executeTakeFirst();
  if (!cityRow) return;
  const bill = await db
    .selectFrom("bills")
    .select("id")
    .where("organization_id", "=", cityRow.id)
    .where("title", "=", demoBillTitle)
    .executeTakeFirst();
  const drafter = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "drafter@demo.kaimen.cn")
    .executeTakeFirst();
  if (!bill || !drafter) return;
  const already = await db
    .selectFrom("surveys")
    .select("id")
    .where("bill_id", "=", bill.id)
    .executeTakeFirst();
  if (already) return;
  const versions = await db
    .selectFrom("versions")
    .select(["id", "label"])
    .where("bill_id", "=", bill.id)
    .execute();
  const first = versions.find((v) => v.label === "first_reading");
  const adopted = versions.find((v) => v.label === "promulgated");
  if (!first || !adopted) return;
  const actor: DrafterActor = { userId: drafter.id, organizationIds: [cityRow.id], ip: null };
  const points = await db
    .selectFrom("contact_points")
    .select(["id", "name"])
    .orderBy("created_at")
    .orderBy("name")
    .limit(4)
    .execute();
  const coordinator = await db
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.user_id", "u.id")
    .select(["u.id", "m.contact_point_id"])
    .where("u.email", "=", "coordinator@demo.kaimen.cn")
    .where("m.role", "=", "coordinator")
    .executeTakeFirst();

  const pointCoordinator = coordinator?.contact_point_id
    ? { userId: coordinator.id, contactPointId: coordinator.contact_point_id }
    : null;
  await seedPreLegislative(db, {
    billId: bill.id,
    versionId: first.id,
    actor,
    points,
    coordinator: pointCoordinator,
  });
  await seedPostLegislative(db, {
    billId: bill.id,
    versionId: adopted.id,
    actor,
    now,
    coordinator: pointCoordinator,
  });
}

async function seedPreLegislative(
  db: Kysely<Database>,
  input: {
    billId: string;
    versionId: string;
    actor: DrafterActor;
    points: { id: string; name: string }[];
    coordinator: { userId: string; contactPointId: string } | null;
  },
): Promise<void> {
  const opensAt = new Date("2020-05-06T09:00:00+08:00");
  const closesAt = new Date("2020-06-05T18:00:00+08:00");
  const surveyId = await createSurvey(
    db,
    {
      billId: input.billId,
      versionId: input.versionId,
      purpose: "pre_legislative",
      title: preSurveyTitle,
      description:
        "为做好动物防疫法修订的立法前评估，了解社会各方面对草案一审稿主要制度的看法，现开展问卷调查。问卷不记名，约需五分钟。",
      opensAt,
      closesAt,
    },
    input.actor,
  );
  const pids = await Promise.all(
    ["承担强制免疫主体责任", "饲养犬只", "不得随意弃置病死动物", "提供补助"].map((phrase) =>
      articleWith(db, input.versionId, phrase),
    ),
  );
  const ids: string[] = [];
  for (const [i, question] of preQuestions(pids).entries()) {
    const showIf = i === 3 ? { questionId: ids[0]!, optionIds: ["farm"] } : null;
    ids.push(await addQuestion(db, { surveyId, question: { ...question, showIf } }, input.actor));
  }
  await publishSurvey(db, { surveyId, now: new Date(opensAt.getTime() - DAY) }, input.actor);

  // The 320 responses: two in three online, the rest on paper at four contact points, spread
  // over the month the survey was open.
  const questions = await listSurveyQuestions(db, surveyId);
  const rng = generator(20200506);
  const span = closesAt.getTime() - opensAt.getTime();
  const responses: Insertable<SurveyResponseTable>[] = [];
  const answerSets: ReturnType<typeof checkAnswers>[] = [];
  for (let i = 0; i < PRE_RESPONSES; i++) {
    const { answers } = preAnswers(rng, ids);
    const at = new Date(opensAt.getTime() + Math.floor(rng.next() * span));
    const paper = input.points.length > 0 && rng.next() < 0.33;
    const point = paper ? input.points[Math.floor(rng.next() * input.points.length)]! : null;
    const respondentType = rng.pick(respondentWeights);
    responses.push({
      survey_id: surveyId,
      channel: paper ? ("paper" as const) : ("online" as const),
      contact_point_id: point?.id ?? null,
      provenance: point ? `${point.name}组织的立法前评估座谈会，现场填写纸质问卷` : null,
      received_on: point ? at.toISOString().slice(0, 10) : null,
      // The point's own coordinator entered its forms; the others' forms were sent to the
      // 法工委, whose drafter entered them.
      recorded_by: point
        ? point.id === input.coordinator?.contactPointId
          ? input.coordinator.userId
          : input.actor.userId
        : null,
      respondent_type: respondentType,
      receipt: newSurveyReceipt(at),
      created_at: at,
    });
    answerSets.push(checkAnswers(questions, answers, { enforceRequired: false }));
  }
  const rows = await db.insertInto("survey_responses").values(responses).returning("id").execute();
  const answers = rows.flatMap((r, i) => answerSets[i]!.map((a) => ({ response_id: r.id, ...a })));
  for (let i = 0; i < answers.length; i += 1000)
    await db
      .insertInto("survey_answers")
      .values(answers.slice(i, i + 1000))
      .execute();

  await publishSurveyResults(db, {
    surveyId,
    summaries: {
      [ids[7]!]:
        "养殖户反映最多的是病死动物收集转运不及时、补助发放慢，建议在乡镇设立收集暂存点、由县级统一转运处理，并明确乡镇政府的组织收集责任。二审稿第五十七条已增加乡级人民政府、街道办事处组织收集处理的规定。",
      [ids[8]!]:
        "其他意见集中在基层防疫队伍建设和村级防疫员待遇、流浪犬处置责任、官方兽医力量不足等方面，已在二审稿修改中研究吸收。",
    },
    userId: input.actor.userId,
    ip: null,
    now: new Date("2020-07-10T10:00:00+08:00"),
  });
}

async function seedPostLegislative(
  db: Kysely<Database>,
  input: {
    billId: string;
    versionId: string;
    actor: DrafterActor;
    now: Date;
    coordinator: { userId: string; contactPointId: string } | null;
  },
): Promise<void> {
  const opensAt = new Date(input.now.getTime() - 12 * DAY);
  const surveyId = await createSurvey(
    db,
    {
      billId: input.billId,
      versionId: input.versionId,
      purpose: "post_legislative",
      title: postSurveyTitle,
      description:
        "修订后的动物防疫法自2021年5月1日起施行。为评估法律实施效果，现就主要制度的落实情况征求意见。",
      opensAt,
      closesAt: new Date(input.now.getTime() + 18 * DAY),
    },
    input.actor,
  );
  const dogs = await articleWith(db, input.versionId, "饲养犬只");
  const know = await addQuestion(
    db,
    {
      surveyId,
      question: {
        kind: "single",
        prompt: "您是否了解2021年修订的动物防疫法？",
        required: true,
        options: [
          { id: "well", label: "了解" },
          { id: "heard", label: "听说过" },
          { id: "no", label: "不了解" },
        ],
      },
    },
    input.actor,
  );
  const dogScale = await addQuestion(
    db,
    {
      surveyId,
      question: {
        kind: "scale",
        prompt: "这一条施行以来，您所在社区的犬只免疫登记和文明养犬情况是否有改善？",
        scaleMin: 1,
        scaleMax: 5,
        scaleMinLabel: "明显变差",
        scaleMaxLabel: "明显改善",
        provisionPid: dogs,
      },
    },
    input.actor,
  );
  const issues = await addQuestion(
    db,
    {
      surveyId,
      question: {
        kind: "multiple",
        prompt: "您认为法律实施中存在的主要问题是（可多选）",
        options: [
          { id: "staff", label: "基层执法力量不足" },
          { id: "funds", label: "无害化处理经费不足" },
          { id: "rules", label: "配套规定不完善" },
          { id: "publicity", label: "宣传不够" },
        ],
      },
    },
    input.actor,
  );
  const other = await addQuestion(
    db,
    { surveyId, question: { kind: "text", prompt: "您对法律实施还有什么意见和建议？" } },
    input.actor,
  );
  await publishSurvey(db, { surveyId, now: new Date(opensAt.getTime() - DAY) }, input.actor);
  const rng = generator(20210501);
  const online: SurveyAnswers[] = [];
  for (let i = 0; i < 9; i++)
    online.push({
      [know]: rng.pick([
        ["well", 3],
        ["heard", 5],
        ["no", 2],
      ]),
      [dogScale]: rng.pick([
        [3, 3],
        [4, 4],
        [5, 2],
      ]),
      [issues]: rng.next() < 0.5 ? ["staff", "rules"] : ["publicity"],
      ...(i % 3 === 0 ? { [other]: otherTexts[i % otherTexts.length]! } : {}),
    });
  for (const [i, answers] of online.entries())
    await submitResponse(db, {
      surveyId,
      key: `demo-post-online-${i}`,
      answers,
      userId: null,
      now: new Date(opensAt.getTime() + (i + 1) * 26 * 3_600_000),
    });
  if (!input.coordinator) return;
  for (let i = 0; i < 3; i++) {
    const at = new Date(opensAt.getTime() + (i + 2) * DAY);
    await recordPaperResponse(
      db,
      {
        surveyId,
        key: `demo-post-paper-${i}`,
        answers: {
          [know]: i === 0 ? "heard" : "no",
          [dogScale]: 3 + (i % 2),
          [issues]: ["funds", "publicity"],
          ...(i === 1 ? { [other]: "农村散养户对法律规定了解不多，建议多到村里宣传。" } : {}),
        },
        provenance: "联系点走访养殖户时现场填写",
        receivedOn: at.toISOString().slice(0, 10),
        respondentType: "individual",
        now: at,
      },
      { ...input.coordinator, ip: null },
    );
  }
}
