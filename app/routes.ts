import { index, route, type RouteConfig } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("signup", "routes/signup.tsx"),
  route("logout", "routes/logout.tsx"),
  route("lang", "routes/lang.tsx"),
  route("consultations/:id", "routes/consultation.tsx"),
  route("consultations/:id/opinions/new", "routes/opinion-new.tsx"),
  route("consultations/:id/handling", "routes/handling.tsx"),
  route("opinions/lookup", "routes/opinion-lookup.tsx"),
  route("bills/new", "routes/bill-new.tsx"),
  route("bills/:billId", "routes/bill.tsx"),
  route("bills/:billId/versions/:versionId", "routes/version.tsx"),
  route("bills/:billId/versions/:versionId/export/:format", "routes/version-export.ts"),
  route("bills/:billId/compare", "routes/compare.tsx"),
  route("bills/:billId/compare/export/:format", "routes/compare-export.ts"),
  route("bills/:billId/provisions/:pid", "routes/lineage.tsx"),
  route("bills/:billId/edit", "routes/bill-edit.tsx"),
  route("bills/:billId/draft/steps", "routes/draft-steps.ts"),
  route("me", "routes/me.tsx"),
  route("workspace", "routes/workspace.tsx"),
  route("coordinator", "routes/coordinator.tsx"),
  route("moderation", "routes/moderation.tsx"),
  route("admin", "routes/admin.tsx"),
  route("admin/users", "routes/admin.users.tsx"),
  route("api/v1/bills/:billId/compare", "routes/api.compare.ts"),
  route("api/v1/consultations", "routes/api.consultations.ts"),
  route("api/v1/consultations/:id", "routes/api.consultation.ts"),
  route("api/v1/consultations/:id/opinions", "routes/api.opinions.ts"),
  route("api/v1/opinions/lookup", "routes/api.lookup.ts"),
  // consultations (drafters' management, the public list, OpenAPI)
  route("consultations", "routes/consultations.tsx"),
  route("consultations/:id/manage", "routes/consultation-manage.tsx"),
  route("bills/:billId/consultations/new", "routes/consultation-new.tsx"),
  route("api/v1/openapi.json", "routes/api.openapi.ts"),

  // participation (quotes, supports, earlier readings)
  route("consultations/:id/provisions/:pid", "routes/provision-opinions.tsx"),
  route("consultations/:id/opinions", "routes/draft-opinions.tsx"),

  // moderation
  route("moderation/words", "routes/moderation-words.tsx"),
  route("moderation/opinions/:id", "routes/moderation-opinion.tsx"),
  route("opinions/:id/report", "routes/opinion-report.tsx"),

  // handling (other channels, clusters, notifications)
  route("consultations/:id/handling/record", "routes/handling-record.tsx"),
  route("notifications", "routes/notifications.tsx"),

  // report (adoption report, statistics, exports)
  route("api/v1/consultations/:id/stats", "routes/api.stats.ts"),
  route("consultations/:id/report", "routes/report.tsx"),
  route("consultations/:id/statistics", "routes/statistics.tsx"),
  route("consultations/:id/export/:file", "routes/report-export.ts"),

  // contact points
  route("contact-points", "routes/contact-points.tsx"),
  route("api/v1/contact-points", "routes/api.contact-points.ts"),
  route("admin/contact-points", "routes/admin.contact-points.tsx"),
  route("coordinator/consultations/:id", "routes/coordinator.consultation.tsx"),
  route("coordinator/consultations/:id/import", "routes/coordinator.import.tsx"),
  route("coordinator/consultations/:id/import/upload", "routes/coordinator.import-upload.ts"),
  route("coordinator/consultations/:id/template.xlsx", "routes/coordinator.template.ts"),
  route("coordinator/activities/:activityId", "routes/coordinator.activity.tsx"),
  route("coordinator/activities/:activityId/print", "routes/coordinator.activity-print.tsx"),
  route("consultations/:id/submissions", "routes/consultation-submissions.tsx"),
  route("submissions/:submissionId/report.docx", "routes/submission-report.ts"),
  route("activities/:token", "routes/activity-public.tsx"),

  // search
  route("search", "routes/search.tsx"),
  route("api/v1/search", "routes/api.search.ts"),

  route("healthz", "routes/healthz.ts"),
  route("readyz", "routes/readyz.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
