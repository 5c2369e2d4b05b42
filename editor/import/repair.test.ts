// Excerpts copied verbatim from the 2020 first- and second-reading drafts of the 动物防疫法,
// whose text was taken from a PDF.

import { describe, expect, it } from "vitest";
import {
  looksHardWrapped,
  repairLines,
  repairPdfText,
  splitLines,
  tidySpaces,
  widenPunctuation,
} from "./repair.ts";

// 二审稿 lines 19–29: a page break (blank line) inside item (一).
const pageBreakInSentence = `第四条 根据动物疫病对养殖业生产和人体健康的危害程
度,本法规定的动物疫病分为下列三类:
(一)一类疫病,是指口蹄疫、非洲猪瘟、高致病性禽流感
等对人与动物危害严重,需要采取紧急、严厉的强制预防、控制

等措施的;
(二)二类疫病,是指狂犬病、布鲁氏菌病、草鱼出血病等
可能造成重大经济损失,需要采取严格控制等措施,防止扩散
的;
(三)三类疫病,是指大肠杆菌病、禽结核病、鳖腮腺炎病
等常见多发、可能造成重大经济损失,需要及时控制的。`;

// 二审稿 lines 471–480: the page number "— 22 —" between two items.
const pageNumber = `(一)对动物、动物产品按照规定采样、留验、抽检;
(二)对染疫或者疑似染疫的动物、动物产品及相关物品进
行隔离、查封、扣押和处理;
(三)对依法应当检疫而未经检疫的动物实施补检;
— 22 —
(四)对依法应当检疫而未经检疫的动物产品,具备补检条
件的实施补检,不具备补检条件的予以没收销毁;
(五)查验检疫证明、检疫标志和畜禽标识;
(六)进入有关场所调查取证,查阅、复制与动物防疫有关
的资料。`;

// 一审稿 lines 494–497 and 8–9: a space before a bracket and before 《.
const paddedBrackets = `第七十三条 县级以上地方人民政府农业农村 (畜牧兽医)
主管部门依照本法规定,对动物饲养、屠宰、经营、隔离、运输
以及动物产品生产、经营、加工、贮藏、运输等活动中的动物防
疫实施监督管理。
进出境动物、动物产品的检疫,适用 《中华人民共和国进出
境动植物检疫法》。
第一百一十三条 本法自 年 月 日起施行。`;

describe("repairPdfText on the drafts", () => {
  it("joins hard line breaks and a page break inside a sentence, and widens punctuation", () => {
    expect(repairPdfText(pageBreakInSentence).split("\n")).toEqual([
      "第四条 根据动物疫病对养殖业生产和人体健康的危害程度，本法规定的动物疫病分为下列三类：",
      "（一）一类疫病，是指口蹄疫、非洲猪瘟、高致病性禽流感等对人与动物危害严重，需要采取紧急、严厉的强制预防、控制等措施的；",
      "（二）二类疫病，是指狂犬病、布鲁氏菌病、草鱼出血病等可能造成重大经济损失，需要采取严格控制等措施，防止扩散的；",
      "（三）三类疫病，是指大肠杆菌病、禽结核病、鳖腮腺炎病等常见多发、可能造成重大经济损失，需要及时控制的。",
    ]);
  });

  it("drops the page number between two items", () => {
    const lines = repairPdfText(pageNumber).split("\n");
    expect(lines).toHaveLength(6);
    expect(lines.some((line) => line.includes("22"))).toBe(false);
    expect(lines[3]).toBe(
      "（四）对依法应当检疫而未经检疫的动物产品，具备补检条件的实施补检，不具备补检条件的予以没收销毁；",
    );
  });

  it("removes padding before brackets but keeps the blank date", () => {
    expect(repairPdfText(paddedBrackets).split("\n")).toEqual([
      "第七十三条 县级以上地方人民政府农业农村（畜牧兽医）主管部门依照本法规定，对动物饲养、屠宰、经营、隔离、运输以及动物产品生产、经营、加工、贮藏、运输等活动中的动物防疫实施监督管理。",
      "进出境动物、动物产品的检疫，适用《中华人民共和国进出境动植物检疫法》。",
      "第一百一十三条 本法自 年 月 日起施行。",
    ]);
  });

  it("keeps each joined line's first source line number", () => {
    const repaired = repairLines(splitLines(pageBreakInSentence), { join: true });
    expect(repaired.filter((line) => line.text !== "").map((line) => line.line)).toEqual([
      1, 3, 7, 10,
    ]);
  });
});

describe("looksHardWrapped", () => {
  it("tells a PDF excerpt from clean text", () => {
    expect(looksHardWrapped(splitLines(pageBreakInSentence))).toBe(true);
    const clean =
      "第一条 为了加强生猪屠宰管理，制定本条例。\n第二条 国家实行生猪定点屠宰、集中检疫制度。\n未经定点，任何单位和个人不得从事生猪屠宰活动。\n第三条 本条例自公布之日起施行。";
    expect(looksHardWrapped(splitLines(clean))).toBe(false);
    // Clean text is never joined under "auto".
    expect(repairLines(splitLines(clean)).map((line) => line.text)).toEqual(clean.split("\n"));
  });
});

describe("widenPunctuation and tidySpaces", () => {
  it("widens punctuation beside Chinese only", () => {
    expect(widenPunctuation("职责:")).toBe("职责：");
    expect(widenPunctuation("(1997年7月3日通过)")).toBe("（1997年7月3日通过）");
    expect(widenPunctuation("世界贸易组织(WTO)规则")).toBe("世界贸易组织（WTO）规则");
    expect(widenPunctuation("see (a), 10:30 and x!")).toBe("see (a), 10:30 and x!");
  });

  it("collapses padding but not single spaces between words", () => {
    expect(tidySpaces("第一章　总　　则")).toBe("第一章 总 则");
    expect(tidySpaces("适用 《检疫法》 的规定 ， 以及")).toBe("适用《检疫法》的规定，以及");
    expect(tidySpaces("本法自 年 月 日起施行。")).toBe("本法自 年 月 日起施行。");
  });
});
