import { useId, useMemo, useState, useSyncExternalStore, type KeyboardEvent } from "react";
import {
  resolveProvision,
  suggestProvisions,
  type PickableProvision,
} from "../../editor/provision-query.ts";
import type { MessageKey } from "../i18n/index.ts";
import { useI18n } from "../lib/use-i18n.ts";
import "../styles/provision-picker.css";

// Picks a provision by typing its number ("25" → 第二十五条) instead of scrolling a drop-down of
// a hundred articles. It follows the ARIA 1.2 combobox pattern (an input with a listbox popup:
// arrow keys move, Enter chooses, Escape closes then clears) and announces the number of matches
// and the choice in a polite live region. Without JavaScript it is a text field: the server reads
// the typed number (app/lib/provision-pick.ts) and says plainly when no article has it. The
// combobox roles are set only once the script runs, so a reader without it meets a plain field.

export interface PickerTarget extends PickableProvision {
  text?: string;
}

const noChanges = () => () => {};

interface Option {
  pid: string;
  label: string;
  detail: string;
}

const excerpt = (text: string | undefined) =>
  !text ? "" : text.length > 28 ? `${text.slice(0, 28)}…` : text;

export function ProvisionPicker({
  id,
  name = "target",
  label,
  targets,
  defaultPid,
  typed,
  wholeDraft,
  error,
  required,
}: {
  id: string;
  /** The pid's field; the typed text goes as `<name>Text`. */
  name?: string;
  label: string;
  targets: PickerTarget[];
  defaultPid?: string;
  /** What was typed before a refused post (so a page without JavaScript keeps it). */
  typed?: string;
  /** The form's value for "the whole draft" ("draft", or ""), or null when it is no choice. */
  wholeDraft: string | null;
  error?: MessageKey;
  required?: boolean;
}) {
  const { t } = useI18n();
  const listId = useId();
  const wholeLabel = t("picker.wholeDraft");
  const labelOf = (pid: string | undefined) =>
    pid === undefined
      ? ""
      : pid === wholeDraft
        ? wholeLabel
        : (targets.find((p) => p.pid === pid)?.label ?? "");
  // False on the server and while hydrating (the markup matches), true once the script runs.
  const enhanced = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  const [text, setText] = useState(typed ?? labelOf(defaultPid));
  // A refused post's typed text keeps its chosen pid only while it still shows that choice.
  const [pid, setPid] = useState(
    typed === undefined || typed === labelOf(defaultPid) ? (defaultPid ?? "") : "",
  );
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [announcement, setAnnouncement] = useState("");

  const options: Option[] = useMemo(() => {
    const found = suggestProvisions(targets, text).map((p) => ({
      pid: p.pid,
      label: p.label,
      detail: p.kind === "article" ? excerpt(p.text) : (p.text ?? ""),
    }));
    const typedWhole = text.trim() !== "" && wholeLabel.includes(text.trim());
    const whole =
      wholeDraft !== null && (text.trim() === "" || typedWhole)
        ? [{ pid: wholeDraft, label: wholeLabel, detail: "" }]
        : [];
    return [...whole, ...found];
  }, [targets, text, wholeDraft, wholeLabel]);

  const chosen =
    pid === wholeDraft && pid !== null && text === wholeLabel
      ? { label: wholeLabel, text: "" }
      : targets.find((p) => p.pid === pid);

  const announce = (count: number) =>
    setAnnouncement(count === 0 ? t("picker.noResults") : t("picker.results", { count }));

  const choose = (option: Option) => {
    setText(option.label);
    setPid(option.pid);
    setOpen(false);
    setActive(-1);
    setAnnouncement(t("picker.chosen", { label: option.label }));
  };

  const onType = (value: string) => {
    setText(value);
    const next = suggestProvisions(targets, value);
    // The text names exactly one provision: it is chosen already (Enter then submits the form),
    // and it heads the list.
    const resolved = resolveProvision(targets, value);
    setPid(resolved.ok ? resolved.pid : "");
    setOpen(true);
    setActive(resolved.ok ? 0 : -1);
    announce(next.length);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        announce(options.length);
      }
      setActive((a) => Math.min(a + 1, options.length - 1));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      setActive((a) => Math.max(a - 1, 0));
    } else if (event.key === "Enter") {
      if (open && active >= 0 && options[active]) {
        event.preventDefault();
        choose(options[active]!);
      }
    } else if (event.key === "Escape") {
      if (open) {
        event.preventDefault();
        setOpen(false);
        setActive(-1);
      } else if (text !== "") {
        event.preventDefault();
        setText("");
        setPid("");
      }
    } else if (event.key === "Tab") {
      setOpen(false);
    }
  };

  const expanded = enhanced && open && options.length > 0;
  const described = [`${id}-hint`, error ? `${id}-error` : "", chosen ? `${id}-chosen` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field provision-picker">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {t("picker.hint")}
      </p>
      <div className="picker-box">
        <input
          id={id}
          name={`${name}Text`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          required={required}
          value={text}
          onChange={(e) => onType(e.target.value)}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(text.trim() === "" && wholeDraft !== null ? true : open)}
          onBlur={() => setOpen(false)}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          {...(enhanced
            ? {
                role: "combobox",
                "aria-autocomplete": "list" as const,
                "aria-expanded": expanded,
                "aria-controls": listId,
                "aria-activedescendant":
                  expanded && active >= 0 ? `${listId}-${active}` : undefined,
              }
            : {})}
        />
        <input type="hidden" name={name} value={pid} />
        {enhanced ? (
          <ul
            id={listId}
            role="listbox"
            aria-label={t("picker.listLabel")}
            className="picker-list"
            hidden={!expanded}
          >
            {options.map((o, i) => (
              <li
                key={o.pid || "whole"}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? "active" : undefined}
                // Keeps focus in the input, so the list does not close before the click lands.
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => choose(o)}
              >
                <strong>{o.label}</strong>
                {o.detail ? <span className="muted"> {o.detail}</span> : null}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {chosen ? (
        <p className="picker-chosen" id={`${id}-chosen`}>
          {t("picker.chosen", { label: chosen.label })}
          {"text" in chosen && chosen.text ? (
            <span className="muted"> {excerpt(chosen.text)}</span>
          ) : null}
        </p>
      ) : null}
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {t(error, { typed: typed ?? text })}
        </p>
      ) : null}
    </div>
  );
}
