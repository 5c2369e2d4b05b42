// Messages of one area (the amendment decision, 修改决定); zh defines the keys, en must have
// every one of them.
export const zh = {
  "decision.title": "修改决定",
  "decision.heading": "{label}的修改决定",
  "decision.intro":
    "根据现行文本与本稿的对照，按修改决定的规范表述生成，条款序号均指现行文本的序号。可在下方修改后检查并下载。",
  "decision.against": "对照现行文本：{title}",
  "decision.items": "共 {count} 项修改。",
  "decision.text": "修改决定文本",
  "decision.check": "检查",
  "decision.download": "下载 Word",
  "decision.open": "生成修改决定",
  "decision.openFor": "生成{label}的修改决定",
  "decision.noLaw": "本法规案没有现行文本（标注为“现行文本”的版本），无法生成修改决定。",
  "decision.isLaw": "这是现行文本本身。请在修改后的稿本上生成修改决定。",
  "decision.refused.revision":
    "现行文本 {total} 条中只有 {kept} 条保持原文，属于全面修订：修订以新的法律文本整体通过，不采用修改决定的形式。",
  "decision.refused.identical": "本稿与现行文本的条文完全相同，没有需要修改的内容。",
  "decision.refused.empty": "现行文本或本稿中没有条文。",
  "decision.checked": "检查通过：将本决定适用于现行文本，得到的 {count} 条与本稿逐条一致。",
  "decision.checkItem": "第{item}项修改无法适用：{reason}",
  "decision.checkDiffers": "本决定适用于现行文本后，以下条文与本稿不一致：{labels}",
  "decision.empty": "请填写修改决定的文本。",
  "decision.tooLong": "修改决定的文本过长。",
  "decision.back": "返回本稿",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "decision.title": "Amendment decision",
  "decision.heading": "Amendment decision for the {label}",
  "decision.intro":
    "Written in the standard phrasing from the comparison of the law in force with this reading; article numbers refer to the law in force. Edit it below, then check and download it.",
  "decision.against": "Law in force: {title}",
  "decision.items": "{count} amendments.",
  "decision.text": "Text of the decision",
  "decision.check": "Check",
  "decision.download": "Download Word",
  "decision.open": "Amendment decision",
  "decision.openFor": "Write the amendment decision for the {label}",
  "decision.noLaw":
    "This bill has no law in force (a version labelled “law in force”), so no amendment decision can be written.",
  "decision.isLaw": "This is the law in force itself. Write the decision on an amended reading.",
  "decision.refused.revision":
    "Only {kept} of the {total} articles of the law in force are kept word for word: this is a full revision, which is enacted as a whole new text, not as an amendment decision.",
  "decision.refused.identical":
    "This reading has the same articles as the law in force: there is nothing to amend.",
  "decision.refused.empty": "The law in force or this reading has no article.",
  "decision.checked":
    "Checked: applied to the law in force, the decision gives this reading's {count} articles word for word.",
  "decision.checkItem": "Amendment {item} cannot be applied: {reason}",
  "decision.checkDiffers":
    "Applied to the law in force, the decision does not give this reading at: {labels}",
  "decision.empty": "Enter the text of the decision.",
  "decision.tooLong": "The decision's text is too long.",
  "decision.back": "Back to the reading",
};
