import { describe, expect, it } from "vitest";
import { activityName, distinguishingWords } from "../../app/lib/activity-name.ts";
import { translator } from "../../app/i18n/index.ts";

// Issue 18 item 6: two 座谈会 on one day in one hall were named alike everywhere.

const t = translator("zh-CN");
const date = (iso: string) => iso.slice(0, 10);
const base = { held_on: "2026-11-20", kind: "symposium", place: "文化站", host: "", title: "" };

describe("activities told apart", () => {
  it("names an activity by its date, time, kind and title", () => {
    expect(activityName(t, date, { id: "a", ...base, start_time: "09:30", title: "养犬" })).toBe(
      "2026-11-20 09:30 座谈会 · 养犬",
    );
    expect(activityName(t, date, { id: "a", ...base })).toBe("2026-11-20 座谈会");
  });

  it("adds what tells twins apart, and nothing to an activity without one", () => {
    const words = distinguishingWords(t, [
      { id: "am", ...base, host: "王主任", headcount: 10 },
      { id: "pm", ...base, host: "李科长", headcount: 10 },
      { id: "other", ...base, place: "会议室", headcount: 10 },
    ]);
    expect(words.get("am")).toEqual(["主持：王主任"]);
    expect(words.get("pm")).toEqual(["主持：李科长"]);
    expect(words.get("other")).toEqual([]);
    const alike = distinguishingWords(t, [
      { id: "1", ...base, headcount: 10 },
      { id: "2", ...base, headcount: 10 },
      { id: "3", ...base, headcount: 25 },
    ]);
    expect(alike.get("1")).toEqual(["10 人参加", "第 1 场"]);
    expect(alike.get("2")).toEqual(["10 人参加", "第 2 场"]);
    expect(alike.get("3")).toEqual(["25 人参加"]);
  });
});
