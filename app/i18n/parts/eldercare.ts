// Messages of one area (适老化: the large-text mode; sorting opinions; the search page on a
// phone); zh defines the keys, en must have every one of them.
export const zh = {
  "textSize.switchOn": "大字模式",
  "textSize.switchOff": "标准字号",
  "textSize.switchOnLabel": "开启大字模式：放大文字和按钮，提高对比度",
  "textSize.switchOffLabel": "关闭大字模式，恢复标准字号",
  "textSize.title": "大字模式",
  "textSize.intro":
    "大字模式把正文放大到 18 像素以上，按钮和链接加大到便于手指点按，文字与背景对比更强烈，页面改为单栏显示。",
  "textSize.remembered": "您的选择保存在本浏览器中，下次访问仍然有效；可以随时在页面顶部切换。",
  "textSize.currentLarge": "当前：大字模式。",
  "textSize.currentStandard": "当前：标准字号。",
  "textSize.turnOn": "开启大字模式",
  "textSize.turnOff": "恢复标准字号",
  "textSize.back": "返回原页面",
  "opinionSort.label": "排序",
  "opinionSort.newest": "最新",
  "opinionSort.oldest": "最早",
  "opinionSort.supports": "附议最多",
  "search.toFacets": "按类型、法规、审次等筛选结果",
};

export const en: Record<keyof typeof zh, string> = {
  "textSize.switchOn": "Large text",
  "textSize.switchOff": "Standard text",
  "textSize.switchOnLabel": "Large text: bigger text and buttons, stronger contrast",
  "textSize.switchOffLabel": "Turn large text off and return to the standard size",
  "textSize.title": "Large text",
  "textSize.intro":
    "Large text sets body text at 18 pixels or more, makes buttons and links easy to tap, strengthens the contrast between text and background, and shows pages in a single column.",
  "textSize.remembered":
    "Your choice is kept in this browser for your next visit; you can switch at the top of any page.",
  "textSize.currentLarge": "Now: large text.",
  "textSize.currentStandard": "Now: standard text size.",
  "textSize.turnOn": "Turn on large text",
  "textSize.turnOff": "Return to standard text",
  "textSize.back": "Back to the page",
  "opinionSort.label": "Sort",
  "opinionSort.newest": "Newest",
  "opinionSort.oldest": "Oldest",
  "opinionSort.supports": "Most supported",
  "search.toFacets": "Filter the results by kind, bill, reading and more",
};
