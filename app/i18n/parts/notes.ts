// Messages of one area (起草说明 per provision, and the display labels of issue 18's texts work);
// zh defines the keys, en must have every one of them.
export const zh = {
  "opinion.proposedShown": "建议修改为",
  "opinion.proposedShownText": "建议修改为：{text}",
  "notes.title": "起草说明",
  "notes.pageTitle": "{version}的起草说明",
  "notes.open": "编辑起草说明",
  "notes.intro":
    "为每一章、每一节、每一条填写起草说明，说明公开显示在条文下方（可展开）。留空即没有说明。",
  "notes.disclosure": "说明",
  "notes.disclosureLabel": "{label}的起草说明",
  "notes.field": "{label}的说明",
  "notes.save": "保存说明",
  "notes.saved": "已保存，{count} 处说明有改动。",
  "notes.savedNone": "说明没有改动。",
  "notes.empty": "这一稿还没有可以说明的章节或条文。",
  "notes.tooLong": "每处说明不能超过 5000 个字。",
  "notes.split.title": "拆分粘贴的起草说明",
  "notes.split.hint":
    "粘贴整篇起草说明：提到“第N条”“第N章”的段落会分到对应条款下，其后未提到条款的段落随前一段。拆分结果填入下面的说明栏，核对修改后再保存；拆分本身不保存任何内容。",
  "notes.split.field": "起草说明全文",
  "notes.split.submit": "按条款拆分",
  "notes.split.done":
    "已把说明分到 {count} 个条款下，尚未保存。请核对下面标出的说明，再按“保存说明”。",
  "notes.split.none": "没有找到提到本稿条款（如“第五条”“第二章”）的段落。",
  "notes.split.unmatched": "未分到条款的段落（{count} 段）",
  "notes.split.proposed": "拆分建议",
  "notes.split.tooLong": "粘贴的说明太长（不能超过 20 万字）。",
  "notes.split.required": "请先粘贴起草说明。",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "opinion.proposedShown": "Suggested wording",
  "opinion.proposedShownText": "Suggested wording: {text}",
  "notes.title": "Explanatory notes",
  "notes.pageTitle": "Explanatory notes on the {version}",
  "notes.open": "Edit explanatory notes",
  "notes.intro":
    "Write an explanatory note for each chapter, section and article; readers see it under the text (expandable). Leave it blank for none.",
  "notes.disclosure": "Explanation",
  "notes.disclosureLabel": "Explanatory note on {label}",
  "notes.field": "Note on {label}",
  "notes.save": "Save notes",
  "notes.saved": "Saved; {count} notes changed.",
  "notes.savedNone": "No note changed.",
  "notes.empty": "This reading has no chapters or articles to explain yet.",
  "notes.tooLong": "A note may be at most 5,000 characters.",
  "notes.split.title": "Split a pasted explanation",
  "notes.split.hint":
    "Paste the whole explanation: paragraphs naming an article or chapter (第N条, 第N章) go to it, and paragraphs naming none follow the one before. The result fills the note fields below for you to check and edit before saving; splitting saves nothing.",
  "notes.split.field": "The whole explanation",
  "notes.split.submit": "Split by provision",
  "notes.split.done":
    "Split over {count} provisions, not saved yet. Check the marked notes below, then press “Save notes”.",
  "notes.split.none": "No paragraph names a provision of this reading (such as 第五条 or 第二章).",
  "notes.split.unmatched": "Paragraphs not placed ({count})",
  "notes.split.proposed": "Proposed by the split",
  "notes.split.tooLong": "The pasted explanation is too long (at most 200,000 characters).",
  "notes.split.required": "Paste the explanation first.",
};
