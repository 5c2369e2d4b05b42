import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { splitSentences, type Sentence } from "../lib/sentences.ts";
import { useI18n } from "../lib/use-i18n.ts";

// Quoting a span of the article in an opinion. Two ways, both sent as form fields:
// - a sentence, picked from a list of radio buttons (`quote` = "start:end"): works with the
//   keyboard, a screen reader and without script;
// - any selection in a copy of the text (mouse, touch, or Shift with the arrow keys), once the
//   page's script runs (`quote` = "selection", with quoteStart, quoteEnd and quoteText).
//   The copy is not `readonly`: Chromium gives a read-only text area no caret, so the keyboard
//   could not select in it. Edits are refused instead (beforeinput, and React puts the value
//   back), and inputmode="none" keeps a phone's keyboard from opening.
// The server checks the quote against the provision's text either way.

const sentenceValue = (s: Sentence) => `${s.start}:${s.end}`;

/** Nothing to subscribe to: whether the page's script runs never changes once it does. */
const noChanges = () => () => {};

/** The optional quote of an opinion form, for the provision whose text is `text`. */
export function QuotePicker({ text, error }: { text: string; error?: string }) {
  const { t } = useI18n();
  const sentences = useMemo(() => splitSentences(text), [text]);
  // False on the server and while hydrating (the markup matches), true once the script runs.
  const scripted = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  const [choice, setChoice] = useState("");
  const [selection, setSelection] = useState<Sentence | null>(null);
  const source = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const area = source.current;
    if (!area) return;
    const refuse = (event: Event) => event.preventDefault();
    area.addEventListener("beforeinput", refuse);
    return () => area.removeEventListener("beforeinput", refuse);
  }, [scripted]);

  const readSelection = (area: HTMLTextAreaElement) => {
    const start = area.selectionStart;
    const end = area.selectionEnd;
    if (end <= start) return;
    setSelection({ text: area.value.slice(start, end), start, end });
    setChoice("selection");
  };
  const chosen =
    choice === "selection" ? selection : sentences.find((s) => sentenceValue(s) === choice);

  return (
    <details className="quote-picker" open={error ? true : undefined}>
      <summary>{t("participation.quote.legend")}</summary>
      <fieldset aria-describedby={error ? "quote-hint quote-error" : "quote-hint"}>
        <legend>{t("participation.quote.sentences")}</legend>
        <p className="hint" id="quote-hint">
          {t(scripted ? "participation.quote.hint" : "participation.quote.hintSentences")}
        </p>
        <div className="quote-options">
          <label className="quote-option">
            <input
              type="radio"
              name="quote"
              value=""
              checked={choice === ""}
              onChange={() => setChoice("")}
            />
            <span>{t("participation.quote.none")}</span>
          </label>
          {sentences.map((s) => (
            <label className="quote-option" key={sentenceValue(s)}>
              <input
                type="radio"
                name="quote"
                value={sentenceValue(s)}
                checked={choice === sentenceValue(s)}
                onChange={() => setChoice(sentenceValue(s))}
              />
              <span>{s.text}</span>
            </label>
          ))}
          {selection ? (
            <label className="quote-option">
              <input
                type="radio"
                name="quote"
                value="selection"
                checked={choice === "selection"}
                onChange={() => setChoice("selection")}
              />
              <span>{t("participation.quote.selection", { text: selection.text })}</span>
            </label>
          ) : null}
        </div>
      </fieldset>
      {scripted ? (
        <div className="field">
          <label htmlFor="quote-source">{t("participation.quote.selectLabel")}</label>
          <textarea
            id="quote-source"
            ref={source}
            className="quote-source"
            inputMode="none"
            aria-readonly="true"
            spellCheck={false}
            value={text}
            onChange={() => undefined}
            rows={Math.min(8, Math.max(3, Math.ceil(text.length / 18)))}
            aria-describedby="quote-source-hint"
            onSelect={(e) => readSelection(e.currentTarget)}
            onKeyUp={(e) => readSelection(e.currentTarget)}
            onMouseUp={(e) => readSelection(e.currentTarget)}
          />
          <p className="hint" id="quote-source-hint">
            {t("participation.quote.selectHint")}
          </p>
        </div>
      ) : null}
      <p className="quote-chosen" role="status">
        {chosen ? t("participation.quote.chosen", { text: chosen.text }) : ""}
      </p>
      {choice === "selection" && selection ? (
        <>
          <input type="hidden" name="quoteStart" value={selection.start} />
          <input type="hidden" name="quoteEnd" value={selection.end} />
          <input type="hidden" name="quoteText" value={selection.text} />
        </>
      ) : null}
      {error ? (
        <p className="field-error" id="quote-error">
          {error}
        </p>
      ) : null}
    </details>
  );
}
