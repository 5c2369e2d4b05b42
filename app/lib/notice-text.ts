import { translator, type MessageKey } from "../i18n/index.ts";

const KINDS = ["opinion_disposed", "handling_published", "point_handling_published"];

/** The text of a notification in a language (the page and the e-mail say the same). */
export function noticeText(
  locale: "zh-CN" | "en",
  kind: string,
  data: Record<string, unknown>,
): { title: string; body: string } {
  const t = translator(locale);
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data))
    if (typeof v === "string" || typeof v === "number") params[k] = v;
  if (typeof data.code === "string")
    params.disposition = t(`disposition.${data.code}` as MessageKey);
  if (!params.target) params.target = t("mine.wholeDraft");
  const k = KINDS.includes(kind) ? kind : "opinion_disposed";
  return {
    title: t(`handling.notice.${k}.title` as MessageKey, params),
    body: t(`handling.notice.${k}.body` as MessageKey, params),
  };
}
