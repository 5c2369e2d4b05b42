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

  // participation (quotes, supports, earlier readings)

  // moderation

  // handling (other channels, clusters, notifications)

  // report (adoption report, statistics, exports)

  // contact points

  // search
  route("search", "routes/search.tsx"),
  route("api/v1/search", "routes/api.search.ts"),

  route("healthz", "routes/healthz.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
