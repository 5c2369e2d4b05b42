// Messages of one area (numbers the text carries: 第N条之一); zh defines the keys, en must have
// every one of them.
export const zh = {
  "editor.cmd.suffixedArticle": "插入之一条",
  "editor.cmd.suffixedArticleHint": "在本条之后插入“之一”条（如第十条之一），其后条文不重新编号",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "editor.cmd.suffixedArticle": "Insert article A",
  "editor.cmd.suffixedArticleHint":
    "Insert an article after this one numbered as an amendment does (Article 10A), without renumbering those that follow",
};
