// The one refusal of applying a decision: which item (一、 is 1), and why, in Chinese as the
// decision itself is, so a drafter reads it beside the item.

import { toChineseNumeral } from "../numerals.ts";

export class ApplyError extends Error {
  constructor(
    readonly item: number,
    readonly reason: string,
  ) {
    super(`第${toChineseNumeral(item)}项修改（${toChineseNumeral(item)}、）无法适用：${reason}`);
    this.name = "ApplyError";
  }
}
