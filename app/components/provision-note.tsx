import type { Translate } from "../i18n/index.ts";
import "../styles/notes.css";

/**
 * A provision's 起草说明 as a closed disclosure under it: on a 375 px phone the text stays in
 * view and the note opens on demand. Takes `t` rather than the hook, because the reading pages
 * render it into their prepared text outside the router (app/lib/reading-html.server.tsx). The
 * note is the drafters' plain text: React escapes it, and each line is a paragraph.
 */
export function ProvisionNote({
  note,
  label,
  t,
}: {
  note: string;
  /** The provision's label in the reader's language, for the hidden part of the summary. */
  label: string;
  t: Translate;
}) {
  return (
    <details className="provision-note">
      <summary>
        {t("notes.disclosure")}
        <span className="visually-hidden">{t("notes.disclosureLabel", { label })}</span>
      </summary>
      <div className="provision-note-body">
        {note.split("\n").map((line, i) => (
          <p key={i}>{line}</p>
        ))}
      </div>
    </details>
  );
}
