/**
 * The coded values of ../shared/CONTRACTS.md. The database checks them, the API accepts them and
 * the UI shows their labels from the message catalogue; this list is the one place they are spelt.
 */
export const respondentTypes = [
  "individual",
  "enterprise",
  "organization",
  "deputy",
  "cppcc_member",
  "expert",
  "department",
  "other",
] as const;
export const channels = [
  "online",
  "symposium",
  "visit",
  "questionnaire",
  "letter",
  "hearing",
  "expert_meeting",
  "department",
  "other",
] as const;
/** Channels through which a contact point gathers opinions. */
export const contactPointChannels = [
  "symposium",
  "visit",
  "questionnaire",
  "letter",
  "other",
] as const;
/** Channels through which opinions reach the drafters themselves, who record them (handling). */
export const drafterChannels = [
  "letter",
  "department",
  "expert_meeting",
  "hearing",
  "other",
] as const;
export const dispositionCodes = [
  "adopted",
  "partly_adopted",
  "not_adopted",
  "already_covered",
  "out_of_scope",
  "for_reference",
] as const;
export const versionLabels = [
  "current_law",
  "solicitation",
  "first_reading",
  "second_reading",
  "third_reading",
  "voting",
  "promulgated",
] as const;
/** The Chinese names of the version labels (CONTRACTS.md), for files that are always Chinese. */
export const versionLabelNames: Record<VersionLabel, string> = {
  current_law: "现行文本",
  solicitation: "征求意见稿",
  first_reading: "一审稿",
  second_reading: "二审稿",
  third_reading: "三审稿",
  voting: "表决稿",
  promulgated: "公布稿",
};
export const provisionKinds = [
  "chapter",
  "section",
  "article",
  "paragraph",
  "item",
  "subitem",
] as const;
export const roles = ["citizen", "coordinator", "drafter", "moderator", "admin"] as const;
export const organizationKinds = ["city", "district", "county"] as const;
export const opinionScopes = ["article", "chapter", "draft"] as const;
export const opinionStatuses = ["pending", "published", "hidden"] as const;
export const submissionStatuses = ["draft", "submitted", "received"] as const;
export const billKinds = ["new", "revision", "amendment"] as const;
export const moderationModes = ["post", "pre"] as const;
/** The roles of a bill's drafting team (issue 15): 承办人 handler, 审核人 reviewer. */
export const billRoles = ["handler", "reviewer"] as const;
/** The states of a disposition's working copy: 草拟, 提交审核, 审核通过, 退回, 已公开. */
export const workStates = ["draft", "submitted", "approved", "returned", "published"] as const;
/** What a handling assignment covers: a provision's subtree, or one opinion. */
export const assignmentKinds = ["provision", "opinion"] as const;

export type RespondentType = (typeof respondentTypes)[number];
export type Channel = (typeof channels)[number];
export type DispositionCode = (typeof dispositionCodes)[number];
export type VersionLabel = (typeof versionLabels)[number];
export type ProvisionKind = (typeof provisionKinds)[number];
export type Role = (typeof roles)[number];
export type OrganizationKind = (typeof organizationKinds)[number];
export type OpinionScope = (typeof opinionScopes)[number];
export type OpinionStatus = (typeof opinionStatuses)[number];
export type SubmissionStatus = (typeof submissionStatuses)[number];
export type BillKind = (typeof billKinds)[number];
export type ModerationMode = (typeof moderationModes)[number];
export type BillRole = (typeof billRoles)[number];
export type WorkState = (typeof workStates)[number];
export type AssignmentKind = (typeof assignmentKinds)[number];

/** Why a user reports an opinion (举报理由). */
export const reportCategories = [
  "spam",
  "abuse",
  "privacy",
  "illegal",
  "off_topic",
  "other",
] as const;
export type ReportCategory = (typeof reportCategories)[number];

/** A drafter's triage of a project proposal (立法项目建议的处理). */
export const proposalDecisions = ["formal", "preparatory", "research", "rejected"] as const;
/** The categories of the annual plan's projects (正式项目 / 预备项目 / 调研项目). */
export const planCategories = ["formal", "preparatory", "research"] as const;
export type ProposalDecision = (typeof proposalDecisions)[number];
export type PlanCategory = (typeof planCategories)[number];

/** What a survey is for (调研 and 评估, issue 17): 立法前评估, a reading's 调研, 立法后评估. */
export const surveyPurposes = ["pre_legislative", "reading", "post_legislative"] as const;
/** A survey question's kind; any kind may also name a provision (an article question). */
export const surveyQuestionKinds = ["single", "multiple", "scale", "text"] as const;
/** Who may answer a survey: anyone (anonymous allowed) or signed-in people only. */
export const surveyAudiences = ["anyone", "signed_in"] as const;
/** How a survey response arrived: online, or on paper entered by a contact point. */
export const surveyResponseChannels = ["online", "paper"] as const;
export type SurveyPurpose = (typeof surveyPurposes)[number];
export type SurveyQuestionKind = (typeof surveyQuestionKinds)[number];
export type SurveyAudience = (typeof surveyAudiences)[number];
export type SurveyResponseChannel = (typeof surveyResponseChannels)[number];

/** A hearing registrant's stance on the questions heard (听证会: 赞成 / 反对 / 其他). */
export const hearingStances = ["for", "against", "other"] as const;
/** What the draw made of a registration: 陈述人, 候补, or not drawn. */
export const hearingOutcomes = ["selected", "reserve", "not_selected"] as const;
export type HearingStance = (typeof hearingStances)[number];
export type HearingOutcome = (typeof hearingOutcomes)[number];
