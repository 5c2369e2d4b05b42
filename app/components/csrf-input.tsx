import { createContext, useContext, useState } from "react";
import { useRootData } from "../lib/use-i18n.ts";

/**
 * On the server: issues this browser's CSRF token for a form being rendered (setting its cookie
 * when it has none), provided by app/entry.server.tsx. In the browser there is none.
 */
export const CsrfIssuer = createContext<(() => string) | null>(null);

/**
 * The hidden field that carries this browser's CSRF token in every form that writes. The root
 * data carries the token for signed-in visitors and after a client navigation; an anonymous
 * document gets it only where a form is rendered (the server issues it then, so a page without a
 * form sets no cookie and can be cached), and the browser keeps the value the server rendered.
 */
export function CsrfInput() {
  const { csrfToken } = useRootData();
  const issue = useContext(CsrfIssuer);
  const [rendered] = useState(() => {
    if (csrfToken) return "";
    if (issue) return issue();
    if (typeof document === "undefined") return "";
    return document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? "";
  });
  return <input type="hidden" name="_csrf" value={csrfToken || rendered} />;
}
