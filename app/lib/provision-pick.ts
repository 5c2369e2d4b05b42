import { resolveProvision, type PickableProvision } from "../../editor/provision-query.ts";
import type { MessageKey } from "../i18n/index.ts";

// What a provision picker (app/components/provision-picker.tsx) posts, read on the server. The
// picker posts the typed text as `<name>Text` and, when a choice was made in its list, the pid as
// `<name>`. Without JavaScript only the text is meaningful (the hidden pid may be stale after
// the text was edited), so the pid counts only while the text still shows that provision's label;
// otherwise the text is resolved the way the list resolves it (editor/provision-query.ts).
// A post without the text field (an older page, a script) keeps its `<name>` as sent.

/** Words that name the whole draft, in either language. */
const WHOLE_DRAFT_WORDS = ["草案整体", "全文", "整体", "草案", "thewholedraft", "wholedraft"];

const squash = (s: string) => s.replace(/[\s\u3000]+/g, "").toLowerCase();

export type PickedProvision = { ok: true; value: string } | { ok: false; error: MessageKey };

/**
 * The provision a picker's post names: its pid, or `wholeDraft` (the value the form uses for the
 * whole draft) when the text names the whole draft — or is empty, where `emptyIsWholeDraft`.
 */
export function readPickedProvision(
  form: FormData,
  options: {
    name: string;
    targets: PickableProvision[];
    wholeDraft: string | null;
    emptyIsWholeDraft?: boolean;
  },
): PickedProvision {
  const { name, targets, wholeDraft } = options;
  const sentPid = form.get(name);
  const pid = typeof sentPid === "string" ? sentPid : "";
  const sentText = form.get(`${name}Text`);
  if (typeof sentText !== "string") return { ok: true, value: pid };
  const text = squash(sentText);
  if (text === "") {
    return wholeDraft !== null && options.emptyIsWholeDraft
      ? { ok: true, value: wholeDraft }
      : { ok: false, error: "picker.error.empty" };
  }
  const chosen = targets.find((t) => t.pid === pid);
  if (chosen && squash(chosen.label) === text) return { ok: true, value: chosen.pid };
  if (wholeDraft !== null && WHOLE_DRAFT_WORDS.includes(text))
    return { ok: true, value: wholeDraft };
  const resolved = resolveProvision(targets, sentText);
  return resolved.ok
    ? { ok: true, value: resolved.pid }
    : { ok: false, error: `picker.error.${resolved.reason}` };
}
