import { Form, Link, useNavigation } from "react-router";
import type { OpinionStatus } from "../../db/codes.ts";
import type { ModerationActionData } from "../lib/moderation.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import { CsrfInput } from "./csrf-input.tsx";

/** The moderators' sub-navigation: the queue and the sensitive-word list. */
export function ModerationNav({ current }: { current: "queue" | "words" | "proposals" }) {
  const { t } = useI18n();
  return (
    <nav className="moderation-nav" aria-label={t("moderation.nav.label")}>
      <Link to="/moderation" aria-current={current === "queue" ? "page" : undefined}>
        {t("moderation.nav.queue")}
      </Link>
      <Link to="/moderation/words" aria-current={current === "words" ? "page" : undefined}>
        {t("moderation.nav.words")}
      </Link>
      <Link to="/moderation/proposals" aria-current={current === "proposals" ? "page" : undefined}>
        {t("proposalMod.link")}
      </Link>
    </nav>
  );
}

/** The decisions a moderator can take on one opinion, as small forms (keyboard: Tab, Enter). */
export function ModerationActions({
  opinion,
  result,
  describedBy,
}: {
  opinion: { id: string; status: OpinionStatus; reportCount: number };
  result?: ModerationActionData;
  /** The id of the opinion's text, so each button says which opinion it acts on. */
  describedBy?: string;
}) {
  const { t } = useI18n();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const error = result && !result.ok && result.opinionId === opinion.id ? result.message : null;
  const one = (intent: "approve" | "restore" | "dismiss", primary = false) => (
    <Form method="post" className="moderation-button-form">
      <CsrfInput />
      <input type="hidden" name="opinionId" value={opinion.id} />
      <button
        type="submit"
        name="intent"
        value={intent}
        className={`button small${primary ? " primary" : ""}`}
        disabled={busy}
        aria-describedby={describedBy}
      >
        {t(`moderation.action.${intent}`)}
      </button>
    </Form>
  );
  const reasonId = `hide-reason-${opinion.id}`;
  return (
    <div className="moderation-actions">
      {error ? (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      <div className="moderation-buttons">
        {opinion.status === "pending" ? one("approve", true) : null}
        {opinion.status === "hidden" ? one("restore", true) : null}
        {opinion.reportCount > 0 && opinion.status !== "hidden" ? one("dismiss") : null}
      </div>
      {opinion.status !== "hidden" ? (
        <Form method="post" className="moderation-hide">
          <CsrfInput />
          <input type="hidden" name="opinionId" value={opinion.id} />
          <div className="grant-field grow">
            <label htmlFor={reasonId}>{t("moderation.hideReason")}</label>
            <input
              id={reasonId}
              name="reason"
              maxLength={500}
              required
              aria-describedby={`${reasonId}-hint`}
            />
            <p className="hint" id={`${reasonId}-hint`}>
              {t("moderation.hideReasonHint")}
            </p>
          </div>
          <button
            type="submit"
            name="intent"
            value="hide"
            className="button small danger"
            disabled={busy}
            aria-describedby={describedBy}
          >
            {t("moderation.action.hide")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
