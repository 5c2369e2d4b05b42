/**
 * The shapes every stage of a bill's lifecycle (issue 17 item 5) hands to the bill page's
 * timeline and to a contact point's dashboard of open calls. Each stage's own query module
 * (proposals, surveys, hearings, expert reviews, readings…) returns these; `db/queries/timeline.ts`
 * gathers them in date order.
 */

/** The stages of a bill's life, in the order the timeline explains them. */
export const timelineStages = [
  "proposal",
  "plan",
  "survey",
  "reading",
  "consultation",
  "hearing",
  "expert_review",
  "adoption",
  "evaluation",
] as const;
export type TimelineStage = (typeof timelineStages)[number];

/** Where a stage stands: announced but not begun, taking part now, over, or its outcome out. */
export type TimelineStatus = "upcoming" | "open" | "closed" | "done";

export interface TimelineEntry {
  stage: TimelineStage;
  /** The date the entry sorts by: when it opened, was held or was published. */
  date: Date;
  /** Until when it takes part (a call's or a survey's deadline); null when it has none. */
  closesAt: Date | null;
  status: TimelineStatus;
  /** The stage's own title, as its page shows it (user text: rendered escaped). */
  title: string;
  /** The stage's public page. */
  href: string;
  /**
   * What came of it, as a catalogue key with its values (e.g. "timeline.outcome.surveyResults"
   * with { responses: 312 }), linking to `outcomeHref` when there is a page for it.
   */
  outcome: { key: string; values?: Record<string, string | number> } | null;
  outcomeHref: string | null;
  /**
   * The reading the entry belongs to (a reading itself, or a comment period, hearing, expert
   * review or survey on it), so the timeline shows it under that reading; null for the stages
   * before drafting and after adoption that stand alone.
   */
  versionId?: string | null;
  /** A catalogue key naming the entry more precisely than its stage (a reading's 一审稿). */
  labelKey?: string;
}

/** A call a contact point can take part in now: every stage that gathers from the public. */
export interface OpenCall {
  stage: TimelineStage;
  title: string;
  /** The bill or plan it belongs to, for the dashboard's second line; null when none. */
  subject: string | null;
  href: string;
  opensAt: Date;
  closesAt: Date | null;
}
