import { data, Form, useNavigation } from "react-router";
import {
  getSensitiveWords,
  parseWordList,
  saveSensitiveWords,
  sensitiveWordsSaved,
  WORD_LIMITS,
  wordListHistory,
} from "../../services/moderation.ts";
import { requireCsrf } from "../auth/csrf.server.ts";
import { CsrfInput } from "../components/csrf-input.tsx";
import { ModerationNav } from "../components/moderation-actions.tsx";
import { messageKey, type MessageKey, requestTranslator } from "../i18n/index.ts";
import { requireModerator } from "../lib/moderation.server.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/moderation.css";
import type { Route } from "./+types/moderation-words";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireModerator(request, context);
  return {
    title: requestTranslator(request)("moderation.words.title"),
    words: await getSensitiveWords(context.db),
    saved: await sensitiveWordsSaved(context.db),
    history: await wordListHistory(context.db),
  };
}

type ActionData =
  { ok: true; count: number } | { ok: false; message: MessageKey; line: number; text: string };

/** Saves the list (one word per line), validated and audited. */
export async function action({ request, context }: Route.ActionArgs) {
  const { user } = await requireModerator(request, context);
  const form = await requireCsrf(request, context);
  const text = String(form.get("words") ?? "").slice(0, 100_000);
  const parsed = parseWordList(text);
  if (!parsed.ok)
    return data<ActionData>(
      { ok: false, message: messageKey(parsed.error), line: parsed.line ?? 0, text },
      { status: 400 },
    );
  await saveSensitiveWords(context.db, {
    words: parsed.words,
    actorUserId: user.id,
    ip: context.clientIp,
  });
  return { ok: true, count: parsed.words.length } satisfies ActionData;
}

export default function ModerationWords({ loaderData, actionData }: Route.ComponentProps) {
  const { t, dateTime } = useI18n();
  const navigation = useNavigation();
  const { words, saved, history } = loaderData;
  const list = (items: string[]) => items.join(t("moderation.listSeparator"));
  const result = actionData as ActionData | undefined;
  const error = result && !result.ok ? result : null;
  return (
    <div className="page narrow-wide moderation-page">
      <ModerationNav current="words" />
      <h1>{t("moderation.words.title")}</h1>
      <p className="lead">{t("moderation.words.intro")}</p>
      {!saved ? <p className="muted">{t("moderation.words.defaults")}</p> : null}
      <div role="status">
        {result?.ok ? (
          <p className="notice">{t("moderation.words.saved", { count: result.count })}</p>
        ) : null}
      </div>
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <div className="field">
          <label htmlFor="m-words">{t("moderation.words.label")}</label>
          <textarea
            key={error ? "error" : words.join("\n")}
            id="m-words"
            name="words"
            rows={14}
            defaultValue={error ? error.text : words.join("\n")}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "m-words-error m-words-hint" : "m-words-hint"}
            spellCheck={false}
          />
          <p className="hint" id="m-words-hint">
            {t("moderation.words.hint", {
              max: WORD_LIMITS.entries,
              length: WORD_LIMITS.length,
            })}{" "}
            {t("moderation.words.count", { count: words.length })}
          </p>
          {error ? (
            <p className="field-error" id="m-words-error" role="alert">
              {t(error.message, {
                line: error.line,
                length: WORD_LIMITS.length,
                max: WORD_LIMITS.entries,
              })}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button primary" disabled={navigation.state !== "idle"}>
          {t("moderation.words.save")}
        </button>
      </Form>
      {history.length ? (
        <section aria-labelledby="m-history" className="moderation-history">
          <h2 id="m-history">{t("moderation.words.history")}</h2>
          <ul className="plain-list">
            {history.map((h) => (
              <li key={h.id}>
                <span className="muted">
                  {dateTime(h.when)} · {h.who ?? t("moderation.record.anonymous")}
                </span>{" "}
                {h.added.length ? t("moderation.words.added", { words: list(h.added) }) : null}
                {h.added.length && h.removed.length ? t("moderation.clauseSeparator") : null}
                {h.removed.length
                  ? t("moderation.words.removed", { words: list(h.removed) })
                  : null}
                {!h.added.length && !h.removed.length ? t("moderation.words.unchanged") : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: Route.MetaFunction = ({ data }) => [
  { title: data ? `${data.title} · 开门立法` : "开门立法" },
];
