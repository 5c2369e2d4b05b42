// The editing commands of the legislative editor, each `(state, dispatch?, view?) => boolean`:
// false when it does not apply, acting only when given dispatch, so a toolbar can ask.

export { stopJoinBackward, stopJoinForward } from "./boundaries.ts";
export { insertCrossReference, refreshCrossReferences } from "./cross-reference.ts";
export { deleteArticle, deleteProvision, deleteProvisionByPid } from "./delete.ts";
export { insertChapter, insertSection } from "./divisions.ts";
export { indentToItem, outdent, outdentAtStart } from "./indent.ts";
export { insertArticleAfter, insertParagraphAfter, insertSuffixedArticleAfter } from "./insert.ts";
export { buildKeymap } from "./keymap.ts";
export { moveProvision, moveProvisionDown, moveProvisionUp } from "./move.ts";
export type { MoveDirection } from "./move.ts";
export { splitProvision } from "./split.ts";
