// Messages of one area (publishing a reading safely, comparison links, the reading's PDF); zh
// defines the keys, en must have every one of them.
export const zh = {
  "bill.publish.identical": "这一稿与最新发布的稿本（{label}）完全相同，没有发布新的稿本。",
  "bill.publish.swingReason":
    "变化很大：最新的稿本有 {previous} 条，其中 {deleted} 条在这一稿中不见了，这一稿有 {articles} 条。请核对后填写理由，再次确认。",
  "bill.import.notPending": "这次导入已不在等待确认（可能已经发布或已经放弃）。",
  "bill.import.stale": "预览之后又发布了新的稿本。请重新导入，以便与它对照。",
  "bill.import.discarded": "已放弃导入“{file}”，没有发布任何稿本。",
  "bill.format.pdf": "PDF",
  "publish.preview.title": "导入预览（尚未发布）",
  "publish.preview.intro":
    "请核对下面的条文数、对照摘要和未能归入的行。确认之前不会发布任何稿本；放弃则不留下任何稿本。",
  "publish.preview.file": "文件",
  "publish.preview.label": "稿本名称",
  "publish.preview.counts": "条文数与章数",
  "publish.preview.item": "项目",
  "publish.preview.previous": "最新的稿本（{label}）",
  "publish.preview.new": "导入的文本",
  "publish.preview.articles": "条",
  "publish.preview.chapters": "章",
  "publish.preview.first": "这是这个法规案的第一个稿本，没有可以对照的上一稿。",
  "publish.preview.summary": "与最新的稿本（{label}）对照",
  "publish.preview.allPlaced": "所有行都已归入条文结构。",
  "publish.preview.confirm": "确认发布",
  "publish.preview.discard": "放弃导入",
  "publish.swing.title": "变化很大，需要再次确认",
  "publish.swing.warning":
    "最新的稿本有 {previous} 条，其中 {deleted} 条在这一稿中不见了；这一稿有 {articles} 条。这常常是粘贴或选错了文件。",
  "publish.swing.reason": "发布理由（必填，记入审计日志）",
  "publish.swing.confirm": "理由已填写，确认发布",
  "publish.swing.cancel": "不发布",
  "compare.loading": "正在对照，请稍候……",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "bill.publish.identical":
    "This text is identical to the latest reading ({label}); no new reading was published.",
  "bill.publish.swingReason":
    "A large change: the latest reading has {previous} articles, {deleted} of which are gone in this one, which has {articles}. Check it, give a reason and confirm again.",
  "bill.import.notPending":
    "This import is no longer waiting for confirmation (it was published or discarded).",
  "bill.import.stale":
    "Another reading was published after this preview. Import the file again to compare it with that reading.",
  "bill.import.discarded": "The import of “{file}” was discarded; no reading was published.",
  "bill.format.pdf": "PDF",
  "publish.preview.title": "Import preview (not published)",
  "publish.preview.intro":
    "Check the counts, the comparison summary and the lines that could not be placed. Nothing is published until you confirm; discarding leaves no reading.",
  "publish.preview.file": "File",
  "publish.preview.label": "Reading",
  "publish.preview.counts": "Articles and chapters",
  "publish.preview.item": "Item",
  "publish.preview.previous": "Latest reading ({label})",
  "publish.preview.new": "Imported text",
  "publish.preview.articles": "Articles",
  "publish.preview.chapters": "Chapters",
  "publish.preview.first":
    "This is the bill's first reading; there is no earlier one to compare with.",
  "publish.preview.summary": "Compared with the latest reading ({label})",
  "publish.preview.allPlaced": "Every line was placed in the structure.",
  "publish.preview.confirm": "Publish",
  "publish.preview.discard": "Discard import",
  "publish.swing.title": "A large change: confirm again",
  "publish.swing.warning":
    "The latest reading has {previous} articles, {deleted} of which are gone in this one; this one has {articles}. This is often the wrong text pasted or the wrong file chosen.",
  "publish.swing.reason": "Reason for publishing (required, kept in the audit log)",
  "publish.swing.confirm": "Reason given: publish",
  "publish.swing.cancel": "Do not publish",
  "compare.loading": "Comparing, please wait…",
};
