import { index, layout, route, type RouteConfig } from "@react-router/dev/routes";

// Pages sit in areas (app/routes/layouts/*): a layout without a path, so URLs stay as listed,
// whose ErrorBoundary shows a refusal or failure inside the site's header, navigation and
// search. Files, API endpoints and probes answer without a page and stand outside them.
// Matching ranks every path regardless of its area or its place in this list.
export default [
  layout("routes/layouts/public.tsx", [
    index("routes/home.tsx"),
    route("login", "routes/login.tsx"),
    route("signup", "routes/signup.tsx"),
    route("me", "routes/me.tsx"),
    route("notifications", "routes/notifications.tsx"),
    route("consultations", "routes/consultations.tsx"),
    route("consultations/:id", "routes/consultation.tsx"),
    route("consultations/:id/opinions/new", "routes/opinion-new.tsx"),
    route("consultations/:id/provisions/:pid", "routes/provision-opinions.tsx"),
    route("consultations/:id/opinions", "routes/draft-opinions.tsx"),
    route("consultations/:id/report", "routes/report.tsx"),
    route("opinions/lookup", "routes/opinion-lookup.tsx"),
    route("opinions/:id/report", "routes/opinion-report.tsx"),
    route("bills/:billId/versions/:versionId", "routes/version.tsx"),
    route("bills/:billId/compare", "routes/compare.tsx"),
    route("bills/:billId/provisions/:pid", "routes/lineage.tsx"),
    route("contact-points", "routes/contact-points.tsx"),
    route("activities/:token", "routes/activity-public.tsx"),
    route("search", "routes/search.tsx"),
    route("text-size", "routes/text-size.tsx"),
    route("proposals", "routes/proposals.tsx"),
    route("proposals/new", "routes/proposal-new.tsx"),
    route("proposals/lookup", "routes/proposal-lookup.tsx"),
    route("proposals/:id", "routes/proposal.tsx"),
    route("plans/:year", "routes/plan.tsx"),
    route("*", "routes/not-found.tsx"),
  ]),

  layout("routes/layouts/drafter.tsx", [
    route("workspace", "routes/workspace.tsx"),
    route("workspace/queue", "routes/workspace-queue.tsx"),
    route("bills/new", "routes/bill-new.tsx"),
    route("bills/:billId", "routes/bill.tsx"),
    route("bills/:billId/team", "routes/bill-team.tsx"),
    route("bills/:billId/edit", "routes/bill-edit.tsx"),
    route("bills/:billId/versions/:versionId/decision", "routes/decision.tsx"),
    route("bills/:billId/reason-templates", "routes/reason-templates.tsx"),
    route("bills/:billId/consultations/new", "routes/consultation-new.tsx"),
    route("consultations/:id/manage", "routes/consultation-manage.tsx"),
    route("consultations/:id/handling", "routes/handling.tsx"),
    route("consultations/:id/handling/record", "routes/handling-record.tsx"),
    route("consultations/:id/assignments", "routes/assignments.tsx"),
    route("consultations/:id/review", "routes/review.tsx"),
    route("consultations/:id/review/publish", "routes/review-publish.tsx"),
    route("consultations/:id/statistics", "routes/statistics.tsx"),
    route("consultations/:id/submissions", "routes/consultation-submissions.tsx"),
    route("workspace/proposals", "routes/workspace-proposals.tsx"),
    route("workspace/proposals/:callId", "routes/workspace-proposals-call.tsx"),
  ]),

  layout("routes/layouts/coordinator.tsx", [
    route("coordinator", "routes/coordinator.tsx"),
    route("coordinator/consultations/:id", "routes/coordinator.consultation.tsx"),
    route("coordinator/consultations/:id/import", "routes/coordinator.import.tsx"),
    route("coordinator/activities/:activityId", "routes/coordinator.activity.tsx"),
    route("coordinator/activities/:activityId/print", "routes/coordinator.activity-print.tsx"),
  ]),

  layout("routes/layouts/moderation.tsx", [
    route("moderation", "routes/moderation.tsx"),
    route("moderation/words", "routes/moderation-words.tsx"),
    route("moderation/opinions/:id", "routes/moderation-opinion.tsx"),
    route("moderation/proposals", "routes/moderation-proposals.tsx"),
  ]),

  layout("routes/layouts/admin.tsx", [
    route("admin", "routes/admin.tsx"),
    route("admin/users", "routes/admin.users.tsx"),
    route("admin/contact-points", "routes/admin.contact-points.tsx"),
    route("admin/audit", "routes/admin.audit.tsx"),
  ]),

  // form posts without a page of their own
  route("logout", "routes/logout.tsx"),
  route("lang", "routes/lang.tsx"),
  route("bills/:billId/draft/steps", "routes/draft-steps.ts"),
  route("coordinator/consultations/:id/import/upload", "routes/coordinator.import-upload.ts"),

  // files
  route("bills/:billId/versions/:versionId/export/:format", "routes/version-export.ts"),
  route("bills/:billId/compare/export/:format", "routes/compare-export.ts"),
  route("bills/:billId/versions/:versionId/decision.docx", "routes/decision-docx.ts"),
  route("consultations/:id/export/:file", "routes/report-export.ts"),
  route("coordinator/consultations/:id/template.xlsx", "routes/coordinator.template.ts"),
  route("submissions/:submissionId/report.docx", "routes/submission-report.ts"),
  route("admin/audit/export.csv", "routes/admin.audit-export.ts"),

  // the API (its errors are JSON, CONTRACTS.md)
  route("api/v1/openapi.json", "routes/api.openapi.ts"),
  route("api/v1/consultations", "routes/api.consultations.ts"),
  route("api/v1/consultations/:id", "routes/api.consultation.ts"),
  route("api/v1/consultations/:id/opinions", "routes/api.opinions.ts"),
  route("api/v1/consultations/:id/stats", "routes/api.stats.ts"),
  route("api/v1/opinions/lookup", "routes/api.lookup.ts"),
  route("api/v1/bills/:billId/compare", "routes/api.compare.ts"),
  route("api/v1/contact-points", "routes/api.contact-points.ts"),
  route("api/v1/search", "routes/api.search.ts"),
  route("api/v1/proposals", "routes/api.proposals.ts"),
  route("api/v1/legislative-plans", "routes/api.legislative-plans.ts"),

  // probes (CONTRACTS.md)
  route("healthz", "routes/healthz.ts"),
  route("readyz", "routes/readyz.ts"),
] satisfies RouteConfig;
