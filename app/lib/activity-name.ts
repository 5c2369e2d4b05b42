import type { Translate } from "../i18n/index.ts";

// How an activity is named in lists, pickers and the printed page. A point often holds two
// 座谈会 on one day in one hall (a morning and an afternoon session); date, kind and place alone
// named both alike. The name now carries the start time and the title when there are; where two
// activities of a list still share date, kind and place, the list adds what tells them apart
// (the host, then the headcount, and as a last resort their order).

export interface NamedActivity {
  id: string;
  held_on: string;
  kind: string;
  place: string;
  start_time?: string | null;
  host?: string;
  title?: string;
  headcount?: number;
}

type DateFormat = (value: string) => string;

/** "2026年12月3日 14:30 座谈会 · 养犬管理专题" (time and title only when recorded). */
export function activityName(t: Translate, date: DateFormat, a: NamedActivity): string {
  const day = date(`${a.held_on}T12:00:00+08:00`);
  const time = a.start_time ? ` ${a.start_time}` : "";
  const title = a.title ? ` · ${a.title}` : "";
  return `${day}${time} ${t(`channel.${a.kind}` as Parameters<Translate>[0])}${title}`;
}

const sameDay = (a: NamedActivity, b: NamedActivity) =>
  a.held_on === b.held_on && a.kind === b.kind && a.place === b.place;

/**
 * For each activity of a list, the extra words that tell it from the others of the same date,
 * kind and place: none when it has no such twin; else its host, and where the host (and time
 * and title) do not differ either, its headcount and then its order among the twins ("第2场").
 */
export function distinguishingWords(
  t: Translate,
  activities: NamedActivity[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of activities) {
    const twins = activities.filter((b) => sameDay(a, b));
    if (twins.length < 2) {
      out.set(a.id, []);
      continue;
    }
    const words: string[] = [];
    if (a.host) words.push(t("cp.activity.hostShown", { host: a.host }));
    const look = (b: NamedActivity) => `${b.start_time ?? ""}|${b.title ?? ""}|${b.host ?? ""}`;
    const alike = twins.filter((b) => look(b) === look(a));
    if (alike.length > 1) {
      if (a.headcount !== undefined) words.push(t("cp.activity.people", { count: a.headcount }));
      const byCount = alike.filter((b) => b.headcount === a.headcount);
      if (byCount.length > 1) words.push(t("cp.activity.session", { n: byCount.indexOf(a) + 1 }));
    }
    out.set(a.id, words);
  }
  return out;
}
