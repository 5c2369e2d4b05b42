// Messages of what became of an opinion (issue 18, items 2, 3 and 5): the change an adopted
// opinion made, the receipt (print, image, the outcome by e-mail or text) and unsubscribing.
// zh defines the keys, en must have every one.
export const zh = {
  "outcome.changed.yours": "您的意见使{label}作如下修改",
  "outcome.changed.public": "这条意见使{label}作如下修改",
  "outcome.changed.see": "查看{version}{label}",
  "outcome.changed.legend": "删去的文字加删除线，增加的文字加下划线。",
  "receipt.actions": "保存回执",
  "receipt.print": "打印回执",
  "receipt.saveImage": "保存为图片",
  "receipt.imageSaved": "图片已生成，请在下载中查看。",
  "receipt.imageFailed": "未能生成图片，请使用打印或截屏保存。",
  "receipt.fileName": "开门立法回执-{receipt}.png",
  "receipt.submittedAt": "提交时间",
  "outcome.contact.legend": "处理结果通知（可选）",
  "outcome.contact.intro":
    "留下电子邮箱或手机号码，这条意见的处理情况公布时，我们会发一条消息告诉您结果。只发这一条，不作他用，也不会公开；消息里附有退订链接。",
  "outcome.contact.address": "电子邮箱或手机号码",
  "outcome.contact.consent":
    "我同意平台保存以上联系方式，仅用于在处理情况公布时告诉我这条意见的处理结果。",
  "outcome.contact.submit": "保存联系方式",
  "outcome.contact.saved.email": "已保存。处理情况公布时，我们会给这个邮箱发一封邮件。",
  "outcome.contact.saved.sms": "已保存。处理情况公布时，我们会给这个手机号码发一条短信。",
  "outcome.contact.unsubscribe": "不需要了？立即退订",
  "outcome.contact.invalid": "请检查填写的内容。",
  "outcome.contact.addressInvalid": "请填写有效的电子邮箱或 11 位手机号码。",
  "outcome.contact.consentRequired": "请勾选同意，我们才能保存联系方式。",
  "outcome.contact.notFound": "回执编号或查询码不正确。",
  "outcome.unsubscribe.title": "退订处理结果通知",
  "outcome.unsubscribe.intro":
    "退订后，我们不再向您发送这条意见的处理结果，您留下的联系方式也会删除。意见本身不受影响。",
  "outcome.unsubscribe.confirm": "确认退订",
  "outcome.unsubscribe.done": "已退订。您的联系方式已删除，我们不会再发送任何消息。",
  "outcome.unsubscribe.invalid": "此链接已失效，或者已经退订。",
  "handling.notice.outcome_contact.title": "您的意见有了处理结果",
  "handling.notice.outcome_contact.body":
    "您在“{consultation}”中对{target}提出的意见（回执编号 {receipt}）的处理情况已公布：{disposition}。\n查看处理情况：{lookup}\n这是您留下联系方式时要求的唯一一条消息。退订：{unsubscribe}",
  "lineage.opinionsOf": "查看{reading}的 {count} 条意见",
} as const;

export const en: Record<keyof typeof zh, string> = {
  "outcome.changed.yours": "Your opinion changed {label} as follows",
  "outcome.changed.public": "This opinion changed {label} as follows",
  "outcome.changed.see": "See {label} of the {version}",
  "outcome.changed.legend": "Deleted words are struck through; added words are underlined.",
  "receipt.actions": "Keep your receipt",
  "receipt.print": "Print receipt",
  "receipt.saveImage": "Save as image",
  "receipt.imageSaved": "The image is ready; look in your downloads.",
  "receipt.imageFailed": "The image could not be made; print the receipt or take a screenshot.",
  "receipt.fileName": "kaimen-receipt-{receipt}.png",
  "receipt.submittedAt": "Submitted",
  "outcome.contact.legend": "Hear the outcome (optional)",
  "outcome.contact.intro":
    "Leave an e-mail address or a mobile number and we will send one message with the outcome when the handling of this opinion is published. Only that one message, for nothing else, never shown publicly; it carries a link to unsubscribe.",
  "outcome.contact.address": "E-mail address or mobile number",
  "outcome.contact.consent":
    "I agree that the platform keeps this contact only to tell me the outcome of this opinion when its handling is published.",
  "outcome.contact.submit": "Save contact",
  "outcome.contact.saved.email":
    "Saved. When the handling is published we will send one e-mail to this address.",
  "outcome.contact.saved.sms":
    "Saved. When the handling is published we will send one text message to this number.",
  "outcome.contact.unsubscribe": "Changed your mind? Unsubscribe now",
  "outcome.contact.invalid": "Please check what you entered.",
  "outcome.contact.addressInvalid": "Enter a valid e-mail address or an 11-digit mobile number.",
  "outcome.contact.consentRequired": "Tick the box to agree, or we cannot keep your contact.",
  "outcome.contact.notFound": "The receipt number or lookup code is not right.",
  "outcome.unsubscribe.title": "Unsubscribe from the outcome message",
  "outcome.unsubscribe.intro":
    "Once you unsubscribe we will not send you this opinion's outcome and your contact is deleted. The opinion itself stays.",
  "outcome.unsubscribe.confirm": "Unsubscribe",
  "outcome.unsubscribe.done":
    "Unsubscribed. Your contact is deleted and we will send you nothing more.",
  "outcome.unsubscribe.invalid": "This link has expired, or you have already unsubscribed.",
  "handling.notice.outcome_contact.title": "Your opinion has an outcome",
  "handling.notice.outcome_contact.body":
    "The handling of your opinion on {target} in “{consultation}” (receipt {receipt}) is published: {disposition}.\nSee it: {lookup}\nThis is the one message you asked for when you left your contact. Unsubscribe: {unsubscribe}",
  "lineage.opinionsOf": "See the {count} opinions on the {reading}",
};
