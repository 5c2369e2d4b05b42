import { Link } from "react-router";
import type { OpinionChange } from "../../services/opinion-changes.ts";
import { provisionAnchor } from "./legal-text.tsx";
import { DiffText } from "./text-diff.tsx";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/receipt.css";

/**
 * What an adopted opinion changed (issue 18, item 2): "您的意见使第五条作如下修改", the word diff
 * from the text the opinion was given on to the later reading's, and a link straight to that
 * article in the later reading. `yours` on the author's own pages (我的意见, the lookup page);
 * the public list says "这条意见".
 */
export function OpinionChangeView({ change, yours }: { change: OpinionChange; yours: boolean }) {
  const { t } = useI18n();
  const version = t(`version.${change.versionLabel}` as "version.first_reading");
  return (
    <section className="opinion-change">
      <p className="opinion-change-title">
        <strong>
          {t(yours ? "outcome.changed.yours" : "outcome.changed.public", { label: change.label })}
        </strong>
      </p>
      <DiffText ops={change.ops} className="row-text opinion-change-text" />
      <p className="hint">{t("outcome.changed.legend")}</p>
      <p>
        <Link
          to={`/bills/${change.billId}/versions/${change.versionId}#${provisionAnchor(change.pid)}`}
        >
          {t("outcome.changed.see", { version, label: change.label })}
        </Link>
      </p>
    </section>
  );
}
