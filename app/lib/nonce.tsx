import { createContext, useContext } from "react";

const NonceContext = createContext<string>("");

/** Carries the request's CSP nonce from the server entry to the scripts the root renders. */
export const NonceProvider = NonceContext.Provider;

/** The CSP nonce of this render ("" in the browser, where scripts are already running). */
export function useNonce(): string {
  return useContext(NonceContext);
}
