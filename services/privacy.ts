// What the public may see of a person: the site, the API and the downloaded files mask names the
// same way, so a name hidden on one is hidden on all.

/** Masks a name for public display: 张三丰 → 张**, Alice → A**. */
export function maskName(name: string | null | undefined): string {
  const trimmed = (name ?? "").trim();
  if (!trimmed) return "**";
  return `${Array.from(trimmed)[0]}**`;
}
