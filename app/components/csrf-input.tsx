import { useRootData } from "../lib/use-i18n.ts";

/** The hidden field that carries this browser's CSRF token in every form that writes. */
export function CsrfInput() {
  const { csrfToken } = useRootData();
  return <input type="hidden" name="_csrf" value={csrfToken} />;
}
