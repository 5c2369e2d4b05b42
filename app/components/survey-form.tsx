import { useRef, useState, useSyncExternalStore } from "react";
import type { SurveyQuestionView } from "../../db/queries/surveys.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";

// The questions of a survey as form fields, shared by the public answer page and the
// coordinator's paper entry. Without JavaScript every question is shown, a conditional one
// saying when it applies (the server drops the answers of questions that did not apply); with
// JavaScript a conditional question appears only once its condition is met, and a hidden one is
// disabled so its inputs are not sent.

const noChanges = () => () => {};

/** When a conditional question applies, in words: 第 N 题选择"甲"或"乙"时回答. */
function conditionText(
  q: SurveyQuestionView,
  questions: SurveyQuestionView[],
  t: ReturnType<typeof useI18n>["t"],
): string | null {
  if (!q.showIf) return null;
  const at = questions.findIndex((x) => x.id === q.showIf!.questionId);
  const source = questions[at];
  if (!source) return null;
  const labels = source.options
    .filter((o) => q.showIf!.optionIds.includes(o.id))
    .map((o) => `“${o.label}”`);
  return t("surveys.answer.condition", {
    number: at + 1,
    options: labels.join(t("surveys.answer.or")),
  });
}

/** Which questions are shown, given the options chosen so far (in question order). */
export function visibleQuestions(
  questions: SurveyQuestionView[],
  chosen: Record<string, string[]>,
): Set<string> {
  const shown = new Set<string>();
  for (const q of questions) {
    if (q.showIf) {
      const picked = chosen[q.showIf.questionId] ?? [];
      if (!shown.has(q.showIf.questionId) || !picked.some((id) => q.showIf!.optionIds.includes(id)))
        continue;
    }
    shown.add(q.id);
  }
  return shown;
}

export function SurveyQuestionFields({
  questions,
  values,
  errors,
  enforceRequired = true,
}: {
  questions: SurveyQuestionView[];
  /** What was sent before (after a refusal), by question id. */
  values: Record<string, string[]>;
  /** Per-field refusals, keyed q-<id>. */
  errors: Partial<Record<string, MessageKey>>;
  /** Paper entry marks required questions but accepts them blank. */
  enforceRequired?: boolean;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  // False on the server and while hydrating (the markup matches), true once the script runs.
  const hydrated = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  const [chosen, setChosen] = useState<Record<string, string[]>>(values);
  const read = () => {
    const root = box.current;
    if (!root) return;
    const next: Record<string, string[]> = {};
    for (const q of questions) {
      if (q.kind !== "single" && q.kind !== "multiple") continue;
      next[q.id] = [
        ...root.querySelectorAll<HTMLInputElement>(`input[name="q-${q.id}"]:checked`),
      ].map((input) => input.value);
    }
    setChosen(next);
  };
  const shown = hydrated ? visibleQuestions(questions, chosen) : null;
  return (
    <div ref={box} onChange={read} className="survey-questions">
      {questions.map((q, i) => {
        const name = `q-${q.id}`;
        const error = errors[name];
        const hidden = shown !== null && !shown.has(q.id);
        const condition = conditionText(q, questions, t);
        const given = values[q.id] ?? [];
        const describedBy =
          [q.help ? `${name}-help` : null, error ? `${name}-error` : null]
            .filter(Boolean)
            .join(" ") || undefined;
        return (
          <fieldset
            key={q.id}
            className={`survey-question${q.provision ? " article-question" : ""}`}
            hidden={hidden}
            disabled={hidden}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
          >
            <legend>
              <span className="survey-number">{i + 1}.</span> {q.prompt}
              {q.required ? (
                <span className="survey-required">
                  {" "}
                  {enforceRequired
                    ? t("surveys.answer.required")
                    : t("surveys.paper.requiredOnline")}
                </span>
              ) : null}
            </legend>
            {q.provision ? (
              <figure className="survey-provision">
                <figcaption>
                  {t("surveys.answer.provision", { label: q.provision.label })}
                </figcaption>
                <blockquote>{q.provision.text}</blockquote>
              </figure>
            ) : null}
            <div className="survey-answer">
              {condition ? <p className="muted survey-condition">{condition}</p> : null}
              {q.help ? (
                <p className="hint" id={`${name}-help`}>
                  {q.help}
                </p>
              ) : null}
              {q.kind === "single" || q.kind === "multiple" ? (
                <ul className="survey-options">
                  {q.options.map((o) => (
                    <li key={o.id}>
                      <label>
                        <input
                          type={q.kind === "single" ? "radio" : "checkbox"}
                          name={name}
                          value={o.id}
                          defaultChecked={given.includes(o.id)}
                        />{" "}
                        {o.label}
                      </label>
                    </li>
                  ))}
                </ul>
              ) : q.kind === "scale" ? (
                <div className="survey-scale">
                  {q.scaleMinLabel ? <span className="muted">{q.scaleMinLabel}</span> : null}
                  <span className="survey-scale-points">
                    {Array.from(
                      { length: (q.scaleMax ?? 0) - (q.scaleMin ?? 0) + 1 },
                      (_, k) => (q.scaleMin ?? 0) + k,
                    ).map((n) => (
                      <label key={n}>
                        <input
                          type="radio"
                          name={name}
                          value={String(n)}
                          defaultChecked={given.includes(String(n))}
                        />
                        <span>{n}</span>
                      </label>
                    ))}
                  </span>
                  {q.scaleMaxLabel ? <span className="muted">{q.scaleMaxLabel}</span> : null}
                </div>
              ) : (
                <textarea
                  name={name}
                  rows={4}
                  maxLength={5000}
                  aria-label={q.prompt}
                  defaultValue={given.join("\n")}
                />
              )}
              {error ? (
                <p className="field-error" id={`${name}-error`}>
                  {t(error)}
                </p>
              ) : null}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
