// Chinese numerals as used in legal labels (第一百零一条). Written out, not looked up, because
// the rules are few: groups of four digits (个, 万, 亿), 零 for a gap inside or between groups,
// and 一十 shortened to 十 at the very start (第十条, 第十一条, but 第一百一十条).

const DIGITS = "零一二三四五六七八九";
const SMALL_UNITS = ["千", "百", "十", ""] as const;
const GROUP_UNITS = ["", "万", "亿", "万亿"] as const;

function groupToChinese(group: number): string {
  const digits = [
    Math.floor(group / 1000),
    Math.floor(group / 100) % 10,
    Math.floor(group / 10) % 10,
    group % 10,
  ];
  let out = "";
  let gap = false;
  digits.forEach((digit, index) => {
    if (digit === 0) {
      gap = out !== "";
      return;
    }
    if (gap) out += "零";
    gap = false;
    out += DIGITS[digit]! + SMALL_UNITS[index]!;
  });
  return out;
}

/** Writes a non-negative integer in Chinese numerals: 11 → 十一, 101 → 一百零一, 1260 → 一千二百六十. */
export function toChineseNumeral(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Not a countable number: ${n}`);
  if (n === 0) return "零";
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
  if (groups.length > GROUP_UNITS.length) throw new RangeError(`Number too large: ${n}`);
  let out = "";
  let gap = false;
  for (let index = groups.length - 1; index >= 0; index--) {
    const group = groups[index]!;
    if (group === 0) {
      gap = out !== "";
      continue;
    }
    // A lower group under a thousand needs 零 to hold the empty place: 一万零一十.
    if (out !== "" && (gap || group < 1000)) out += "零";
    out += groupToChinese(group) + GROUP_UNITS[index]!;
    gap = false;
  }
  return out.startsWith("一十") ? out.slice(1) : out;
}

const DIGIT_VALUES: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNIT_VALUES: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Reads Chinese numerals (also 〇, 零, 两, and Arabic or full-width digits); null if not a number. */
export function parseChineseNumeral(text: string): number | null {
  const s = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  if (s === "") return null;
  if (/^\d+$/.test(s)) return Number.parseInt(s, 10);
  // Without units the digits are read one by one, as in 二〇二一.
  if (!/[十百千万亿]/.test(s)) {
    let value = 0;
    for (const char of s) {
      const digit = DIGIT_VALUES[char];
      if (digit === undefined) return null;
      value = value * 10 + digit;
    }
    return value;
  }
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const char of s) {
    const digitValue = DIGIT_VALUES[char];
    const unitValue = UNIT_VALUES[char];
    if (digitValue !== undefined) {
      digit = digitValue;
    } else if (unitValue !== undefined) {
      // A bare unit counts one of it: 十 = 10; 一千零十 = 1010.
      section += (digit === null || digit === 0 ? 1 : digit) * unitValue;
      digit = null;
    } else if (char === "万") {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
    } else if (char === "亿") {
      total = (total + section + (digit ?? 0)) * 100000000;
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}
