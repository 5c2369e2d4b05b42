import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { LegalDocJSON } from "../editor/document-json.ts";
import type {
  AssignmentKind,
  BillKind,
  BillRole,
  Channel,
  DispositionCode,
  HearingOutcome,
  HearingStance,
  ModerationMode,
  OpinionScope,
  OpinionStatus,
  OrganizationKind,
  PlanCategory,
  ProposalDecision,
  ProvisionKind,
  ReportCategory,
  RespondentType,
  Role,
  SubmissionStatus,
  SurveyAudience,
  SurveyPurpose,
  SurveyQuestionKind,
  SurveyResponseChannel,
  VersionLabel,
  WorkState,
} from "./codes.ts";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A jsonb column: read as `T` (the driver parses it), written as `T` or its JSON text. */
type Json<T> = ColumnType<T, string | T, string | T>;

export interface OrganizationTable {
  id: Generated<string>;
  slug: string;
  name: string;
  kind: OrganizationKind;
  parent_id: string | null;
  makes_regulations: Generated<boolean>;
  created_at: Timestamp;
}

export interface UserTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  locale: "zh-CN" | "en" | null;
  disabled_at: Date | null;
  created_at: Timestamp;
}

export interface ContactPointTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  district: string;
  address: string;
  phone: string | null;
  host_organization: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  user_id: string;
  organization_id: string;
  role: Role;
  contact_point_id: string | null;
  created_at: Timestamp;
}

export interface SessionTable {
  id: string;
  user_id: string;
  created_at: Timestamp;
  expires_at: Date;
}

export interface AppSettingTable {
  key: string;
  value: string;
  created_at: Timestamp;
}

export interface RateLimitTable {
  key: string;
  window_start: Date;
  count: number;
}

export interface BillTable {
  id: Generated<string>;
  organization_id: string;
  title: string;
  kind: BillKind;
  summary: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DraftTable {
  id: Generated<string>;
  bill_id: string;
  /** The ProseMirror document, in the editor's JSON shape (the CHECK only asks for an object). */
  document: Json<LegalDocJSON>;
  revision: Generated<number>;
  published_revision: Generated<number>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DraftStepTable {
  draft_id: string;
  revision: number;
  step: Json<Record<string, unknown>>;
  client_id: string;
  user_id: string | null;
  created_at: Timestamp;
}

export interface VersionTable {
  id: Generated<string>;
  bill_id: string;
  seq: number;
  label: VersionLabel;
  title: string;
  /** The ProseMirror document, in the editor's JSON shape (the CHECK only asks for an object). */
  document: Json<LegalDocJSON>;
  note: Generated<string>;
  published_by: string | null;
  published_at: Timestamp;
}

export interface ProvisionTable {
  version_id: string;
  pid: string;
  kind: ProvisionKind;
  ordinal: number;
  number: number;
  label: string;
  heading_path: Json<string[]>;
  text: string;
  parent_pid: string | null;
}

export interface ConsultationTable {
  id: Generated<string>;
  version_id: string;
  title: string;
  description: Generated<string>;
  opens_at: Date | string;
  closes_at: Date | string;
  channels: ColumnType<Channel[], Channel[] | undefined, Channel[]>;
  moderation: ColumnType<ModerationMode, ModerationMode | undefined, ModerationMode>;
  allow_anonymous: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  /** Set when the drafters publish the handling (采纳情况反馈); null while it is private. */
  report_published_at: Date | null;
  report_note: Generated<string>;
  updated_at: Timestamp;
}

export interface ConsultationNoticeTable {
  id: Generated<string>;
  consultation_id: string;
  kind: "deadline_extended" | "notice";
  body: Generated<string>;
  previous_closes_at: Date | null;
  new_closes_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ContactPointActivityTable {
  id: Generated<string>;
  contact_point_id: string;
  consultation_id: string;
  kind: "symposium" | "visit" | "questionnaire" | "letter" | "other";
  /** A calendar date (YYYY-MM-DD). */
  held_on: ColumnType<string, string, string>;
  place: Generated<string>;
  headcount: Generated<number>;
  participants: ColumnType<string[], string[] | undefined, string[]>;
  notes: Generated<string>;
  /** The token in the printable page's QR code, for participants to follow the outcome. */
  lookup_token: string;
  /** The report (submission) the activity was recorded in; frozen once it is submitted. */
  submission_id: string | null;
  /** The activity of the replaced report that a correction copied. */
  copied_from_id: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When it started, "HH:MM" in the deployment's time zone (migration 0027). */
  start_time: string | null;
  /** Who hosted it (主持人/承办). */
  host: Generated<string>;
  /** An optional title that tells it apart from other activities of the day. */
  title: Generated<string>;
}

export interface OpinionReportTable {
  id: Generated<string>;
  opinion_id: string;
  reporter_user_id: string | null;
  reporter_ip: string | null;
  reason: string;
  /** What kind of problem the reporter chose (spam, abuse, privacy, illegal, off_topic, other). */
  category: ColumnType<ReportCategory, ReportCategory | undefined, ReportCategory>;
  created_at: Timestamp;
  resolved_at: Date | null;
  resolved_by: string | null;
}

export interface NotificationTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  subject_type: string;
  subject_id: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  read_at: Date | null;
}

export interface SubmissionTable {
  id: Generated<string>;
  contact_point_id: string;
  consultation_id: string;
  status: ColumnType<SubmissionStatus, SubmissionStatus | undefined, SubmissionStatus>;
  replaces_id: string | null;
  note: Generated<string>;
  created_by: string | null;
  created_at: Timestamp;
  submitted_at: Date | null;
  received_at: Date | null;
}

export interface OpinionTable {
  id: Generated<string>;
  consultation_id: string;
  version_id: string;
  provision_pid: string | null;
  scope: OpinionScope;
  body: string;
  proposed_text: string | null;
  quote_text: string | null;
  quote_start: number | null;
  quote_end: number | null;
  channel: Channel;
  contact_point_id: string | null;
  submission_id: string | null;
  headcount: Generated<number>;
  author_user_id: string | null;
  author_name: string | null;
  author_region: string | null;
  respondent_type: ColumnType<RespondentType, RespondentType | undefined, RespondentType>;
  status: ColumnType<OpinionStatus, OpinionStatus | undefined, OpinionStatus>;
  hidden_reason: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  receipt: string;
  lookup_code_hash: string;
  /** The contact-point activity the opinion was gathered at. */
  activity_id: string | null;
  /** Where an opinion recorded by a drafter came from (来函单位、会议名称…). */
  provenance: string | null;
  /** The calendar date an offline opinion was received (YYYY-MM-DD). */
  received_on: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: string | null;
  /** The sensitive words that sent the opinion to the moderation queue (null: none matched). */
  held_words: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  created_at: Timestamp;
  /** The code of the opinion's disposition, mirrored by a trigger (migration 0013); read only. */
  disposition_code: ColumnType<DispositionCode | null, never, never>;
  /** The fingerprint of the wording, generated by the database (migration 0013). */
  wording: ColumnType<string, never, never>;
}

export interface SupportTable {
  opinion_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface DispositionTable {
  id: Generated<string>;
  opinion_id: string;
  code: DispositionCode;
  reason: Generated<string>;
  changed_version_id: string | null;
  changed_pid: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
}

/** A handler or reviewer of one bill (0018), granted by an administrator. */
export interface BillTeamTable {
  bill_id: string;
  user_id: string;
  role: BillRole;
  granted_by: string | null;
  created_at: Timestamp;
}

/** The drafters' working copy of an opinion's disposition (0018); `dispositions` is public. */
export interface DispositionWorkTable {
  opinion_id: string;
  consultation_id: string;
  code: DispositionCode;
  reason: Generated<string>;
  changed_version_id: string | null;
  changed_pid: string | null;
  state: WorkState;
  /** The reviewer's reason for returning it (kept when it is saved again, until reviewed). */
  review_comment: Generated<string>;
  drafted_by: string | null;
  drafted_at: Timestamp;
  submitted_by: string | null;
  submitted_at: Date | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  published_by: string | null;
  published_at: Date | null;
  updated_at: Timestamp;
}

/** Who handles what (0018): a provision's subtree or one opinion of a consultation. */
export interface HandlingAssignmentTable {
  id: Generated<string>;
  consultation_id: string;
  handler_user_id: string;
  kind: AssignmentKind;
  provision_pid: string | null;
  opinion_id: string | null;
  /** A calendar date (YYYY-MM-DD) or none. */
  due_on: ColumnType<string | null, string | null | undefined, string | null>;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

/** A bill's reusable reason (常用答复, 0018). */
export interface ReasonTemplateTable {
  id: Generated<string>;
  bill_id: string;
  title: string;
  body: string;
  code: DispositionCode | null;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  data: Json<Record<string, unknown>>;
  ip: string | null;
  created_at: Timestamp;
  /** The bill the entry concerns, filled by a trigger from its subject (migration 0019). */
  bill_id: Generated<string | null>;
}

export interface SearchOutboxTable {
  id: Generated<string>;
  entity: "bill" | "provision" | "opinion";
  entity_id: string;
  op: "upsert" | "delete";
  attempts: Generated<number>;
  available_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
  /** The writing transaction (0006): one row per thing per transaction. */
  txid: Generated<string>;
}

/** An e-mail waiting for, or past, delivery (0015): written with the change it announces. */
export interface MailOutboxTable {
  id: Generated<string>;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  /** The claim token of the delivery loop holding the row, with its lease. */
  claimed_by: string | null;
  claimed_until: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

/** A job of the worker (0017), unique on kind and subject, kept once done. */
export interface WorkerJobTable {
  id: Generated<string>;
  kind: "comparison" | "consultation_closed";
  subject: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  /** The claim token of the loop holding the row, with its lease. */
  claimed_by: string | null;
  claimed_until: Date | null;
  done_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

/** The embedded search engine's documents (0006): one row per bill, article or opinion. */
export interface SearchDocumentTable {
  id: string;
  seq: Generated<string>;
  kind: "bill" | "provision" | "opinion";
  entity_id: string;
  bill_id: string;
  organization_id: string;
  version_id: string | null;
  consultation_id: string | null;
  pid: string | null;
  number: number | null;
  label: string | null;
  title: string;
  body: string;
  norm: string;
  reading: string | null;
  stage: string | null;
  channel: string | null;
  contact_point_id: string | null;
  region: string | null;
  respondent_type: string | null;
  disposition: string | null;
  published: boolean;
  created_at: Timestamp;
  terms: string;
}

export interface ComparisonTable {
  from_version_id: string;
  to_version_id: string;
  algorithm: string;
  result: Json<Record<string, unknown>>;
  computed_at: Timestamp;
}

export interface ComparisonNoteTable {
  from_version_id: string;
  to_version_id: string;
  row_key: string;
  note: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: number;
  body: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

// 立法项目建议征集 (migration 0023).
export interface ProposalCallTable {
  id: Generated<string>;
  organization_id: string;
  year: number;
  title: string;
  description: Generated<string>;
  opens_at: Date | string;
  closes_at: Date | string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ProposalTable {
  id: Generated<string>;
  call_id: string;
  title: string;
  reasons: string;
  problem: Generated<string>;
  related_rules: Generated<string>;
  author_user_id: string | null;
  /** Private: the drafters read it, the public never. */
  author_name: string | null;
  /** Private: the drafters read it, the public never. */
  author_contact: string | null;
  respondent_type: ColumnType<RespondentType, RespondentType | undefined, RespondentType>;
  contact_point_id: string | null;
  provenance: string | null;
  status: ColumnType<OpinionStatus, OpinionStatus | undefined, OpinionStatus>;
  hidden_reason: string | null;
  held_words: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  receipt: string;
  lookup_code_hash: string;
  created_at: Timestamp;
}

export interface ProposalSupportTable {
  proposal_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface ProposalTriageTable {
  proposal_id: string;
  decision: ProposalDecision;
  reason: string;
  project_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp;
}

export interface LegislativePlanTable {
  id: Generated<string>;
  organization_id: string;
  year: number;
  title: string;
  note: Generated<string>;
  published_at: Date | null;
  published_by: string | null;
  created_at: Timestamp;
}

export interface PlanProjectTable {
  id: Generated<string>;
  plan_id: string;
  title: string;
  category: PlanCategory;
  sponsor: Generated<string>;
  bill_id: string | null;
  created_at: Timestamp;
}

export interface SurveyTable {
  id: Generated<string>;
  organization_id: string;
  bill_id: string | null;
  project_id: string | null;
  /** The text article questions refer to: a reading, or the adopted text for 立法后评估. */
  version_id: string | null;
  purpose: SurveyPurpose;
  title: string;
  description: Generated<string>;
  opens_at: Date | string;
  closes_at: Date | string;
  audience: ColumnType<SurveyAudience, SurveyAudience | undefined, SurveyAudience>;
  one_per_person: Generated<boolean>;
  /** Announced: the public sees the survey from then on. */
  published_at: Date | null;
  /** The drafters published the results page. */
  results_published_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface SurveyQuestionOption {
  id: string;
  label: string;
}

export interface SurveyQuestionTable {
  id: Generated<string>;
  survey_id: string;
  position: number;
  kind: SurveyQuestionKind;
  prompt: string;
  help: Generated<string>;
  required: Generated<boolean>;
  options: ColumnType<
    SurveyQuestionOption[],
    string | SurveyQuestionOption[] | undefined,
    string | SurveyQuestionOption[]
  >;
  scale_min: number | null;
  scale_max: number | null;
  scale_min_label: Generated<string>;
  scale_max_label: Generated<string>;
  /** An article question: the provision (pid) of the survey's version it asks about. */
  provision_pid: string | null;
  /** Shown only when this earlier question was answered with one of `show_if_option_ids`. */
  show_if_question_id: string | null;
  show_if_option_ids: string[] | null;
  created_at: Timestamp;
}

export interface SurveyResponseTable {
  id: Generated<string>;
  survey_id: string;
  user_id: string | null;
  /** The user id when the survey takes one response per person (unique per survey). */
  one_per_person_key: string | null;
  channel: ColumnType<
    SurveyResponseChannel,
    SurveyResponseChannel | undefined,
    SurveyResponseChannel
  >;
  contact_point_id: string | null;
  /** Where a paper response came from (座谈会、走访…), entered by the coordinator. */
  provenance: string | null;
  received_on: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: string | null;
  respondent_type: ColumnType<RespondentType, RespondentType | undefined, RespondentType>;
  region: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  receipt: string;
  status: ColumnType<
    "published" | "hidden",
    "published" | "hidden" | undefined,
    "published" | "hidden"
  >;
  created_at: Timestamp;
}

export interface SurveyAnswerTable {
  response_id: string;
  question_id: string;
  option_ids: string[] | null;
  scale_value: number | null;
  text_value: string | null;
}

/** The drafters' published summary of a free-text survey question (migration 0030). */
export interface SurveyResultNoteTable {
  survey_id: string;
  question_id: string;
  summary: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** An expert of a legislature's registry (0026); e-mail and phone are for its drafters only. */
export interface ExpertTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  field: string;
  affiliation: Generated<string>;
  title: Generated<string>;
  email: string | null;
  phone: string | null;
  /** The interests the expert declared when registered (利益冲突声明). */
  conflicts: Generated<string>;
  active: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
}

/** A 论证会 (meeting) or 书面咨询 (written consultation) on a consultation's reading (0026). */
export interface ExpertReviewTable {
  id: Generated<string>;
  consultation_id: string;
  kind: "meeting" | "written";
  title: string;
  brief: Generated<string>;
  held_at: Date | string | null;
  due_at: Date | string | null;
  place: Generated<string>;
  status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
  created_by: string | null;
  created_at: Timestamp;
}

/** An expert invited to a review, with the hash of their private link's token (0026). */
export interface ExpertInvitationTable {
  id: Generated<string>;
  review_id: string;
  expert_id: string;
  token_hash: string;
  expires_at: Date | string;
  sent_at: Date | string | null;
  opened_at: Date | string | null;
  declined_at: Date | string | null;
  decline_reason: string | null;
  submitted_at: Date | string | null;
  revoked_at: Date | string | null;
  conflicts_declared: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** An expert's answer on an article (or the whole draft, pid null); its opinion once submitted. */
export interface ExpertAnswerTable {
  id: Generated<string>;
  invitation_id: string;
  provision_pid: string | null;
  body: string;
  proposed_text: string | null;
  opinion_id: string | null;
  updated_at: Timestamp;
}

/** 起草说明 of one provision of one reading (migration 0029). */
export interface ExplanatoryNoteTable {
  version_id: string;
  pid: string;
  body: string;
  updated_by: string | null;
  updated_at: Generated<Timestamp>;
}

/** A private address for one opinion's outcome (0028); never read by public pages or the API. */
export interface OutcomeContactTable {
  id: Generated<string>;
  opinion_id: string;
  channel: "email" | "sms";
  address: string;
  locale: Generated<"zh-CN" | "en">;
  origin: Generated<string>;
  consented_at: Date;
  notified_at: Date | null;
  created_at: Timestamp;
}

/** The SHA-256 of an unsubscribe token of an outcome contact (0028). */
export interface OutcomeContactTokenTable {
  token_hash: string;
  contact_id: string;
  created_at: Timestamp;
}

/** A text message waiting for the SMS sender (0028). */
export interface SmsOutboxTable {
  id: Generated<string>;
  recipient: string;
  body: string;
  created_at: Timestamp;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

export interface HearingTable {
  id: Generated<string>;
  /** The consultation (reading) heard; its handling view receives the report's points. */
  consultation_id: string;
  title: string;
  description: Generated<string>;
  /** The questions to be heard, one per line. */
  questions: string;
  held_at: Date | string;
  place: string;
  speaker_seats: number;
  reserve_seats: Generated<number>;
  /** How speakers are chosen, in the drafters' words, beside the published algorithm. */
  selection_method: Generated<string>;
  registration_opens_at: Date | string;
  registration_closes_at: Date | string;
  /** SHA-256 (hex) of `seed`, public from the announcement on (the commitment). */
  seed_hash: string | null;
  /** The draw's seed (64 hex digits): secret until `drawn_at`, then public. */
  seed: string | null;
  announced_at: Date | null;
  drawn_at: Date | null;
  /** The hearing's record (听证记录 summary) in the report. */
  report_record: Generated<string>;
  report_published_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface HearingRegistrationTable {
  id: Generated<string>;
  hearing_id: string;
  /** The public registration number within the hearing (1, 2, 3…). */
  number: number;
  name: string;
  respondent_type: ColumnType<RespondentType, RespondentType | undefined, RespondentType>;
  stance: HearingStance;
  points: string;
  /** PRIVATE: for the drafters only; never in a public page, export, the API, search or logs. */
  contact_phone: string | null;
  /** PRIVATE, as contact_phone. */
  contact_email: string | null;
  /** The language the registrant used, for the e-mail telling them the draw's outcome. */
  locale: ColumnType<"zh-CN" | "en", "zh-CN" | "en" | undefined, "zh-CN" | "en">;
  user_id: string | null;
  /** The user id of a signed-in registrant (one registration per person and hearing). */
  one_per_user_key: string | null;
  outcome: HearingOutcome | null;
  /** Speaking order for the selected, order of call for reserves. */
  draw_position: number | null;
  idempotency_key: string;
  request_hash: string;
  created_at: Timestamp;
}

export interface HearingReportPointTable {
  id: Generated<string>;
  hearing_id: string;
  position: number;
  registration_id: string | null;
  speaker_name: string;
  respondent_type: ColumnType<RespondentType, RespondentType | undefined, RespondentType>;
  /** A provision pid of the consultation's version, or null for the whole draft. */
  provision_pid: string | null;
  point: string;
  /** The committee's response (委员会的回应). */
  response: Generated<string>;
  /** The opinion the point became when the report was published. */
  opinion_id: string | null;
  created_at: Timestamp;
}

/** A photo or scan attached to a contact-point activity; the file lives under the data dir. */
export interface ActivityAttachmentTable {
  id: Generated<string>;
  activity_id: string;
  file_name: string;
  media_type: "image/jpeg" | "image/png" | "image/webp" | "application/pdf";
  byte_size: number;
  sha256: string;
  storage_key: string;
  public: Generated<boolean>;
  created_by: string | null;
  created_at: Generated<Date>;
}

/** The one source of truth for table and column types. */
export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  contact_points: ContactPointTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  app_settings: AppSettingTable;
  rate_limits: RateLimitTable;
  bills: BillTable;
  drafts: DraftTable;
  draft_steps: DraftStepTable;
  versions: VersionTable;
  provisions: ProvisionTable;
  consultations: ConsultationTable;
  consultation_notices: ConsultationNoticeTable;
  contact_point_activities: ContactPointActivityTable;
  opinion_reports: OpinionReportTable;
  notifications: NotificationTable;
  submissions: SubmissionTable;
  opinions: OpinionTable;
  supports: SupportTable;
  dispositions: DispositionTable;
  bill_team: BillTeamTable;
  disposition_work: DispositionWorkTable;
  handling_assignments: HandlingAssignmentTable;
  reason_templates: ReasonTemplateTable;
  audit_log: AuditLogTable;
  search_outbox: SearchOutboxTable;
  mail_outbox: MailOutboxTable;
  worker_jobs: WorkerJobTable;
  search_documents: SearchDocumentTable;
  comparisons: ComparisonTable;
  comparison_notes: ComparisonNoteTable;
  idempotency_keys: IdempotencyKeyTable;
  proposal_calls: ProposalCallTable;
  proposals: ProposalTable;
  proposal_supports: ProposalSupportTable;
  proposal_triages: ProposalTriageTable;
  legislative_plans: LegislativePlanTable;
  plan_projects: PlanProjectTable;
  surveys: SurveyTable;
  survey_questions: SurveyQuestionTable;
  survey_responses: SurveyResponseTable;
  survey_answers: SurveyAnswerTable;
  survey_result_notes: SurveyResultNoteTable;
  experts: ExpertTable;
  expert_reviews: ExpertReviewTable;
  expert_invitations: ExpertInvitationTable;
  expert_answers: ExpertAnswerTable;
  explanatory_notes: ExplanatoryNoteTable;
  outcome_contacts: OutcomeContactTable;
  outcome_contact_tokens: OutcomeContactTokenTable;
  sms_outbox: SmsOutboxTable;
  hearings: HearingTable;
  hearing_registrations: HearingRegistrationTable;
  hearing_report_points: HearingReportPointTable;
  activity_attachments: ActivityAttachmentTable;
}

export type Organization = Selectable<OrganizationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type ContactPoint = Selectable<ContactPointTable>;
export type Membership = Selectable<MembershipTable>;
export type Bill = Selectable<BillTable>;
export type Version = Selectable<VersionTable>;
export type Provision = Selectable<ProvisionTable>;
export type Consultation = Selectable<ConsultationTable>;
export type Opinion = Selectable<OpinionTable>;
export type NewOpinion = Insertable<OpinionTable>;
export type OpinionUpdate = Updateable<OpinionTable>;
