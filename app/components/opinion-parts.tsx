import { useI18n } from "../lib/use-i18n.ts";

// The quoted span and the proposed wording of an opinion, as every page shows them.

/** The span of the provision an opinion quotes. */
export function OpinionQuote({ text }: { text: string | null }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <figure className="opinion-quote">
      <figcaption>{t("participation.quoted")}</figcaption>
      <blockquote>{text}</blockquote>
    </figure>
  );
}

/** The wording an opinion proposes (建议修改为). */
export function OpinionProposed({ text }: { text: string | null }) {
  const { t } = useI18n();
  if (!text) return null;
  return (
    <div className="opinion-proposed">
      <p className="opinion-label">{t("participation.proposed")}</p>
      <p>{text}</p>
    </div>
  );
}
