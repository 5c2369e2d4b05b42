import { Link } from "react-router";
import type { DispositionCode, WorkState as StoredState } from "../../db/codes.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";

// The pieces of the disposition workflow (issue 15) the handling view, the queue and the
// preview share: a work state's badge and the picker of reason templates (常用答复).

/** Where a disposition is in its workflow; "none": nobody has drafted one yet. */
export type WorkState = "none" | StoredState;

/** A work state as a coloured badge: 未处理, 草拟, 待审核, 退回, 已通过, 已公开. */
export function StateBadge({ state }: { state: WorkState }) {
  const { t } = useI18n();
  return <span className={`state-badge state-${state}`}>{t(`work.state.${state}`)}</span>;
}

export interface ReasonTemplateChoice {
  id: string;
  title: string;
  body: string;
  code: DispositionCode | null;
}

/**
 * 常用答复: choosing one fills the form's reason (and its disposition, when the template names
 * one), which the handler then adapts. The choice is also sent as `template`, so a form sent
 * before scripts run still gets the template's text when the reason was left blank.
 */
export function TemplatePicker({
  id,
  templates,
  reasonId,
  codeId,
  manageHref,
}: {
  id: string;
  templates: ReasonTemplateChoice[];
  reasonId: string;
  codeId: string;
  manageHref: string | null;
}) {
  const { t } = useI18n();
  if (templates.length === 0 && !manageHref) return null;
  const apply = (templateId: string) => {
    const chosen = templates.find((tpl) => tpl.id === templateId);
    if (!chosen) return;
    const reason = document.getElementById(reasonId);
    if (reason instanceof HTMLTextAreaElement || reason instanceof HTMLInputElement)
      reason.value = chosen.body;
    const code = document.getElementById(codeId);
    if (chosen.code && code instanceof HTMLSelectElement) code.value = chosen.code;
  };
  const manage = manageHref ? (
    <Link to={manageHref} className="hint">
      {t("work.template.manage")}
    </Link>
  ) : null;
  if (templates.length === 0) return <p className="template-picker">{manage}</p>;
  return (
    <div className="grant-field template-picker">
      <label htmlFor={id}>{t("work.template.label")}</label>
      <select id={id} name="template" defaultValue="" onChange={(e) => apply(e.target.value)}>
        <option value="">{t("work.template.none")}</option>
        {templates.map((tpl) => (
          <option key={tpl.id} value={tpl.id}>
            {tpl.code ? `${tpl.title}（${t(`disposition.${tpl.code}`)}）` : tpl.title}
          </option>
        ))}
      </select>
      {manage}
    </div>
  );
}

/** What a save of dispositions answered: how many were saved, or why it was refused. */
export type SaveOutcome =
  { ok: true; count: number; message: MessageKey } | { ok: false; message: MessageKey };

/** A save's answer beside the button that sent it: a status, or an alert when refused. */
export function SaveOutcomeText({ result }: { result: SaveOutcome }) {
  const { t } = useI18n();
  return (
    <span role={result.ok ? "status" : "alert"} className={result.ok ? "saved" : "field-error"}>
      {result.ok ? t(result.message, { count: result.count }) : t(result.message)}
    </span>
  );
}
