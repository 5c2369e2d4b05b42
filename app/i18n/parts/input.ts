// Messages of one area (refused input: sizes, characters, malformed requests); zh defines the
// keys, en must have every one of them.
export const zh = {
  "error.badRequest": "请求有误，无法处理。",
  "error.badCharacters": "含有不能使用的字符（如控制字符），请删除后重试。",
  "error.tooLarge": "提交的内容太大，无法接收。",
  "error.badForm": "提交的表单内容不完整或格式有误，请刷新页面后重试。",
  "api.tooDeep": "请求内容的 JSON 嵌套层数过多。",
  "api.idempotencyKeyInvalid": "Idempotency-Key 须为 1 至 200 个可见字符。",
  "search.queryTooLong": "搜索词不能超过 200 个字。",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "error.badRequest": "The request could not be understood.",
  "error.badCharacters":
    "This contains characters that cannot be used (such as control characters); please remove them.",
  "error.tooLarge": "What you sent is too large to be accepted.",
  "error.badForm":
    "The form arrived incomplete or malformed; please reload the page and try again.",
  "api.tooDeep": "The JSON of the request is nested too deeply.",
  "api.idempotencyKeyInvalid": "The Idempotency-Key must be 1 to 200 visible characters.",
  "search.queryTooLong": "A search can be at most 200 characters long.",
};
