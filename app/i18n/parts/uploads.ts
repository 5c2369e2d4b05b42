// Messages of one area (uploads: refused files and the reading import's progress); zh defines
// the keys, en must have every one of them.
export const zh = {
  "upload.bomb":
    "这个文件解压后的内容远大于文件本身，或结构异常，已拒绝读取。请检查文件后重新上传。",
  "upload.timeout": "读取这个文件用时过长，已停止。请检查文件内容，或拆分后分别导入。",
  "bill.import.textTooLarge": "文本不能超过 {mb} MB（一部法规的全文通常不到 1 MB）。",
  "bill.import.tooBig": "这个文件超出了可导入的范围（条文过多或内容过大），未导入。",
  "bill.import.keyReused": "这次提交与同一表单先前的提交内容不同。请刷新页面后重新导入。",
  "bill.import.job.queued": "排队等待",
  "bill.import.job.parsing": "正在读取文件",
  "bill.import.job.aligning": "正在与上一稿对照条文",
  "bill.import.job.publishing": "正在发布",
  "bill.import.job.running": "正在导入“{file}”：{stage}……",
  "bill.import.job.failed": "导入“{file}”未完成，未保存任何内容：",
  "bill.import.job.interrupted": "导入被中断（服务曾重启），未保存任何内容。请重新导入。",
  "bill.import.job.refresh": "刷新查看进度",
  "bill.import.job.open": "查看这一稿",
};

export const en: Record<keyof typeof zh, string> = {
  "upload.bomb":
    "This file unpacks to far more than it holds, or is built oddly, so it was refused unread. Check the file and upload it again.",
  "upload.timeout":
    "Reading this file took too long and was stopped. Check its contents, or split it and import the parts.",
  "bill.import.textTooLarge":
    "The text cannot exceed {mb} MB (the full text of a law is usually under 1 MB).",
  "bill.import.tooBig":
    "This file is beyond what can be imported (too many articles or too much content); nothing was imported.",
  "bill.import.keyReused":
    "This submission differs from an earlier one of the same form. Reload the page and import again.",
  "bill.import.job.queued": "Waiting",
  "bill.import.job.parsing": "Reading the file",
  "bill.import.job.aligning": "Matching articles with the previous reading",
  "bill.import.job.publishing": "Publishing",
  "bill.import.job.running": "Importing “{file}”: {stage}…",
  "bill.import.job.failed": "Importing “{file}” did not finish; nothing was saved:",
  "bill.import.job.interrupted":
    "The import was interrupted (the server restarted); nothing was saved. Please import again.",
  "bill.import.job.refresh": "Refresh to see progress",
  "bill.import.job.open": "Open this reading",
};
