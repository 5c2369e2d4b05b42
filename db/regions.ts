// The regions a commenter picks from (opinion form) and the districts contact points sit in,
// with the English forms English pages show. `author_region` stays free text (CONTRACTS.md):
// the Chinese name is what is stored and exported; a name not listed here is shown as written.
// English forms are the pinyin names with the unit translated, as the city's own English
// pages write them (崇川区 → Chongchuan District, 如皋市 → Rugao City).

/** A region of the form's list: its stored Chinese name and its English form. */
export interface Region {
  name: string;
  english: string;
}

/** The form's choices, in the order the city lists its districts, "other" last. */
export const REGIONS: readonly Region[] = [
  { name: "崇川区", english: "Chongchuan District" },
  { name: "通州区", english: "Tongzhou District" },
  { name: "海门区", english: "Haimen District" },
  { name: "启东市", english: "Qidong City" },
  { name: "如皋市", english: "Rugao City" },
  { name: "海安市", english: "Hai'an City" },
  { name: "如东县", english: "Rudong County" },
  { name: "其他地区", english: "Other areas" },
];

// Names met beside the form's list: the city itself, and districts as organisations write them.
const OTHER_NAMES: Record<string, string> = {
  南通市: "Nantong City",
  市级: "City level",
};

const ENGLISH = new Map<string, string>([
  ...REGIONS.map((r): [string, string] => [r.name, r.english]),
  ...Object.entries(OTHER_NAMES),
]);

/** A region's name in the reader's language: the English form on "en…" pages when known. */
export function regionName(region: string, locale: string): string {
  if (!locale.startsWith("en")) return region;
  return ENGLISH.get(region.trim()) ?? region;
}
