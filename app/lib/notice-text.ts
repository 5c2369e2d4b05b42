import { translator } from "../i18n/index.ts";
import { dispositionCodes, proposalDecisions } from "../../db/codes.ts";

const KINDS = [
  "opinion_disposed",
  "handling_published",
  "point_handling_published",
  "point_dispositions_published",
  "point_opinion_disposed",
  "consultation_closed",
  "plan_published",
  "outcome_contact",
  "hearing_selected",
  "hearing_reserve",
  "hearing_not_selected",
] as const;
type NoticeKind = (typeof KINDS)[number];

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
  const code = dispositionCodes.find((c) => c === data.code);
  if (code) params.disposition = t(`disposition.${code}`);
  const decision = proposalDecisions.find((c) => c === data.decision);
  if (decision) params.decision = t(`proposal.decision.${decision}`);
  if (!params.target) params.target = t("mine.wholeDraft");
  const k: NoticeKind = KINDS.find((known) => known === kind) ?? "opinion_disposed";
  return {
    title: t(`handling.notice.${k}.title`, params),
    body: t(`handling.notice.${k}.body`, params),
  };
}
