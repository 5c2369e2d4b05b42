/**
 * The Nantong demo: the city's standing committee (a 设区的市, which makes local regulations),
 * its district and county congresses, and twelve grassroots legislative contact points.
 * Names follow the way Nantong names its points; addresses are plausible, not real offices.
 */
export const city = {
  slug: "nantong",
  name: "南通市人民代表大会常务委员会",
  kind: "city" as const,
};

/** The demo's bill: the 动物防疫法 revision, seeded with its readings and opinions. */
export const demoBillTitle = "中华人民共和国动物防疫法（修订草案）";

export const localCongresses = [
  {
    slug: "nantong-chongchuan",
    name: "崇川区人民代表大会常务委员会",
    kind: "district" as const,
    district: "崇川区",
  },
  {
    slug: "nantong-tongzhou",
    name: "通州区人民代表大会常务委员会",
    kind: "district" as const,
    district: "通州区",
  },
  {
    slug: "nantong-haimen",
    name: "海门区人民代表大会常务委员会",
    kind: "district" as const,
    district: "海门区",
  },
  {
    slug: "nantong-qidong",
    name: "启东市人民代表大会常务委员会",
    kind: "county" as const,
    district: "启东市",
  },
  {
    slug: "nantong-rugao",
    name: "如皋市人民代表大会常务委员会",
    kind: "county" as const,
    district: "如皋市",
  },
  {
    slug: "nantong-rudong",
    name: "如东县人民代表大会常务委员会",
    kind: "county" as const,
    district: "如东县",
  },
];

export const contactPoints = [
  {
    host: "nantong-chongchuan",
    name: "崇川区和平桥街道基层立法联系点",
    address: "南通市崇川区和平桥街道青年中路 88 号",
    phone: "0513-85120001",
  },
  {
    host: "nantong-chongchuan",
    name: "崇川区观音山街道基层立法联系点",
    address: "南通市崇川区观音山街道新胜路 16 号",
    phone: "0513-85120002",
  },
  {
    host: "nantong-chongchuan",
    name: "崇川区狼山镇街道基层立法联系点",
    address: "南通市崇川区狼山镇街道园林路 9 号",
    phone: "0513-85120003",
  },
  {
    host: "nantong-tongzhou",
    name: "通州区金沙街道基层立法联系点",
    address: "南通市通州区金沙街道建设路 120 号",
    phone: "0513-86110004",
  },
  {
    host: "nantong-tongzhou",
    name: "通州区石港镇基层立法联系点",
    address: "南通市通州区石港镇人民路 21 号",
    phone: "0513-86110005",
  },
  {
    host: "nantong-haimen",
    name: "海门区三厂街道基层立法联系点",
    address: "南通市海门区三厂街道大生路 55 号",
    phone: "0513-82230006",
  },
  {
    host: "nantong-haimen",
    name: "海门区常乐镇基层立法联系点",
    address: "南通市海门区常乐镇张謇路 3 号",
    phone: "0513-82230007",
  },
  {
    host: "nantong-qidong",
    name: "启东市汇龙镇基层立法联系点",
    address: "启东市汇龙镇人民中路 600 号",
    phone: "0513-83310008",
  },
  {
    host: "nantong-qidong",
    name: "启东市吕四港镇基层立法联系点",
    address: "启东市吕四港镇渔港路 12 号",
    phone: "0513-83310009",
  },
  {
    host: "nantong-rugao",
    name: "如皋市如城街道基层立法联系点",
    address: "如皋市如城街道海阳路 201 号",
    phone: "0513-87510010",
  },
  {
    host: "nantong-rugao",
    name: "如皋市长江镇基层立法联系点",
    address: "如皋市长江镇港城路 8 号",
    phone: "0513-87510011",
  },
  {
    host: "nantong-rudong",
    name: "如东县掘港街道基层立法联系点",
    address: "如东县掘港街道青园路 35 号",
    phone: "0513-84520012",
  },
];

/** One demo account per role; the passwords are printed on start and listed in the README. */
export const demoAccounts = [
  {
    role: "admin" as const,
    email: "admin@demo.kaimen.cn",
    password: "kaimen-admin-2026",
    displayName: "系统管理员",
  },
  {
    role: "drafter" as const,
    email: "drafter@demo.kaimen.cn",
    password: "kaimen-drafter-2026",
    displayName: "法工委 王起草",
  },
  {
    role: "moderator" as const,
    email: "moderator@demo.kaimen.cn",
    password: "kaimen-moderator-2026",
    displayName: "审核员 李审",
  },
  {
    role: "coordinator" as const,
    email: "coordinator@demo.kaimen.cn",
    password: "kaimen-coordinator-2026",
    displayName: "联络员 陈和平",
  },
  {
    role: "citizen" as const,
    email: "citizen@demo.kaimen.cn",
    password: "kaimen-citizen-2026",
    displayName: "张市民",
  },
  // The demo bills' team (issue 15): users of the city's legislature without the drafter role,
  // who work on the bills' dispositions only: the 审核人 signs off and publishes, the 承办人
  // drafts what is assigned to them.
  {
    role: "citizen" as const,
    billRole: "reviewer" as const,
    email: "reviewer@demo.kaimen.cn",
    password: "kaimen-reviewer-2026",
    displayName: "法工委 赵审核",
  },
  {
    role: "citizen" as const,
    billRole: "handler" as const,
    email: "handler@demo.kaimen.cn",
    password: "kaimen-handler-2026",
    displayName: "法工委 钱承办",
  },
];
