import { describe, expect, it } from "vitest";
import {
  findSensitiveWords,
  normalizeForMatch,
  parseWordList,
  WORD_LIMITS,
} from "../../services/moderation.ts";

describe("sensitive-word matching", () => {
  it("folds full-width forms, case and invisible characters", () => {
    expect(normalizeForMatch("ＡＢＣ　１２３！\u200b Casino")).toBe("abc 123! casino");
  });

  it("matches Chinese as a substring, also with spaces or zero-width characters inside", () => {
    const words = ["代开发票", "刷单返利"];
    expect(findSensitiveWords(words, "专业代开发票")).toEqual(["代开发票"]);
    expect(findSensitiveWords(words, "代 开\u200b发　票")).toEqual(["代开发票"]);
    expect(findSensitiveWords(words, "建议", "刷单返利，代开发票")).toEqual([
      "代开发票",
      "刷单返利",
    ]);
    expect(findSensitiveWords(words, "开具发票应当合法")).toEqual([]);
  });

  it("matches Latin words case-insensitively as whole words", () => {
    expect(findSensitiveWords(["casino"], "Visit CASINO now")).toEqual(["casino"]);
    expect(findSensitiveWords(["casino"], "ＣＡＳＩＮＯ")).toEqual(["casino"]);
    expect(findSensitiveWords(["casino"], "网上casino平台")).toEqual(["casino"]);
    expect(findSensitiveWords(["casino"], "occasional casinos")).toEqual([]);
    expect(findSensitiveWords(["fake news"], "this is FAKE  NEWS.")).toEqual(["fake news"]);
  });

  it("reads the settings text: one word a line, blanks and repeats dropped, limits enforced", () => {
    expect(parseWordList("代开发票\n\n ＶＩＡＧＲＡ \r\nviagra\n代开发票")).toEqual({
      ok: true,
      words: ["代开发票", "VIAGRA"],
    });
    expect(parseWordList("")).toEqual({ ok: true, words: [] });
    expect(parseWordList("好\n")).toMatchObject({
      ok: false,
      error: "moderation.words.tooShort",
      line: 1,
    });
    expect(parseWordList(`a1\n${"x".repeat(WORD_LIMITS.length + 1)}`)).toMatchObject({
      ok: false,
      error: "moderation.words.tooLong",
      line: 2,
    });
    const many = Array.from({ length: WORD_LIMITS.entries + 1 }, (_, i) => `词${i}`).join("\n");
    expect(parseWordList(many)).toMatchObject({ ok: false, error: "moderation.words.tooMany" });
  });
});
