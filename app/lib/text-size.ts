// The reader's text size (适老化): standard, or the large-text, high-contrast mode. Remembered in
// a cookie of its own and read on the server, so the first paint of every page is already in the
// chosen size (no flash of small text) and a page without script shows it too. Isomorphic: the
// root loader, the switch route and the server's page cache (a variant of its key) read it here.

export const TEXT_SIZE_COOKIE = "kaimen_text";
export const textSizes = ["standard", "large"] as const;
export type TextSize = (typeof textSizes)[number];

/** The size a Cookie header asks for; anything but "large" is the standard size. */
export function textSizeOf(cookieHeader: string | null | undefined): TextSize {
  const value = cookieHeader
    ?.split(/;\s*/)
    .find((part) => part.startsWith(`${TEXT_SIZE_COOKIE}=`))
    ?.slice(TEXT_SIZE_COOKIE.length + 1);
  return value === "large" ? "large" : "standard";
}

/**
 * The Set-Cookie header that remembers a size for a year; the standard size clears the cookie,
 * so most readers carry none.
 */
export function textSizeCookie(size: TextSize, secure: boolean): string {
  const flags = `Path=/; ${size === "large" ? "Max-Age=31536000" : "Max-Age=0"}; SameSite=Lax${
    secure ? "; Secure" : ""
  }`;
  return `${TEXT_SIZE_COOKIE}=${size === "large" ? "large" : ""}; ${flags}`;
}
