import type { Migration, MigrationProvider } from "kysely";
import * as m0001 from "./0001_core.ts";
import * as m0002 from "./0002_drafting.ts";
import * as m0003 from "./0003_comparisons.ts";
import * as m0004 from "./0004_idempotency.ts";
import * as m0005 from "./0005_participation.ts";
import * as m0006 from "./0006_search.ts";
import * as m0007 from "./0007_contact_point_reports.ts";
import * as m0009 from "./0009_moderation.ts";
import * as m0010 from "./0010_submission_publishes.ts";
import * as m0011 from "./0011_search_visibility.ts";
import * as m0013 from "./0013_handling_paging.ts";
import * as m0014 from "./0014_scale_indexes.ts";
import * as m0015 from "./0015_mail_outbox.ts";
import * as m0017 from "./0017_worker_jobs.ts";
import * as m0018 from "./0018_disposition_workflow.ts";
import * as m0019 from "./0019_audit_log.ts";
import * as m0023 from "./0023_proposals.ts";
import * as m0024 from "./0024_surveys.ts";
import * as m0025 from "./0025_hearings.ts";
import * as m0026 from "./0026_expert_reviews.ts";
import * as m0027 from "./0027_activity_details.ts";
import * as m0028 from "./0028_outcome_contacts.ts";
import * as m0029 from "./0029_explanatory_notes.ts";
import * as m0030 from "./0030_survey_result_notes.ts";

/** Every migration, imported statically so Vite, Vitest and tsx all find them. */
export const migrations: Record<string, Migration> = {
  "0001_core": m0001,
  "0002_drafting": m0002,
  "0003_comparisons": m0003,
  "0004_idempotency": m0004,
  "0005_participation": m0005,
  "0006_search": m0006,
  "0007_contact_point_reports": m0007,
  "0009_moderation": m0009,
  "0010_submission_publishes": m0010,
  "0011_search_visibility": m0011,
  "0013_handling_paging": m0013,
  "0014_scale_indexes": m0014,
  "0015_mail_outbox": m0015,
  "0017_worker_jobs": m0017,
  "0018_disposition_workflow": m0018,
  "0019_audit_log": m0019,
  "0023_proposals": m0023,
  "0024_surveys": m0024,
  "0025_hearings": m0025,
  "0026_expert_reviews": m0026,
  "0027_activity_details": m0027,
  "0028_outcome_contacts": m0028,
  "0029_explanatory_notes": m0029,
  "0030_survey_result_notes": m0030,
};

/** Kysely's provider over the static list above. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
